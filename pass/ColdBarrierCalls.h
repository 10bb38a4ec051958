//===- ColdBarrierCalls.h - Rare barrier paths keep registers --*- C++ -*-===//
//
// Calls of barrier slow paths (and of out-of-line barriers behind a failed
// range check) go through preserve_most wrappers, so the caller's hot path
// keeps its values in registers across them.
//
//   ame::wrapColdBarrierCalls(M, ChangedFunctions);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_COLDBARRIERCALLS_H
#define AME_PASS_COLDBARRIERCALLS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Module.h"

namespace ame {

/// Rewrites those calls in Fns; true if any changed.
bool wrapColdBarrierCalls(llvm::Module &M,
                          llvm::ArrayRef<llvm::Function *> Fns);

} // namespace ame

#endif
