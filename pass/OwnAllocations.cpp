//===- OwnAllocations.cpp - Accesses into blocks the attempt allocated ----===//
//
// The runtime locks every line of a block it allocates for a transaction
// with the attempt's in-place sentinel (runtime/alloc.c): until commit no
// other transaction can read or write it, and the attempt's own barriers
// read and write its memory directly. So an access that lies inside such a
// block needs no barrier. Instrumenter.cpp leaves constant offsets inside a
// constant size alone at compile time; this file handles the rest with a
// check at run time: the access runs plainly when its bytes lie inside the
// block, and through its barrier otherwise (a pointer the check does not
// vouch for may point anywhere).
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-instrument in.ll
//===----------------------------------------------------------------------===//
#include "OwnAllocations.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;
using namespace ame;

void OwnAllocations::addStackBlock(const StackBlock &S) {
  StackBlocks[S.StackSide] = &S;
  StackBlocks[S.HeapSide] = &S;
  StackBlocks[S.Block] = &S;
}

/// The size operand of an allocation entry (for calloc, the first factor;
/// Second is then the index of the other one, else 0), or of a block that
/// BlocksOnStack made a choice of the stack and the heap.
const Value *OwnAllocations::sizeOperand(const Instruction &Base,
                                         unsigned &Second) const {
  Second = 0;
  if (const StackBlock *S = StackBlocks.lookup(&Base))
    return S->Block == &Base ? S->Size : nullptr;
  const auto *Alloc = dyn_cast<CallInst>(&Base);
  const Function *Callee = Alloc ? Alloc->getCalledFunction() : nullptr;
  if (!Callee)
    return nullptr;
  StringRef N = Callee->getName();
  if (N == "__ame_malloc" && Alloc->arg_size() == 2)
    return Alloc->getArgOperand(1);
  // Not __ame_realloc: a block that still has room stays where it is, and
  // may be one an earlier transaction published (runtime/alloc.c).
  if (N == "__ame_aligned_alloc" && Alloc->arg_size() == 3)
    return Alloc->getArgOperand(2);
  if (N == "__ame_calloc" && Alloc->arg_size() == 3) {
    Second = 2;
    return Alloc->getArgOperand(1);
  }
  return nullptr;
}

/// Where code computed from the block goes: right after it.
static Instruction *afterBase(const Instruction &Base) {
  auto *B = const_cast<Instruction *>(&Base);
  if (isa<PHINode>(B))
    return &*B->getParent()->getFirstInsertionPt();
  return B->getNextNode();
}

/// Calls that may free the block, after an allocation, beyond which its
/// accesses are not checked (each access asks whether any of them reaches
/// it).
static constexpr size_t MaxFreeingCalls = 16;

/// A call that may free a block the attempt allocated, directly
/// (__ame_free, __ame_realloc) or by running code of the program or of the
/// C library (clones, indirect calls, calls run inevitably, the runtime's
/// entries that call clones back). The runtime's other entries, intrinsics
/// and calls that only read memory free nothing.
static bool mayFree(const CallBase &CB) {
  if (isa<IntrinsicInst>(CB) || CB.onlyReadsMemory())
    return false;
  const Function *Callee = CB.getCalledFunction();
  if (!Callee)
    return true;
  StringRef N = Callee->getName();
  if (!N.starts_with("__ame_"))
    return true;
  return N == "__ame_free" || N == "__ame_realloc" || N == "__ame_run" ||
         N == "__ame_qsort" || N == "__ame_bsearch";
}

bool OwnAllocations::reaches(const Instruction *From, const Instruction *To) {
  const BasicBlock *FB = From->getParent(), *TB = To->getParent();
  if (FB == TB && From->comesBefore(To))
    return true;
  auto [It, New] = Reachable.try_emplace(FB);
  SmallPtrSet<const BasicBlock *, 16> &Set = It->second;
  if (New) {
    SmallVector<const BasicBlock *, 16> Work(succ_begin(FB), succ_end(FB));
    while (!Work.empty()) {
      const BasicBlock *BB = Work.pop_back_val();
      if (Set.insert(BB).second)
        Work.append(succ_begin(BB), succ_end(BB));
    }
  }
  return Set.count(TB);
}

const SmallVector<const Instruction *, 4> &
OwnAllocations::freeingCallsAfter(const Instruction *Alloc) {
  auto [It, New] = Freeing.try_emplace(Alloc);
  if (New)
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB)
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (CB != Alloc && mayFree(*CB) && reaches(Alloc, CB))
            It->second.push_back(CB);
  return It->second;
}

const Instruction *OwnAllocations::allocationOf(const Instruction &I,
                                                const Value *Ptr) {
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects);
  const Instruction *Alloc = nullptr;
  for (const Value *O : Objects) {
    // A call, not an invoke: the size and bounds go right after it. Either
    // side of a block on the stack stands for the phi that chose it.
    const Instruction *Base = dyn_cast<CallInst>(O);
    if (const StackBlock *S = StackBlocks.lookup(O))
      Base = S->Block;
    if (!Base || (Alloc && Base != Alloc))
      return nullptr;
    Alloc = Base;
  }
  unsigned Second;
  if (!Alloc || Alloc->getFunction() != &F || !sizeOperand(*Alloc, Second))
    return nullptr;
  if (!DT)
    DT = std::make_unique<DominatorTree>(F);
  // The same execution's block: the call dominates the access, so the
  // value the check compares with is the block this access may be in (a
  // pointer into an older block of the same call fails the check and takes
  // the barrier).
  if (!DT->dominates(Alloc, &I))
    return nullptr;
  return freedBefore(Alloc, I) ? nullptr : Alloc;
}

/// Whether a call that may free a block Alloc returned lies on a path from
/// Alloc to I. Still allocated matters: a block freed by this attempt goes
/// back to the allocator at once (runtime/alloc.c), and plain accesses to
/// it would reach whoever gets it next. Past a few such calls the queries
/// would cost more compile time than the checks are worth.
bool OwnAllocations::freedBefore(const Instruction *Alloc,
                                 const Instruction &I) {
  const auto &Frees = freeingCallsAfter(Alloc);
  if (Frees.size() > MaxFreeingCalls)
    return true;
  return any_of(Frees,
                [&](const Instruction *Free) { return reaches(Free, &I); });
}

/// The allocation whose blocks are the only values F stores into Slots (a
/// local whose address goes only to loads and stores of it, through GEPs),
/// each stored where its block is still allocated; null otherwise.
const Instruction *OwnAllocations::blocksStoredIn(const AllocaInst &Slots) {
  auto [It, New] = SlotsOf.try_emplace(&Slots, nullptr);
  if (!New)
    return It->second;
  const Instruction *Alloc = nullptr;
  SmallVector<const Value *, 8> Work{&Slots};
  SmallPtrSet<const Value *, 8> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (const User *U : V->users()) {
      if (const auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        Work.push_back(GEP);
      } else if (const auto *L = dyn_cast<LoadInst>(U)) {
        if (!L->isSimple())
          return nullptr;
      } else if (const auto *S = dyn_cast<StoreInst>(U)) {
        // Its address stored somewhere escapes; a block stored into it
        // must be one of Alloc's, allocated here and not freed since.
        if (S->getValueOperand() == V || !S->isSimple())
          return nullptr;
        const Instruction *A = allocationOf(*S, S->getValueOperand());
        if (!A || (Alloc && A != Alloc))
          return nullptr;
        Alloc = A;
      } else if (const auto *II = dyn_cast<IntrinsicInst>(U)) {
        if (!II->isLifetimeStartOrEnd() && !isa<DbgInfoIntrinsic>(II))
          return nullptr;
      } else {
        return nullptr;
      }
    }
  }
  return It->second = Alloc;
}

/// Whether every step back from Ptr, through phis and selects, is an
/// inbounds GEP until a value Source accepts (asked first: a block on the
/// stack is a phi); a value that is neither fails, and so does a chain of
/// more than 64 values (not worth the compile time: the barrier or the
/// check stays).
static bool throughInBounds(const Value *Ptr,
                            function_ref<bool(const Value *)> Source) {
  SmallPtrSet<const Value *, 8> Seen;
  SmallVector<const Value *, 8> Work{Ptr};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second || Source(V))
      continue;
    if (const auto *GEP = dyn_cast<GEPOperator>(V)) {
      if (!GEP->isInBounds())
        return false;
      Work.push_back(GEP->getPointerOperand());
    } else if (const auto *Phi = dyn_cast<PHINode>(V)) {
      Work.append(Phi->value_op_begin(), Phi->value_op_end());
    } else if (const auto *Sel = dyn_cast<SelectInst>(V)) {
      Work.push_back(Sel->getTrueValue());
      Work.push_back(Sel->getFalseValue());
    } else {
      return false;
    }
    if (Seen.size() > 64)
      return false;
  }
  return true;
}

const Instruction *OwnAllocations::allocationReadBack(const Instruction &I,
                                                      const Value *Ptr) {
  // From Ptr back to the loads of a local, through inbounds steps only.
  const AllocaInst *Slots = nullptr;
  bool Found = throughInBounds(Ptr, [&](const Value *V) {
    const auto *L = dyn_cast<LoadInst>(V);
    const auto *A =
        L ? dyn_cast<AllocaInst>(getUnderlyingObject(L->getPointerOperand()))
          : nullptr;
    if (!L || !L->isSimple() || !A || (Slots && A != Slots) ||
        A->getFunction() != &F)
      return false;
    Slots = A;
    return true;
  });
  if (!Found || !Slots)
    return nullptr;
  if (!DT)
    DT = std::make_unique<DominatorTree>(F);
  const Instruction *Alloc = blocksStoredIn(*Slots);
  if (!Alloc || freedBefore(Alloc, I))
    return nullptr;
  return Alloc;
}

bool OwnAllocations::isInBoundsOf(const Value *Ptr, const Instruction &Alloc) {
  const StackBlock *S = StackBlocks.lookup(&Alloc);
  return throughInBounds(Ptr, [&](const Value *V) {
    return V == &Alloc || (S && (V == S->StackSide || V == S->HeapSide));
  });
}

Value *OwnAllocations::emitInRange(IRBuilder<> &B, const Instruction &Alloc,
                                   Value *Ptr, Value *Len) {
  Type *IntPtr = B.getIntPtrTy(F.getParent()->getDataLayout());
  Value *Size = sizeOf(Alloc, IntPtr);
  Value *Base = const_cast<Instruction *>(&Alloc);
  Value *Off = B.CreateSub(B.CreatePtrToInt(Ptr, IntPtr),
                           B.CreatePtrToInt(Base, IntPtr), "ame.off");
  // Off is unsigned: a pointer below the block wraps to a huge offset.
  if (auto *C = dyn_cast<ConstantInt>(Len)) {
    // A fixed size (loads, stores): one compare with a bound computed once,
    // right after the allocation: Off < Size - Len + 1, or nothing fits (a
    // null block, or a block smaller than the access).
    Value *&Bound = Bounds[{&Alloc, C->getZExtValue()}];
    if (!Bound) {
      // After the block and its size (which may be computed before it).
      Instruction *At = afterBase(Alloc);
      if (auto *SizeI = dyn_cast<Instruction>(Size))
        if (SizeI->getParent() == At->getParent() && !SizeI->comesBefore(At))
          At = SizeI->getNextNode();
      IRBuilder<> AB(At);
      Value *N = ConstantInt::get(IntPtr, C->getZExtValue());
      Value *Fits =
          AB.CreateAnd(AB.CreateIsNotNull(Base), AB.CreateICmpULE(N, Size));
      Bound = AB.CreateSelect(
          Fits,
          AB.CreateAdd(AB.CreateSub(Size, N), ConstantInt::get(IntPtr, 1)),
          ConstantInt::get(IntPtr, 0), "ame.alloc.bound");
    }
    return B.CreateICmpULT(Off, Bound, "ame.in.block");
  }
  Len = B.CreateZExtOrTrunc(Len, IntPtr);
  Value *Fits = B.CreateAnd(B.CreateICmpULE(Len, Size),
                            B.CreateICmpULE(Off, B.CreateSub(Size, Len)));
  return B.CreateAnd(B.CreateIsNotNull(Base), Fits, "ame.in.block");
}

/// The block's size in bytes, computed once right after the allocation.
Value *OwnAllocations::sizeOf(const Instruction &Alloc, Type *IntPtr) {
  Value *&Size = Sizes[&Alloc];
  if (!Size) {
    unsigned Second;
    auto *S = const_cast<Value *>(sizeOperand(Alloc, Second));
    IRBuilder<> AB(afterBase(Alloc));
    Size = AB.CreateZExtOrTrunc(S, IntPtr);
    // calloc's product may wrap, but then calloc returned null, which the
    // check rejects first.
    if (Second)
      Size =
          AB.CreateMul(Size,
                       AB.CreateZExtOrTrunc(
                           cast<CallInst>(Alloc).getArgOperand(Second), IntPtr),
                       "ame.alloc.size");
  }
  return Size;
}

Instruction *OwnAllocations::splitOnRange(Instruction &I, Value *Ok) {
  Instruction *ThenT, *ElseT;
  MDBuilder MDB(I.getContext());
  SplitBlockAndInsertIfThenElse(Ok, &I, &ThenT, &ElseT,
                                MDB.createLikelyBranchWeights());
  Instruction *Plain = I.clone();
  Plain->insertBefore(ThenT);
  BasicBlock *Tail = I.getParent();
  I.moveBefore(ElseT);
  if (!I.getType()->isVoidTy()) {
    PHINode *Phi = PHINode::Create(I.getType(), 2, "");
    Phi->insertBefore(Tail->getFirstNonPHIIt());
    Phi->addIncoming(Plain, ThenT->getParent());
    Phi->addIncoming(&I, ElseT->getParent());
    Phi->setDebugLoc(I.getDebugLoc());
    I.replaceUsesWithIf(Phi, [Phi](Use &U) { return U.getUser() != Phi; });
  }
  return Plain;
}
