//===- LineWrites.cpp - Loop stores written into their line's buffer ------===//
//
// Finds the stores of an innermost loop of a transactional function that
// walk shared memory at a constant stride below a line (an array filled,
// a copy's destination), in a loop where nothing reads what they write.
// The instrumenter then keeps, for each group of them, the line they hold:
// where a store enters another line, one call (__ame_open_line) takes it
// for writing and returns its buffer in the write log (or the line itself,
// written in place); the store writes the buffer and adds its bytes to a
// mask kept in a register, which goes to the runtime's mask of the line
// when the loop enters the next line or leaves. A store that crosses into
// the next line keeps its barrier.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-line-writes=false)
//===----------------------------------------------------------------------===//
#include "LineWrites.h"

#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;
using namespace ame;

LineWrites::LineWrites(Function &F)
    : F(F), DL(F.getDataLayout()), Aliases(F), DT(Aliases.DT), LI(DT),
      SE(F, Aliases.TLI, Aliases.AC, DT, LI) {}

/// The loop's loads, if every instruction of it that touches memory is a
/// simple load or store, or belongs to a line read (IsLineBuffer).
static bool
onlyLoadsAndStores(const Loop &L,
                   function_ref<bool(const Instruction &)> IsLineBuffer,
                   SmallVectorImpl<const LoadInst *> &Loads) {
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (isa<DbgInfoIntrinsic>(I) || I.isLifetimeStartOrEnd() ||
          IsLineBuffer(I) || !I.mayReadOrWriteMemory())
        continue;
      if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (!LI->isSimple())
          return false;
        Loads.push_back(LI);
      } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (!SI->isSimple())
          return false;
      } else {
        return false;
      }
    }
  return true;
}

namespace {
/// A store that walks memory: its address starts at Start and moves by
/// Step bytes an iteration of its loop.
struct Walk {
  StoreInst *St;
  const SCEV *Start;
  int64_t Step;
  uint64_t Size;
};
} // namespace

SmallVector<LineWriteGroup, 4>
LineWrites::find(function_ref<bool(StoreInst &)> NeedsBarrier,
                 function_ref<bool(const Instruction &)> IsLineBuffer) {
  SmallVector<LineWriteGroup, 4> Found;
  for (Loop *L : LI.getLoopsInPreorder()) {
    if (!L->isInnermost())
      continue;
    // A loop the vectorizer made or left: only its vector stores. Its
    // scalar remainder runs fewer iterations than the vector width, too few
    // to pay for a line buffer: a transaction writing one word through it
    // (bench/micro.c write, n = 1) took 51 ns instead of 33, its word's
    // entry a line buffer, whose write-back is the general one.
    bool Vectorized =
        findStringMetadataForLoop(L, "llvm.loop.isvectorized").has_value();
    SmallVector<const LoadInst *, 8> Loads;
    if (!onlyLoadsAndStores(*L, IsLineBuffer, Loads))
      continue;
    SmallVector<Walk, 4> Walks;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB) {
        auto *St = dyn_cast<StoreInst>(&I);
        if (!St || !St->isSimple() || IsLineBuffer(*St))
          continue;
        Type *Ty = St->getValueOperand()->getType();
        if (!Ty->isSingleValueType() || Ty->isVectorTy() != Vectorized ||
            !NeedsBarrier(*St))
          continue;
        TypeSize Size = DL.getTypeStoreSize(Ty);
        if (Size.isScalable() || Size.getFixedValue() > 64 ||
            !isPowerOf2_64(Size.getFixedValue()) ||
            DL.getTypeSizeInBits(Ty) != Size.getFixedValue() * 8)
          continue;
        const auto *AR =
            dyn_cast<SCEVAddRecExpr>(SE.getSCEV(St->getPointerOperand()));
        if (!AR || AR->getLoop() != L || !AR->isAffine())
          continue;
        const auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
        if (!Step || Step->getAPInt().isZero() ||
            Step->getAPInt().abs().uge(64))
          continue;
        // Nothing in the loop reads what it writes, at any iteration (an
        // answer about whole objects): the bytes written since the line was
        // entered are marked in a register, not yet in the runtime's mask,
        // and a barrier reading them would take them from memory.
        MemoryLocation Loc = MemoryLocation::getBeforeOrAfter(
            St->getPointerOperand(), St->getAAMetadata());
        if (any_of(Loads, [&](const LoadInst *Ld) {
              return !Aliases.AA.isNoAlias(
                  Loc, MemoryLocation::getBeforeOrAfter(Ld->getPointerOperand(),
                                                        Ld->getAAMetadata()));
            }))
          continue;
        Walks.push_back({St, AR->getStart(), Step->getAPInt().getSExtValue(),
                         Size.getFixedValue()});
      }
    if (Walks.empty())
      continue;
    BasicBlock *Pre = L->getLoopPreheader();
    if (!Pre)
      Pre = InsertPreheaderForLoop(L, &DT, &LI, nullptr, false);
    if (!Pre)
      continue;
    if (!L->hasDedicatedExits())
      formDedicatedExitBlocks(L, &DT, &LI, nullptr, false);
    SmallVector<BasicBlock *, 2> Exits;
    L->getUniqueExitBlocks(Exits);
    if (!L->hasDedicatedExits() ||
        any_of(Exits, [](BasicBlock *E) { return E->isEHPad(); }))
      continue;
    // A store joins the group of the stores before it in its block when it
    // writes a constant distance after the previous one and the group stays
    // within one stride: the addresses then never go back, and each line is
    // entered once, not once per store.
    const Walk *First = nullptr;
    int64_t Last = 0;
    for (const Walk &W : Walks) {
      bool Joins = false;
      if (First && W.St->getParent() == First->St->getParent() &&
          W.Step == First->Step && W.Step > 0) {
        const auto *D =
            dyn_cast<SCEVConstant>(SE.getMinusSCEV(W.Start, First->Start));
        Joins = D && D->getAPInt().sgt(Last) &&
                D->getAPInt().slt(W.Step - int64_t(W.Size) + 1);
        if (Joins)
          Last = D->getAPInt().getSExtValue();
      }
      if (Joins) {
        Found.back().Stores.push_back(W.St);
        continue;
      }
      First = &W;
      Last = 0;
      Found.push_back({{W.St}, Pre, Exits});
    }
  }
  return Found;
}
