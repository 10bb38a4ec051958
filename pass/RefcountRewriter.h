//===- RefcountRewriter.h - AME_REFCOUNT increments as deltas ---*- C++ -*-===//
//
// Inside a transactional function: `o->refcnt += k`, ++ and -- on an
// AME_REFCOUNT field (load, add/sub of a constant, store back; or an
// atomicrmw add/sub) become __ame_refcount_add, a delta applied at commit;
// each comparison of the old or new value with a constant becomes
// __ame_refcount_test, checked again at commit. Any other access of the field
// becomes __ame_refcount_load/__ame_refcount_store, a tracked access that
// sees the transaction's pending delta. Outside transactions, with
// -ame-refcount-atomic-outside, the same increments become atomicrmw.
// docs/pass.md, "Reference counts", has the rules and the proof sketch.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so -Rpass=ame -Rpass-missed=ame ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_REFCOUNTREWRITER_H
#define AME_PASS_REFCOUNTREWRITER_H

#include "AbiDecls.h"
#include "Sites.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Instructions.h"

namespace llvm {
class DominatorTree;
}

namespace ame {

class RefcountRewriter {
public:
  /// IsPrivate: the pointer needs no barrier at all (a non-escaping local):
  /// its tagged accesses stay plain.
  RefcountRewriter(llvm::Function &F, AbiDecls &Abi, SiteBuilder &Sites,
                   llvm::OptimizationRemarkEmitter &ORE,
                   llvm::function_ref<bool(const llvm::Value *)> IsPrivate)
      : F(F), DL(F.getParent()->getDataLayout()), Abi(Abi), Sites(Sites),
        ORE(ORE), IsPrivate(IsPrivate) {}

  /// Rewrites every tagged access of the transactional function F and drops
  /// the tag of those it leaves to the ordinary barriers. True if F changed.
  bool run();

  /// Outside transactions: every tagged increment/decrement of F becomes an
  /// atomicrmw. True if F changed.
  static bool makeAtomicOutside(llvm::Function &F,
                                llvm::OptimizationRemarkEmitter &ORE);

private:
  void rewriteIncrement(llvm::LoadInst &LI,
                        llvm::SmallPtrSetImpl<llvm::StoreInst *> &Done,
                        const llvm::DominatorTree &DT);
  bool rewriteAtomicRMW(llvm::AtomicRMWInst &RMW);
  void rewriteTests(llvm::Value *Old, llvm::Value *New, llvm::Value *Ptr,
                    llvm::CallInst *Add, llvm::Value *Delta,
                    unsigned Bytes);
  void trackedLoad(llvm::LoadInst &LI, llvm::StringRef Why);
  void trackedStore(llvm::StoreInst &SI, llvm::StringRef Why);

  llvm::Function &F;
  const llvm::DataLayout &DL;
  AbiDecls &Abi;
  SiteBuilder &Sites;
  llvm::OptimizationRemarkEmitter &ORE;
  llvm::function_ref<bool(const llvm::Value *)> IsPrivate;
};

} // namespace ame

#endif
