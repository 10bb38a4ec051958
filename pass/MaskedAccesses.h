//===- MaskedAccesses.h - Masked vector accesses, one lane at a time -*- C++
//-*-===//
//
// The vectorizer, built for AVX2 or AVX-512 (-mavx2, -march=native), turns
// a loop's conditional loads and stores into masked vector loads and stores
// (llvm.masked.load, .store, .gather, .scatter, .expandload, .compressstore),
// and AVX intrinsics (_mm256_maskload_ps, ...) give x86's own. In a
// transactional function each becomes one load or store per lane, each under
// its lane's bit of the mask, which the instrumenter then treats like any
// other access: a barrier where the lane may touch shared memory.
//
//   ame::expandMaskedAccesses(F, ORE);   // before CallRewriter and
//   Instrumenter
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_MASKEDACCESSES_H
#define AME_PASS_MASKEDACCESSES_H

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Function.h"

namespace ame {

/// Replaces every masked vector load and store of F by its lanes (see the
/// file comment). Returns whether it changed F.
bool expandMaskedAccesses(llvm::Function &F,
                          llvm::OptimizationRemarkEmitter &ORE);

} // namespace ame

#endif
