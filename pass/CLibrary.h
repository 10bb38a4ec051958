//===- CLibrary.h - Whether a name is the C library's -----------*- C++ -*-===//
//
// LLVM's table of library functions (TargetLibraryInfo) knows a few hundred
// of the C library's functions; gmtime, memmem and wcslen are not among
// them. The C library this compiler runs on knows them all.
//
//   if (ame::isCLibraryFunction(Callee->getName())) ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_CLIBRARY_H
#define AME_PASS_CLIBRARY_H

#include "llvm/ADT/StringRef.h"

namespace ame {

/// Whether Name is a function of the libc or libm this compiler runs on
/// (found with dlsym and dladdr in the compiler's own process).
bool isCLibraryFunction(llvm::StringRef Name);

} // namespace ame

#endif
