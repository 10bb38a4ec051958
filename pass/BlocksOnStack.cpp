//===- BlocksOnStack.cpp - Small blocks of one attempt on its stack -------===//
//
// A scratch buffer an atomic block allocates, works in and frees (a maze
// router's copy of the grid, a search queue) costs the runtime a lock per
// line when it is allocated, a stamp per line at commit and a trip through
// the C allocator, and every access into it a range check (OwnAllocations).
// When no pointer to it can leave the block, the attempt's stack frame
// serves as well: nobody else can reach the memory, a retry re-creates it,
// and the frame dies when the block ends. Only in a region's thunk that
// nothing calls directly (so it is never on the stack twice), outside
// loops, and up to a size that keeps the frame small; larger blocks still
// come from __ame_malloc, chosen at run time.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-instrument in.ll
//===----------------------------------------------------------------------===//
#include "BlocksOnStack.h"
#include "Common.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumBlocksOnStack,
          "Blocks allocated and freed in a block, on the stack when small");

/// Bytes of stack all the blocks of one thunk may take together (each gets
/// an equal share): a maze router's copy of a 32 x 32 window of ints and its
/// queue fit, and the frame grows no more than a 16 KiB local array would,
/// even in threads started with small stacks.
static constexpr uint64_t StackBudget = 16384;

static bool isCallTo(const Instruction *I, StringRef Name) {
  const auto *CB = dyn_cast<CallInst>(I);
  return CB && CB->getCalledFunction() &&
         CB->getCalledFunction()->getName() == Name;
}

/// Every use of the block's address, through GEPs, phis and selects, is an
/// access through it, a comparison, the pointer operand of a memory
/// intrinsic, or __ame_free of the block itself: no pointer to it (or into
/// it) can be stored, passed on, returned or turned into an integer.
static bool staysInBlock(const CallInst *Alloc) {
  SmallVector<const Value *, 8> Work{Alloc};
  SmallPtrSet<const Value *, 16> Seen{Alloc};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<PHINode>(I) || isa<SelectInst>(I)) {
        if (isa<SelectInst>(I) && U.getOperandNo() == 0)
          return false;
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (isa<LoadInst>(I) || isa<ICmpInst>(I))
        continue;
      if (const auto *SI = dyn_cast<StoreInst>(I)) {
        if (U.getOperandNo() != SI->getPointerOperandIndex())
          return false;
        continue;
      }
      if (isa<MemIntrinsic>(I)) {
        if (U.getOperandNo() == 2)
          return false; // the length
        continue;
      }
      if (isa<DbgInfoIntrinsic>(I) || I->isLifetimeStartOrEnd())
        continue;
      // The block itself, not a pointer into it or one merged with others.
      if (isCallTo(I, "__ame_free") && V == Alloc && U.getOperandNo() == 1)
        continue;
      return false;
    }
  }
  return true;
}

/// Entered only through __ame_run: a thunk nothing calls directly (a
/// region nested in transactional code is called directly, and may recur).
static bool isOutermostThunk(const Function &F) {
  if (!F.getName().ends_with(RegionSuffix))
    return false;
  for (const User *U : F.users())
    if (const auto *CB = dyn_cast<CallBase>(U))
      if (CB->getCalledOperand() == &F)
        return false;
  return true;
}

/// Whether BB can reach itself. A whole search rather than
/// isPotentiallyReachable, which answers "reachable" past 32 blocks and so
/// turned down every allocation of a block of some size.
static bool onCycle(BasicBlock *BB) {
  SmallVector<BasicBlock *, 16> Work(succ_begin(BB), succ_end(BB));
  SmallPtrSet<BasicBlock *, 32> Seen;
  while (!Work.empty()) {
    BasicBlock *B = Work.pop_back_val();
    if (B == BB)
      return true;
    if (Seen.insert(B).second)
      Work.append(succ_begin(B), succ_end(B));
  }
  return false;
}

std::vector<StackBlock> ame::moveBlocksToStack(Function &F,
                                               OptimizationRemarkEmitter &ORE) {
  std::vector<StackBlock> Moved;
  // A longjmp back to a setjmp before the allocation would pop the stack
  // block while the program may still hold it.
  if (!isOutermostThunk(F) || F.callsFunctionThatReturnsTwice())
    return Moved;
  SmallVector<CallInst *, 4> Candidates;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (isCallTo(&I, "__ame_malloc") && cast<CallInst>(I).arg_size() == 2 &&
          staysInBlock(cast<CallInst>(&I)))
        Candidates.push_back(cast<CallInst>(&I));
  if (Candidates.empty())
    return Moved;
  // On no cycle of the CFG, irreducible ones included (LoopInfo sees only
  // natural loops): each block has one slot, and a cycle may run the call
  // again while the previous block is still in use.
  erase_if(Candidates, [&](CallInst *Alloc) {
    return onCycle(Alloc->getParent());
  });
  if (Candidates.empty())
    return Moved;
  const uint64_t StackLimit =
      std::max<uint64_t>(64, StackBudget / Candidates.size() & ~uint64_t(63));
  const DataLayout &DL = F.getParent()->getDataLayout();
  for (CallInst *Alloc : Candidates) {
    Value *N = Alloc->getArgOperand(1);
    IRBuilder<> B(Alloc);
    // 1 <= n <= limit (n - 1 wraps for 0: malloc(0) keeps its own block).
    Value *Small = B.CreateICmpULT(
        B.CreateSub(N, ConstantInt::get(N->getType(), 1)),
        ConstantInt::get(N->getType(), StackLimit), "ame.small.block");
    Instruction *ThenT, *ElseT;
    SplitBlockAndInsertIfThenElse(
        Small, Alloc, &ThenT, &ElseT,
        MDBuilder(F.getContext()).createLikelyBranchWeights());
    BasicBlock *Tail = Alloc->getParent();
    // The runtime's blocks are line-aligned; so is this one. A fixed-size
    // slot of the entry block rather than an alloca of n bytes: a frame
    // with a dynamic alloca that is also realigned needs a base pointer,
    // one general register fewer for the block's loops (labyrinth's search
    // kept its buffers and bounds in the frame and reloaded them at every
    // step). The frame grows by the budget either way at most.
    auto *Stack = new AllocaInst(
        ArrayType::get(Type::getInt8Ty(F.getContext()), StackLimit),
        DL.getAllocaAddrSpace(), nullptr, Align(64), "ame.stack.block",
        F.getEntryBlock().getFirstInsertionPt());
    Stack->setDebugLoc(Alloc->getDebugLoc());
    Alloc->moveBefore(ElseT);
    PHINode *Block = PHINode::Create(Alloc->getType(), 2, "ame.block");
    Block->insertBefore(Tail->getFirstNonPHIIt());
    Block->addIncoming(Stack, ThenT->getParent());
    Block->addIncoming(Alloc, ElseT->getParent());
    Block->setDebugLoc(Alloc->getDebugLoc());
    SmallVector<CallInst *, 2> Frees;
    for (User *U : Alloc->users())
      if (isCallTo(cast<Instruction>(U), "__ame_free"))
        Frees.push_back(cast<CallInst>(U));
    Alloc->replaceUsesWithIf(Block,
                             [Block](Use &U) { return U.getUser() != Block; });
    // Only the heap side is freed: __ame_free(null) does nothing.
    for (CallInst *Free : Frees) {
      IRBuilder<> FB(Free);
      Free->setArgOperand(
          1, FB.CreateSelect(
                 Small,
                 ConstantPointerNull::get(cast<PointerType>(Block->getType())),
                 Block));
    }
    Moved.push_back({Block, Stack, Alloc, N});
    ++NumBlocksOnStack;
    ORE.emit([&] {
      return OptimizationRemark(PassName, "BlockOnStack", Alloc)
             << "block allocated and freed in the atomic block lives on its "
                "stack when it is at most "
             << ore::NV("Limit", StackLimit)
             << " bytes: no pointer to it leaves the block";
    });
  }
  return Moved;
}
