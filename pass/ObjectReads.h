//===- ObjectReads.h - Reads of one object share one barrier ----*- C++ -*-===//
//
// Loads of a transactional function at constant offsets from one pointer
// (the fields of one struct, an element's neighbour links), within 64 bytes
// of each other, where the first dominates the others and nothing between
// it and each of them may write what they read: one barrier copies their
// bytes into a buffer of the frame at the first, and each reads the buffer
// when the bytes lay in one line (docs/pass.md, "Reads of one object").
//
//   ame::ObjectReads R(F);
//   for (const ame::ObjectReadGroup &G : R.find(Candidates)) ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_OBJECTREADS_H
#define AME_PASS_OBJECTREADS_H

#include "FunctionAliases.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Instructions.h"

namespace ame {

struct ObjectRead {
  llvm::LoadInst *Load;
  /// Its offset from the group's Base + Lo.
  uint64_t At;
  /// The pointer its address is a constant offset from: the group's Base,
  /// or a reload of the same slot (then the group serves it only when the
  /// two are equal at run time).
  llvm::Value *Base;
};

struct ObjectReadGroup {
  /// The pointer the first load's address is a constant offset from.
  llvm::Value *Base;
  /// The bytes [Base + Lo, Base + Lo + Span) hold every load's bytes.
  int64_t Lo;
  uint64_t Span;
  /// The loads, the one that dominates the others first.
  llvm::SmallVector<ObjectRead, 4> Loads;
};

class ObjectReads {
public:
  explicit ObjectReads(llvm::Function &F);

  /// Groups of two or more of Candidates (simple loads of at most a line
  /// that would each take a read barrier), no load in two groups. Decided
  /// on the IR as it is; changes nothing.
  llvm::SmallVector<ObjectReadGroup, 4>
  find(llvm::ArrayRef<llvm::LoadInst *> Candidates);

private:
  bool mayWriteBetween(const llvm::LoadInst &First, const llvm::LoadInst &Ld);

  llvm::Function &F;
  const llvm::DataLayout &DL;
  FunctionAliases Aliases;
  llvm::DominatorTree &DT;
  llvm::LoopInfo LI;
  llvm::PostDominatorTree PDT;
  /// Whether an object is captured before an instruction: a block this
  /// attempt allocated is only published after the fields that fill it are
  /// written, and stores to it cannot write what a pointer read from
  /// memory before that points to.
  llvm::EarliestEscapeInfo Escapes;
  llvm::BatchAAResults BatchAA;
};

} // namespace ame

#endif
