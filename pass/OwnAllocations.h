//===- OwnAllocations.h - Accesses in blocks the tx allocated ---*- C++ -*-===//
//
// Which accesses of a transactional function may reach memory that the same
// execution of the function allocated with __ame_malloc, __ame_calloc,
// __ame_aligned_alloc or __ame_realloc, at an offset or of a size known only
// at run time; and the range check that lets such an access run plainly when
// it does lie inside the block (the runtime locks every line of the block in
// place for the attempt, so a barrier would access memory directly anyway).
//
//   ame::OwnAllocations Own(F);             // before any access is rewritten
//   if (const CallBase *A = Own.allocationOf(I, Ptr)) ...
//   Value *Ok = Own.emitInRange(B, *A, Ptr, Len); // then split on Ok
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_OWNALLOCATIONS_H
#define AME_PASS_OWNALLOCATIONS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"

namespace ame {

class OwnAllocations {
public:
  explicit OwnAllocations(llvm::Function &F) : F(F) {}

  /// The allocation call every pointer Ptr may be based on, if it is one
  /// call of this function that dominates I, and no call that could free
  /// the block lies on a path from the allocation to I. Decided on the IR
  /// as it is before any rewriting.
  const llvm::CallBase *allocationOf(const llvm::Instruction &I,
                                     const llvm::Value *Ptr);

  /// An i1 that is true when [Ptr, Ptr + Len) lies inside the block Alloc
  /// returned (and Alloc did not return null), emitted at B.
  llvm::Value *emitInRange(llvm::IRBuilder<> &B, const llvm::CallBase &Alloc,
                           llvm::Value *Ptr, llvm::Value *Len);

  /// Splits I's block on Ok: a copy of I runs when Ok holds, I itself
  /// (moved) otherwise; a value I returns is merged by a phi. Returns the
  /// copy. Debug locations follow I.
  static llvm::Instruction *splitOnRange(llvm::Instruction &I, llvm::Value *Ok);

private:
  llvm::Value *sizeOf(const llvm::CallBase &Alloc, llvm::Type *IntPtr);
  static const llvm::Value *sizeOperand(const llvm::CallBase &Alloc,
                                        unsigned &Second);
  const llvm::SmallVector<const llvm::Instruction *, 4> &
  freeingCallsAfter(const llvm::CallBase *Alloc);

  llvm::Function &F;
  std::unique_ptr<llvm::DominatorTree> DT;
  /// Calls that may free a block, reachable from each allocation.
  llvm::DenseMap<const llvm::CallBase *,
                 llvm::SmallVector<const llvm::Instruction *, 4>>
      Freeing;
  /// The byte size of each allocation, as an instruction after it.
  llvm::DenseMap<const llvm::CallBase *, llvm::Value *> Sizes;
  /// Per allocation and access size n: the offsets below it fit n bytes.
  llvm::DenseMap<std::pair<const llvm::CallBase *, uint64_t>, llvm::Value *>
      Bounds;
};

} // namespace ame

#endif
