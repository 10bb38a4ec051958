//===- CallRewriter.h - Calls inside transactional functions ----*- C++ -*-===//
//
// Decides, for every call in a transactional function, how it runs inside a
// transaction: clones and runtime calls stay; malloc & co. become the
// __ame_* allocators; indirect calls find the target's clone through the
// clone map, calls to functions of other modules their public clone (if that
// module was compiled with the pass); calls the pass cannot instrument
// (library functions, targets without a clone, inline asm, unknown memory
// intrinsics) get
// __ame_irrevocable_v2(tx, @site) right before them; setjmp/longjmp stay plain
// calls; exceptions and other returns_twice calls are compile-time errors.
//
//   ame::CallRewriter(F, Abi, Sites, ORE).run();
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_CALLREWRITER_H
#define AME_PASS_CALLREWRITER_H

#include "AbiDecls.h"
#include "KnownCallees.h"
#include "SafeCallees.h"
#include "Sites.h"

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstrTypes.h"

namespace ame {

/// A printf-family call that formats into memory: the indices of its
/// buffer, size (-1: none, the sprintf forms), object size (-1: none, all
/// but the _chk forms) and format; a va_list or the variadic arguments
/// follow the format.
struct FormatCall {
  int Buf, Size, ObjSize, Fmt;
  bool VaList;
};

/// A C library function that reads NUL-terminated strings (the arguments in
/// Strings) and nothing else of the program; ReturnsIntoFirst: its result
/// points into the first of them.
struct StringReader {
  llvm::SmallVector<unsigned, 2> Strings;
  bool ReturnsIntoFirst;
  /// The argument bounding the bytes read of each string, or -1.
  int MaxArg = -1;
  /// Not strings but byte ranges (memmem): the argument after each pointer
  /// is its length, and the copy takes exactly that many bytes.
  bool Ranges = false;
};

class CallRewriter {
public:
  /// Strict: F is reached from a region by direct calls, so unsupported
  /// constructs are errors (otherwise they make the transaction inevitable).
  CallRewriter(llvm::Function &F, AbiDecls &Abi, SiteBuilder &Sites,
               llvm::OptimizationRemarkEmitter &ORE,
               const llvm::TargetLibraryInfo &TLI, const SafeCallees &Safe,
               bool Strict)
      : F(F), Abi(Abi), Sites(Sites), ORE(ORE), TLI(TLI), Safe(Safe),
        Strict(Strict) {}

  /// Returns true if F changed.
  bool run();

private:
  bool rewrite(llvm::CallBase &CB);
  bool rewriteAllocation(llvm::CallBase &CB, AbiFn Fn);
  /// Remarks: only where the call surely runs as the remark says (not for
  /// the fallback of a clone lookup) and in code a region of this module
  /// reaches (not in clones that only serve other modules or the clone map).
  void makeIrrevocable(llvm::CallBase &CB, llvm::StringRef Detail,
                       const KnownCall &Known = KnownCall(),
                       bool IsFallback = false);
  void callCloneOrInevitably(llvm::CallBase &CB, bool Indirect);
  bool rewriteSortOrSearch(llvm::CallBase &CB, AbiFn Fn);
  bool rewriteNumberConversion(llvm::CallBase &CB, int EndArg);
  bool rewriteMathOutputs(llvm::CallBase &CB);
  llvm::CallBase *lgammaAsReentrant(llvm::CallBase &CB);
  bool formatIntoPrivateBuffer(llvm::CallBase &CB, const KnownCall &K);
  llvm::Value *privateString(llvm::CallBase &CB, llvm::Value *S, unsigned Slot);
  bool rewriteStringReader(llvm::CallBase &CB, const StringReader &R);
  bool rewriteFormat(llvm::CallBase &CB, const FormatCall &FC);
  bool rewriteWithSite(llvm::CallBase &CB, AbiFn Fn, unsigned Named,
                       int Dropped, llvm::StringRef RemarkName,
                       llvm::StringRef What);
  void unsupported(llvm::CallBase &CB, const llvm::Twine &Msg);

  llvm::Function &F;
  AbiDecls &Abi;
  SiteBuilder &Sites;
  llvm::OptimizationRemarkEmitter &ORE;
  const llvm::TargetLibraryInfo &TLI;
  const SafeCallees &Safe;
  bool Strict;
};

/// Intrinsics that touch no memory the transaction must track (debug info,
/// lifetime markers, assumptions, annotations, varargs bookkeeping...).
bool isHarmlessIntrinsic(const llvm::CallBase &CB);

} // namespace ame

#endif
