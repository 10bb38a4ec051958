//===- LoopWalks.cpp - Accesses that walk memory a few bytes a time -------===//
//
// The stride, alias and grouping questions that line reads and line writes
// share (LoopWalks.h).
//===----------------------------------------------------------------------===//
#include "LoopWalks.h"

#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;
using namespace ame;

LoopAnalyses::LoopAnalyses(Function &F)
    : DL(F.getDataLayout()), Aliases(F), DT(Aliases.DT), LI(DT),
      SE(F, Aliases.TLI, Aliases.AC, DT, LI) {}

BasicBlock *LoopAnalyses::preheader(Loop *L) {
  // SimplifyCFG may have merged a vectorized loop's preheader into the
  // block that chooses between it and the scalar loop.
  if (BasicBlock *Pre = L->getLoopPreheader())
    return Pre;
  return InsertPreheaderForLoop(L, &DT, &LI, nullptr, false);
}

std::optional<Walk> ame::walkOf(ScalarEvolution &SE, const Loop &L,
                                const Value *Ptr) {
  // A walk: the line changes every 64 / |stride| iterations at most, so a
  // buffer of the line serves most of them.
  const auto *AR =
      dyn_cast<SCEVAddRecExpr>(SE.getSCEV(const_cast<Value *>(Ptr)));
  if (!AR || AR->getLoop() != &L || !AR->isAffine())
    return std::nullopt;
  const auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
  if (!Step || Step->getAPInt().isZero() || Step->getAPInt().abs().uge(64))
    return std::nullopt;
  return Walk{AR->getStart(), Step->getAPInt().getSExtValue()};
}

static MemoryLocation wholeObject(const Instruction &I) {
  if (const auto *Ld = dyn_cast<LoadInst>(&I))
    return MemoryLocation::getBeforeOrAfter(Ld->getPointerOperand(),
                                            Ld->getAAMetadata());
  const auto *St = cast<StoreInst>(&I);
  return MemoryLocation::getBeforeOrAfter(St->getPointerOperand(),
                                          St->getAAMetadata());
}

bool ame::apartFromAll(AAResults &AA, const Instruction &Access,
                       ArrayRef<const Instruction *> Others) {
  MemoryLocation Loc = wholeObject(Access);
  return none_of(Others, [&](const Instruction *O) {
    return !AA.isNoAlias(Loc, wholeObject(*O));
  });
}

std::optional<int64_t> WalkGroups::join(const BasicBlock *BB, const Walk &W,
                                        uint64_t Size) {
  if (First && BB == FirstBlock && W.Step == First->Step && W.Step > 0) {
    const auto *D =
        dyn_cast<SCEVConstant>(SE.getMinusSCEV(W.Start, First->Start));
    if (D && D->getAPInt().sgt(Last) &&
        D->getAPInt().slt(W.Step - int64_t(Size) + 1)) {
      Last = D->getAPInt().getSExtValue();
      return Last;
    }
  }
  FirstBlock = BB;
  First = W;
  Last = 0;
  return std::nullopt;
}
