//===- Remarks.h - Errors and warnings the AME pass reports -----*- C++ -*-===//
//
// Compile-time errors for constructs AME cannot run inside a transaction
// (exceptions, jumps into a block, labels leaving a called function), and
// warnings for those that end a block early (pthread_exit commits it first).
// Reported through LLVMContext::diagnose, so clang prints them with the
// source location (an error fails the compile); the IR is left valid.
// Remarks themselves are emitted where the decision is taken, through
// OptimizationRemarkEmitter.
//
//   ame::reportError(*Invoke, "exception handling is not supported inside "
//                    "an atomic region", Where);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_REMARKS_H
#define AME_PASS_REMARKS_H

#include "llvm/ADT/Twine.h"
#include "llvm/IR/Instruction.h"

namespace ame {

/// An error at I. Where ("file:line" of the enclosing region, may be empty)
/// is added to the message when I has no debug location.
void reportError(const llvm::Instruction &I, const llvm::Twine &Msg,
                 llvm::StringRef Where = "");
/// An error about F as a whole (e.g. a variadic AME_ATOMIC function).
void reportError(const llvm::Function &F, const llvm::Twine &Msg,
                 llvm::StringRef Where = "");
/// A warning at I; without a debug location the message names I's function
/// (clang finds no source location for a clone or a region thunk).
void reportWarning(const llvm::Instruction &I, const llvm::Twine &Msg);

} // namespace ame

#endif
