//===- PureCallees.h - C library functions that run as they are -*- C++ -*-===//
//
// C library functions that touch no memory of the program: math.h, the
// ctype tables, abs/div. Inside a transaction a call to one runs as it is,
// with no inevitability: it can run again after an abort like arithmetic.
// What they write is the C library's per-thread state (errno, the floating
// point environment), never the program's objects.
//
//   if (ame::isPureLibraryCall(CB)) return; // keep the call
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_PURECALLEES_H
#define AME_PASS_PURECALLEES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/InstrTypes.h"

namespace ame {

/// CB calls one of those functions, with a prototype that passes and
/// returns no pointer (except the ctype/errno getters, which return the
/// address of the C library's own per-thread data).
bool isPureLibraryCall(const llvm::CallBase &CB);

/// One result a math function writes through a pointer argument.
struct MathOutput {
  unsigned Arg;
  llvm::Type *Type;
};

/// CB calls a math.h function that writes results only through pointer
/// arguments besides returning one (frexp, modf, sincos, remquo, lgamma_r,
/// each with its f and l variants), with the prototype the C library gives
/// it: those arguments and the types stored there. Empty for any other
/// call. With each output given a private slot, the call runs as it is.
llvm::SmallVector<MathOutput, 2> mathOutputs(const llvm::CallBase &CB);

/// Ptr is errno itself: the result of __errno_location(). It belongs to the
/// running thread, and the C library writes it directly.
bool isErrnoLocation(const llvm::Value *Ptr);

} // namespace ame

#endif
