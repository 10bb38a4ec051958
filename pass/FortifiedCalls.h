//===- FortifiedCalls.h - glibc's checked string calls in transactions -*- C++
//-*-===//
//
// With _FORTIFY_SOURCE (Debian's and Fedora's default build flags), a copy
// into an object of known size whose length is not a constant calls
// glibc's checking version (__memcpy_chk, __strcpy_chk, __strcat_chk, ...),
// which the pass cannot instrument. In a transactional function each
// becomes its own check, then the unchecked function, which the pass does
// instrument; only a failing check calls the checking version, which stops
// the program as glibc does.
//
//   ame::unfortifyCalls(F, ORE);   // before CallRewriter
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_FORTIFIEDCALLS_H
#define AME_PASS_FORTIFIEDCALLS_H

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Function.h"

namespace ame {

/// Marks the checking call left on the path of a failing check: CallRewriter
/// makes it inevitable as any call it cannot instrument, without its remark
/// (the check's own remark says when it runs).
constexpr const char *FailedCheckMD = "ame.check.failed";

/// Rewrites F's calls of glibc's checking string and memory functions (see
/// the file comment). Returns whether it changed F.
bool unfortifyCalls(llvm::Function &F, llvm::OptimizationRemarkEmitter &ORE);

} // namespace ame

#endif
