//===- BlocksOnStack.h - Small blocks on the attempt's stack ----*- C++ -*-===//
//
// A block an atomic block allocates with malloc and that never leaves it
// (only loaded from, stored to, copied, compared and freed) lives on the
// attempt's stack when it is small: `n <= limit ? alloca(n) :
// __ame_malloc(tx, n)`, the frees only on the second path.
//
//   for (const ame::StackBlock &S : ame::moveBlocksToStack(F, ORE)) ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_BLOCKSONSTACK_H
#define AME_PASS_BLOCKSONSTACK_H

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Instructions.h"

#include <vector>

namespace ame {

/// One allocation turned into a choice: Block is the phi of the stack block
/// (StackSide) and the heap block (HeapSide, the original call); Size is
/// its size in bytes either way.
struct StackBlock {
  llvm::PHINode *Block;
  llvm::AllocaInst *StackSide;
  llvm::CallInst *HeapSide;
  llvm::Value *Size;
};

/// Rewrites the eligible __ame_malloc calls of region thunk F (see the
/// file comment; docs/pass.md says why it is safe) and returns them.
std::vector<StackBlock> moveBlocksToStack(llvm::Function &F,
                                          llvm::OptimizationRemarkEmitter &ORE);

} // namespace ame

#endif
