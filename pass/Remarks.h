//===- Remarks.h - Errors the AME pass reports ------------------*- C++ -*-===//
//
// Compile-time errors for constructs AME cannot run inside a transaction
// (setjmp, longjmp, exceptions, jumps into a block). Reported through
// LLVMContext::diagnose, so clang prints them with the source location and
// fails the compile; the IR is left valid. Remarks themselves are emitted
// where the decision is taken, through OptimizationRemarkEmitter.
//
//   ame::reportError(*Call, "setjmp cannot be used in an atomic region",
//   Where);
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

} // namespace ame

#endif
