//===- LoopWalks.h - Accesses that walk memory a few bytes a time -*- C++
//-*-===//
//
// What line reads and line writes (LineReads.cpp, LineWrites.cpp) both ask
// of an access in an innermost loop: does its address move by a constant
// stride below a line each iteration, may another access of the loop touch
// its object at any iteration, and does it belong with the accesses before
// it in its block (the pieces of one vector iteration, an unrolled body).
//
//   if (auto W = ame::walkOf(SE, *L, Ptr)) ... W->Start, W->Step ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_LOOPWALKS_H
#define AME_PASS_LOOPWALKS_H

#include "FunctionAliases.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/Instruction.h"

#include <optional>

namespace ame {

/// The analyses line reads and line writes ask about one function,
/// outside the pass manager's: alias analysis (with its dominator tree),
/// loops and scalar evolution.
struct LoopAnalyses {
  explicit LoopAnalyses(llvm::Function &F);
  /// L's preheader, inserted if it has none; null if it cannot be.
  llvm::BasicBlock *preheader(llvm::Loop *L);

  const llvm::DataLayout &DL;
  FunctionAliases Aliases;
  llvm::DominatorTree &DT;
  llvm::LoopInfo LI;
  llvm::ScalarEvolution SE;
};

/// An address that starts at Start and moves by Step bytes (nonzero, less
/// than a line either way) an iteration of its loop.
struct Walk {
  const llvm::SCEV *Start;
  int64_t Step;
};

/// Ptr's walk in loop L (scalar evolution: an affine recurrence of L with a
/// constant step), if it moves by less than a line an iteration.
std::optional<Walk> walkOf(llvm::ScalarEvolution &SE, const llvm::Loop &L,
                           const llvm::Value *Ptr);

/// Whether alias analysis, asked about whole objects (so the answer holds
/// across iterations), finds that no access of Others may touch the object
/// Access touches. Others are loads and stores.
bool apartFromAll(llvm::AAResults &AA, const llvm::Instruction &Access,
                  llvm::ArrayRef<const llvm::Instruction *> Others);

/// Groups accesses of one block that walk together: each joins the group
/// of the accesses before it when it lies a constant distance after the
/// previous one, at the same positive step, and the group stays within one
/// stride, so the addresses in program order never go back.
class WalkGroups {
public:
  explicit WalkGroups(llvm::ScalarEvolution &SE) : SE(SE) {}
  /// The distance of an access (block BB, walk W, Size bytes) from the
  /// first of the group it joins, or nothing: it starts a group.
  std::optional<int64_t> join(const llvm::BasicBlock *BB, const Walk &W,
                              uint64_t Size);

private:
  llvm::ScalarEvolution &SE;
  const llvm::BasicBlock *FirstBlock = nullptr;
  std::optional<Walk> First;
  int64_t Last = 0;
};

} // namespace ame

#endif
