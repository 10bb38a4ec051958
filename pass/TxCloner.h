//===- TxCloner.h - Transactional clones of reachable functions -*- C++ -*-===//
//
// For every function with a body reachable (by direct calls) from a region
// thunk, and every function whose address is taken (listed in the clone map
// for indirect calls), a clone "<name>.ame.tx" with a leading `ptr tx`
// parameter and the attribute "ame-tx-clone"; calls inside transactional
// functions go to the clones. The originals stay unchanged for their other
// callers.
//
//   std::vector<Function *> TxFns = ame::TxCloner(M).run();
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_TXCLONER_H
#define AME_PASS_TXCLONER_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

#include <vector>

namespace ame {

class TxCloner {
public:
  explicit TxCloner(llvm::Module &M) : M(M) {}

  /// Clones and redirects; returns every transactional function (region
  /// thunks and clones) with a body.
  std::vector<llvm::Function *> run();

  /// True for region thunks and the clones they reach by direct calls (not
  /// for clones that only serve the clone map).
  bool reachableFromRegion(llvm::Function *F) const {
    return Reachable.count(F);
  }

  /// Removes the attributes instrumentation makes false (memory effects,
  /// nosync, nofree, willreturn, readonly/readnone/writeonly/nocapture
  /// parameters) from a transactional function or a call to one.
  static void stripTxFalseAttributes(llvm::Function &F);
  static void stripTxFalseAttributes(llvm::CallBase &CB);

private:
  llvm::Function *cloneOf(llvm::Function &F, bool &Created);
  void redirect(llvm::CallBase &CB, llvm::Function &Clone, llvm::Value *Tx);

  llvm::Module &M;
  llvm::DenseMap<llvm::Function *, llvm::Function *> Clones;
  llvm::DenseSet<llvm::Function *> Reachable;
};

/// True for runtime functions the pass never clones or rewrites (ame_* and
/// __ame_*).
bool isRuntimeFunction(const llvm::Function &F);

} // namespace ame

#endif
