//===- OwnAllocations.h - Accesses in blocks the tx allocated ---*- C++ -*-===//
//
// Which accesses of a transactional function may reach memory that the same
// execution of the function allocated with __ame_malloc, __ame_calloc or
// __ame_aligned_alloc, at an offset or of a size known only at run time (not
// __ame_realloc, which may return its argument, a block an earlier
// transaction published); and the range check that lets such an access run
// plainly when it does lie inside the block (the runtime locks every line of
// the block in place for the attempt, so a barrier would access memory directly
// anyway).
//
//   ame::OwnAllocations Own(F);             // before any access is rewritten
//   if (const CallBase *A = Own.allocationOf(I, Ptr)) ...
//   Value *Ok = Own.emitInRange(B, *A, Ptr, Len); // then split on Ok
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_OWNALLOCATIONS_H
#define AME_PASS_OWNALLOCATIONS_H

#include "BlocksOnStack.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"

namespace ame {

class OwnAllocations {
public:
  explicit OwnAllocations(llvm::Function &F) : F(F) {}

  /// A block BlocksOnStack put on the stack when small: its phi is an
  /// allocation too (either side is the attempt's own memory).
  void addStackBlock(const StackBlock &S);

  /// The allocation every pointer Ptr may be based on (a call, or the phi
  /// of a block on the stack), if it is one of this function that
  /// dominates I, and no call that could free the block lies on a path
  /// from the allocation to I. Decided on the IR as it is before any
  /// access is rewritten.
  const llvm::Instruction *allocationOf(const llvm::Instruction &I,
                                        const llvm::Value *Ptr);

  /// The allocation every pointer Ptr may be based on, when Ptr is read
  /// back, through inbounds GEPs, phis and selects, from a local of F whose
  /// address never escapes and into which F only ever stores blocks of that
  /// one allocation (a local array of the blocks a loop allocated): so Ptr
  /// points into some block the allocation returned in this execution of
  /// F, not necessarily its latest, and no call that could free one lies on
  /// a path from the allocation to I. Only for loads, which then need no
  /// check (see isInBoundsOf): a check against the latest block would fail.
  const llvm::Instruction *allocationReadBack(const llvm::Instruction &I,
                                              const llvm::Value *Ptr);

  /// Whether every step from the allocation Alloc (what allocationOf
  /// returned for Ptr) to Ptr is an inbounds GEP, through phis and selects:
  /// then Ptr lies inside the block or the program's behaviour is
  /// undefined, and a load through it needs no range check.
  bool isInBoundsOf(const llvm::Value *Ptr, const llvm::Instruction &Alloc);

  /// An i1 that is true when [Ptr, Ptr + Len) lies inside the block Alloc
  /// returned (and Alloc did not return null), emitted at B.
  llvm::Value *emitInRange(llvm::IRBuilder<> &B, const llvm::Instruction &Alloc,
                           llvm::Value *Ptr, llvm::Value *Len);

  /// Splits I's block on Ok: a copy of I runs when Ok holds, I itself
  /// (moved) otherwise; a value I returns is merged by a phi. Returns the
  /// copy. Debug locations follow I.
  static llvm::Instruction *splitOnRange(llvm::Instruction &I, llvm::Value *Ok);

private:
  llvm::Value *sizeOf(const llvm::Instruction &Alloc, llvm::Type *IntPtr);
  const llvm::Value *sizeOperand(const llvm::Instruction &Base,
                                 unsigned &Second) const;
  const llvm::SmallVector<const llvm::Instruction *, 4> &
  freeingCallsAfter(const llvm::Instruction *Alloc);
  bool freedBefore(const llvm::Instruction *Alloc, const llvm::Instruction &I);
  /// Whether To can run after From: later in From's block, or in a block
  /// reachable from it. isPotentiallyReachable gives up (answering yes)
  /// past 32 blocks, fewer than a thunk with a few loops has.
  bool reaches(const llvm::Instruction *From, const llvm::Instruction *To);
  const llvm::Instruction *blocksStoredIn(const llvm::AllocaInst &Slots);

  llvm::Function &F;
  std::unique_ptr<llvm::DominatorTree> DT;
  /// Calls that may free a block, reachable from each allocation.
  llvm::DenseMap<const llvm::Instruction *,
                 llvm::SmallVector<const llvm::Instruction *, 4>>
      Freeing;
  /// The byte size of each allocation, as an instruction after it.
  llvm::DenseMap<const llvm::Instruction *, llvm::Value *> Sizes;
  /// Per allocation and access size n: the offsets below it fit n bytes.
  llvm::DenseMap<std::pair<const llvm::Instruction *, uint64_t>, llvm::Value *>
      Bounds;
  /// Per block: the blocks reachable from its end.
  llvm::DenseMap<const llvm::BasicBlock *,
                 llvm::SmallPtrSet<const llvm::BasicBlock *, 16>>
      Reachable;
  /// Per local: the one allocation whose blocks are all it holds, or null.
  llvm::DenseMap<const llvm::AllocaInst *, const llvm::Instruction *> SlotsOf;
  /// Blocks on the stack, by their phi and by either side.
  llvm::DenseMap<const llvm::Value *, const StackBlock *> StackBlocks;
};

} // namespace ame

#endif
