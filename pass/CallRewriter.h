//===- CallRewriter.h - Calls inside transactional functions ----*- C++ -*-===//
//
// Decides, for every call in a transactional function, how it runs inside a
// transaction: clones and runtime calls stay; malloc & co. become the
// __ame_* allocators; indirect calls find the target's clone through the
// clone map; calls the pass cannot instrument (external, indirect without a
// clone, inline asm, unknown memory intrinsics) get
// __ame_irrevocable(tx, @site) right before them; setjmp/longjmp/exceptions
// are compile-time errors.
//
//   ame::CallRewriter(F, Abi, Sites, ORE).run();
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_CALLREWRITER_H
#define AME_PASS_CALLREWRITER_H

#include "AbiDecls.h"
#include "Sites.h"

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/InstrTypes.h"

namespace ame {

class CallRewriter {
public:
  /// Strict: F is reached from a region by direct calls, so unsupported
  /// constructs are errors (otherwise they make the transaction inevitable).
  CallRewriter(llvm::Function &F, AbiDecls &Abi, SiteBuilder &Sites,
               llvm::OptimizationRemarkEmitter &ORE, bool Strict)
      : F(F), Abi(Abi), Sites(Sites), ORE(ORE), Strict(Strict) {}

  /// Returns true if F changed.
  bool run();

private:
  bool rewrite(llvm::CallBase &CB);
  bool rewriteAllocation(llvm::CallBase &CB, AbiFn Fn);
  void makeIrrevocable(llvm::CallBase &CB, llvm::StringRef Detail);
  void callThroughCloneMap(llvm::CallBase &CB);
  void unsupported(llvm::CallBase &CB, const llvm::Twine &Msg);

  llvm::Function &F;
  AbiDecls &Abi;
  SiteBuilder &Sites;
  llvm::OptimizationRemarkEmitter &ORE;
  bool Strict;
};

/// Intrinsics that touch no memory the transaction must track (debug info,
/// lifetime markers, assumptions, annotations, varargs bookkeeping...).
bool isHarmlessIntrinsic(const llvm::CallBase &CB);

} // namespace ame

#endif
