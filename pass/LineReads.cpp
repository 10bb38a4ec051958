//===- LineReads.cpp - Loop loads served from a copy of their line --------===//
//
// Finds the loads of an innermost loop of a transactional function that walk
// shared memory at a constant stride below a line (a byte-by-byte compare, a
// scan of an array), in a loop where no instruction may write what they
// read. The instrumenter then gives each a 64-byte buffer of the frame:
// where the load enters a line other than the buffer's, one barrier reads
// the whole line into the buffer (__ame_load_bytes of 64 aligned bytes,
// inline), and the load reads the buffer; an access that crosses into the
// next line keeps its own barrier. Each entry of the loop forgets the
// buffer's line (the code around the loop may write it).
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-line-reads=false)
//===----------------------------------------------------------------------===//
#include "LineReads.h"

#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;
using namespace ame;

LineReads::LineReads(Function &F)
    : F(F), DL(F.getDataLayout()),
      TLII(Triple(F.getParent()->getTargetTriple())), TLI(TLII, &F), AC(F),
      DT(F), LI(DT), SE(F, TLI, AC, DT, LI), BAA(DL, F, TLI, AC, &DT), AA(TLI) {
  AA.addAAResult(BAA);
  AA.addAAResult(SNA);
  AA.addAAResult(TBAA);
}

/// The loop's stores, if every other instruction of it writes no memory
/// (a call that may write, a memory intrinsic, an atomic: none).
static bool onlyStoresWrite(const Loop &L,
                            SmallVectorImpl<const StoreInst *> &Stores) {
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (isa<DbgInfoIntrinsic>(I) || I.isLifetimeStartOrEnd())
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (!SI->isSimple())
          return false;
        Stores.push_back(SI);
      } else if (I.mayWriteToMemory()) {
        return false;
      }
    }
  return true;
}

SmallVector<LineRead, 4>
LineReads::find(function_ref<bool(LoadInst &)> NeedsBarrier, bool VectorLoops) {
  SmallVector<LineRead, 4> Found;
  unsigned Buffers = 0;
  for (Loop *L : LI.getLoopsInPreorder()) {
    if (!L->isInnermost())
      continue;
    // A loop the vectorizer made or left: only its vector loads. Its scalar
    // remainder runs fewer iterations than the vector width, too few for a
    // line copy to pay for itself: labyrinth's copy loop went from 17 900
    // to 18 340 instructions per block with its remainder loop served by
    // line copies. Its vector body reads a line in 2 to 4 loads, each a
    // barrier of its own otherwise (the audit of bench/bank.c: 4 per line).
    bool Vectorized =
        findStringMetadataForLoop(L, "llvm.loop.isvectorized").has_value();
    if (Vectorized && !VectorLoops)
      continue;
    SmallVector<const StoreInst *, 8> Stores;
    if (!onlyStoresWrite(*L, Stores))
      continue;
    struct Walk {
      LoadInst *Ld;
      const SCEV *Start;
      int64_t Step;
      uint64_t Size;
    };
    SmallVector<Walk, 4> Loads;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB) {
        auto *Ld = dyn_cast<LoadInst>(&I);
        if (!Ld || !Ld->isSimple() || !Ld->getType()->isSingleValueType() ||
            Ld->getType()->isVectorTy() != Vectorized || !NeedsBarrier(*Ld))
          continue;
        TypeSize Size = DL.getTypeStoreSize(Ld->getType());
        if (Size.isScalable() || Size.getFixedValue() > (Vectorized ? 64 : 8))
          continue;
        // A walk: the line changes every 64 / |stride| iterations at most,
        // so the buffer serves most of them.
        const auto *AR =
            dyn_cast<SCEVAddRecExpr>(SE.getSCEV(Ld->getPointerOperand()));
        if (!AR || AR->getLoop() != L || !AR->isAffine())
          continue;
        const auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
        if (!Step || Step->getAPInt().isZero() ||
            Step->getAPInt().abs().uge(64))
          continue;
        // Nothing in the loop writes what it reads, at any iteration: an
        // answer about whole objects (or the loop-wide scopes of a
        // vectorized loop's runtime checks), not about one iteration's
        // addresses.
        MemoryLocation Loc = MemoryLocation::getBeforeOrAfter(
            Ld->getPointerOperand(), Ld->getAAMetadata());
        if (any_of(Stores, [&](const StoreInst *S) {
              return !AA.isNoAlias(
                  Loc, MemoryLocation::getBeforeOrAfter(S->getPointerOperand(),
                                                        S->getAAMetadata()));
            }))
          continue;
        Loads.push_back({Ld, AR->getStart(), Step->getAPInt().getSExtValue(),
                         Size.getFixedValue()});
      }
    if (Loads.empty())
      continue;
    // SimplifyCFG may have merged a vectorized loop's preheader into the
    // block that chooses between it and the scalar loop.
    BasicBlock *Pre = L->getLoopPreheader();
    if (!Pre)
      Pre = InsertPreheaderForLoop(L, &DT, &LI, nullptr, false);
    if (!Pre)
      continue;
    // A load shares the buffer of the loads before it in its block (the
    // pieces of one vector iteration, an unrolled body) when it reads a
    // constant distance after the previous one, and the whole group stays
    // within one stride: the addresses then never go back, and each line is
    // copied once, not once per load.
    const Walk *First = nullptr;
    int64_t Last = 0;
    for (const Walk &W : Loads) {
      bool Joins = false;
      if (First && W.Ld->getParent() == First->Ld->getParent() &&
          W.Step == First->Step && W.Step > 0) {
        const auto *D =
            dyn_cast<SCEVConstant>(SE.getMinusSCEV(W.Start, First->Start));
        Joins = D && D->getAPInt().sgt(Last) &&
                D->getAPInt().slt(W.Step - int64_t(W.Size) + 1);
        if (Joins)
          Last = D->getAPInt().getSExtValue();
      }
      if (!Joins) {
        First = &W;
        Last = 0;
        ++Buffers;
      }
      Found.push_back({W.Ld, Pre, Buffers - 1});
    }
  }
  return Found;
}
