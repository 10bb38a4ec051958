//===- LineReads.h - Loop loads read a copy of their line ------*- C++ -*-===//
//
// Loads of an innermost loop that walk shared memory a few bytes at a time
// (a constant stride below a line), in a loop where nothing may write what
// they read: each reads, through one barrier, the whole 64-byte line it
// falls in into a buffer of the frame when it enters a new line, and the
// buffer otherwise (docs/pass.md, "Lines a loop walks").
//
//   ame::LineReads R(F);
//   for (ame::LineRead &G : R.find(NeedsBarrier, true, true))
//     ... G.Load, G.Buffer, G.Resets ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_LINEREADS_H
#define AME_PASS_LINEREADS_H

#include "LoopWalks.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/Instructions.h"

namespace ame {

/// A load of a loop that walks its shared data at a stride below a line.
struct LineRead {
  llvm::LoadInst *Load;
  /// Where the buffer's line is forgotten (at the end of each block): each
  /// entry of the loop, except, for a vectorized loop's scalar remainder,
  /// the entry straight from its vector loop.
  llvm::SmallVector<llvm::BasicBlock *, 2> Resets;
  /// Loads with the same number share one buffer: their addresses, in
  /// program order, only ever move forward (so each line is copied once).
  unsigned Buffer;
  /// A scalar load of a vectorized loop's remainder that goes on reading
  /// the buffer its vector loop filled.
  bool Remainder = false;
  /// Bytes from the first load of its buffer in its block, which reads
  /// the lowest address (0 for that one and for a remainder's loads).
  int64_t Distance = 0;
};

class LineReads : LoopAnalyses {
public:
  explicit LineReads(llvm::Function &F) : LoopAnalyses(F) {}

  /// The loads, among those NeedsBarrier accepts, of scalar size (1 to 8
  /// bytes; in a loop the vectorizer made, its vector loads of up to a
  /// line instead), in innermost loops where no instruction may write them;
  /// gives their loop a preheader if it had none. Decided on the IR as it
  /// is. VectorLoops false: no loop the vectorizer made or left. Remainders
  /// (with VectorLoops): the scalar loads of a vectorized loop's remainder
  /// that walk the object of one of its vector loop's buffers join that
  /// buffer when nothing between the two loops writes memory; the edges
  /// into the remainder from elsewhere are split to forget the line there.
  llvm::SmallVector<LineRead, 4>
  find(llvm::function_ref<bool(llvm::LoadInst &)> NeedsBarrier,
       bool VectorLoops, bool Remainders);
};

} // namespace ame

#endif
