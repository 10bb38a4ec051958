//===- PointeePrefetch.h - Lock words of objects read plainly ---*- C++ -*-===//
//
// Where a transactional function reads a pointer from memory and then reads
// or writes the object it points to without a barrier (an AME_IMMUTABLE
// field), prefetches the object's lock word when the pointer is read, so
// that a later barrier on the object's other fields does not miss on it
// alone.
//
//   ame::prefetchPointeeLockWords(F, ORE);   // after F has its barriers
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_POINTEEPREFETCH_H
#define AME_PASS_POINTEEPREFETCH_H

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Function.h"

namespace ame {

/// Adds the prefetches to F (instrumented already); true if any was added.
bool prefetchPointeeLockWords(llvm::Function &F,
                              llvm::OptimizationRemarkEmitter &ORE);

} // namespace ame

#endif
