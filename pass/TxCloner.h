//===- TxCloner.h - Transactional clones of reachable functions -*- C++ -*-===//
//
// For every function with a body reachable (by direct calls) from a region
// thunk, and every function whose address is taken (listed in the clone map
// for indirect calls), a clone "<name>.ame.tx" with a leading `ptr tx`
// parameter and the attribute "ame-tx-clone"; calls inside transactional
// functions go to the clones. The originals stay unchanged for their other
// callers. A clone has its own label addresses (computed goto) and its own
// copies of the label tables only its original reads; a function whose label
// addresses may leave it gets no clone (an error where a region calls it).
//
//   std::vector<Function *> TxFns = ame::TxCloner(M).run();
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_TXCLONER_H
#define AME_PASS_TXCLONER_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

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

  /// The function CB passes to ame_parallel_for or ame_queue_add as a body,
  /// which runs as a block of its own; null for any other call.
  static llvm::Function *blockBodyPassedTo(const llvm::CallBase &CB);

  /// (function, clone) pairs for the clone map: every address-taken and
  /// every external function cloned by run().
  llvm::ArrayRef<std::pair<llvm::Function *, llvm::Function *>>
  clonePairs() const {
    return MapPairs;
  }

  /// Removes the attributes instrumentation makes false (memory effects,
  /// nosync, nofree, willreturn, readonly/readnone/writeonly/nocapture
  /// parameters) from a transactional function or a call to one.
  static void stripTxFalseAttributes(llvm::Function &F);
  static void stripTxFalseAttributes(llvm::CallBase &CB);

private:
  /// The clone of F, or null when F's label addresses may leave it.
  llvm::Function *cloneOf(llvm::Function &F, bool &Created);
  void copyLabelTables(llvm::Function &F, llvm::Function &Clone,
                       llvm::ArrayRef<llvm::GlobalVariable *> Tables,
                       llvm::ValueToValueMapTy &VMap);
  void redirect(llvm::CallBase &CB, llvm::Function &Clone, llvm::Value *Tx);
  void reportUnclonable();

  llvm::Module &M;
  llvm::DenseMap<llvm::Function *, llvm::Function *> Clones;
  llvm::SmallVector<std::pair<llvm::Function *, llvm::Function *>, 16>
      MapPairs;
  llvm::DenseSet<llvm::Function *> Reachable;
  /// Functions without a clone, with the instruction a label address of
  /// theirs leaves through (null: a use outside any function).
  llvm::DenseMap<llvm::Function *, const llvm::Instruction *> Unclonable;
  /// Calls from transactional functions to them, left as they are.
  llvm::SmallVector<llvm::CallInst *, 4> CallsToUnclonable;
};

/// True for runtime functions the pass never clones or rewrites: __ame_*,
/// and declarations of the public API's ame_* functions.
bool isRuntimeFunction(const llvm::Function &F);

} // namespace ame

#endif
