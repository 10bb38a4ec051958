//===- LocalPromotion.h - Promote the locals atomic blocks use --*- C++ -*-===//
//
// Before outlining, the locals of a function that its atomic blocks use and
// that only loads and stores touch become SSA values (at every -O level).
//
//   ame::promoteLocals(F, Regions, Tokens);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_LOCALPROMOTION_H
#define AME_PASS_LOCALPROMOTION_H

#include "RegionFinder.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/Instructions.h"

#include <string>
#include <utility>
#include <vector>

namespace ame {

/// Promotes F's promotable locals used inside Regions; values a region
/// defines and the rest of F uses then leave through slots of F's frame.
/// Tokens (the regions' marker locals) are promoted without a remark.
void promoteLocals(llvm::Function &F, const std::vector<BlockRegion> &Regions,
                   const llvm::SmallPtrSetImpl<llvm::AllocaInst *> &Tokens);

/// The source name and declaration of a local, from its debug variable if
/// any (else its IR name and no location).
std::pair<std::string, llvm::DebugLoc> localName(llvm::AllocaInst *AI);

} // namespace ame

#endif
