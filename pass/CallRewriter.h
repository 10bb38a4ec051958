//===- CallRewriter.h - Calls inside transactional functions -----*- C++ -*-===//
//
// Decides, for every call in a transactional function, how it runs inside a
// transaction: clones and runtime calls stay; malloc & co. become the
// __ame_* allocators; calls the pass cannot instrument (external, indirect,
// inline asm, unknown memory intrinsics) get __ame_irrevocable(tx, @site)
// right before them; setjmp/longjmp/exceptions are compile-time errors.
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
  CallRewriter(llvm::Function &F, AbiDecls &Abi, SiteBuilder &Sites,
               llvm::OptimizationRemarkEmitter &ORE)
      : F(F), Abi(Abi), Sites(Sites), ORE(ORE) {}

  /// Returns true if F changed.
  bool run();

private:
  bool rewrite(llvm::CallBase &CB);
  bool rewriteAllocation(llvm::CallBase &CB, AbiFn Fn);
  void makeIrrevocable(llvm::CallBase &CB, llvm::StringRef Detail);

  llvm::Function &F;
  AbiDecls &Abi;
  SiteBuilder &Sites;
  llvm::OptimizationRemarkEmitter &ORE;
};

/// Intrinsics that touch no memory the transaction must track (debug info,
/// lifetime markers, assumptions, annotations, varargs bookkeeping...).
bool isHarmlessIntrinsic(const llvm::CallBase &CB);

} // namespace ame

#endif
