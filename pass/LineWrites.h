//===- LineWrites.h - Loop stores write their line's buffer ----*- C++ -*-===//
//
// Stores of an innermost loop that walk shared memory a few bytes at a time
// (a constant stride below a line), in a loop where nothing else reads what
// they write: each asks the runtime for its line's buffer in the write log
// once, when it enters a line, and writes the buffer otherwise
// (docs/pass.md, "Lines a loop writes").
//
//   ame::LineWrites W(F);
//   for (ame::LineWriteGroup &G : W.find(NeedsBarrier, IsLineBuffer))
//     ... G.Stores, G.Preheader, G.Exits ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_LINEWRITES_H
#define AME_PASS_LINEWRITES_H

#include "LoopWalks.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/Instructions.h"

namespace ame {

/// Stores of one loop that share one held line: the stores of one block a
/// constant distance apart within one stride (the pieces of a vector
/// iteration, an unrolled body), whose addresses only ever move forward,
/// or a single store.
struct LineWriteGroup {
  llvm::SmallVector<llvm::StoreInst *, 2> Stores;
  /// Where the held line starts out as none.
  llvm::BasicBlock *Preheader;
  /// The loop's exit blocks, each entered from the loop only: where the
  /// bits of the bytes written are handed over.
  llvm::SmallVector<llvm::BasicBlock *, 2> Exits;
};

class LineWrites : LoopAnalyses {
public:
  explicit LineWrites(llvm::Function &F) : LoopAnalyses(F) {}

  /// The stores, among those NeedsBarrier accepts, of 1 to 64 bytes (a
  /// power of two), in innermost loops where every other instruction that
  /// writes memory is a store and no instruction other than a load reads
  /// memory (IsLineBuffer names the accesses and calls of line reads, which
  /// are allowed: they touch only their own objects and the frame), and no
  /// load may read the store's object. Gives their loop a preheader and
  /// dedicated exits if it had none. Decided on the IR as it is.
  llvm::SmallVector<LineWriteGroup, 4>
  find(llvm::function_ref<bool(llvm::StoreInst &)> NeedsBarrier,
       llvm::function_ref<bool(const llvm::Instruction &)> IsLineBuffer);
};

} // namespace ame

#endif
