//===- RegionOutliner.h - Outline atomic regions into thunks ----*- C++ -*-===//
//
// Each outermost atomic block becomes a function
//   i32 @<fn>.ame.region(ptr %tx, ptr %ctx)   ; attribute "ame-tx-clone"
// called through __ame_run; an AME_ATOMIC function's body moves into such a
// thunk and the function becomes a wrapper calling __ame_run.
//
//   ame::RegionOutliner O(M); if (ame::checkRegion(R)) O.outline(R);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_REGIONOUTLINER_H
#define AME_PASS_REGIONOUTLINER_H

#include "AbiDecls.h"
#include "RegionFinder.h"
#include "Sites.h"

#include "llvm/IR/Module.h"

namespace ame {

class RegionOutliner {
public:
  explicit RegionOutliner(llvm::Module &M) : M(M), Abi(M), Sites(M, Abi) {}

  /// Replaces R's blocks by a call to __ame_run with a new thunk; false
  /// (after an error) if CodeExtractor cannot outline them.
  bool outline(BlockRegion &R);
  /// Moves R.F's body into a thunk; R.F becomes a wrapper calling __ame_run.
  bool wrapFunction(const FunctionRegion &R);

private:
  llvm::Module &M;
  AbiDecls Abi;
  SiteBuilder Sites;

  llvm::Function *makeThunk(llvm::Function &Body, llvm::StringRef Name);
};

} // namespace ame

#endif
