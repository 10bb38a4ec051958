//===- RegionChecks.cpp - What an atomic block may not contain ------------===//
//
// Part of ame-regions. Each construct below is a compile-time error at its
// statement: the pass never outlines a region it cannot run correctly, and
// leaves such a region as it is, so the IR stays valid.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "RegionChecks.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumRegionsRejected, "Atomic blocks rejected with an error");

/// Loc if set; else, when F has no debug info (no -g), File:Line, where an
/// atomic block's annotation says it starts: the annotation carries its file
/// and line without debug info. Clang resolves the location through the
/// file name, so an otherwise unused subprogram node carries it.
static DiagnosticLocation regionLocation(const Function &F, DebugLoc Loc,
                                         StringRef File, unsigned Line) {
  if (Loc)
    return DiagnosticLocation(Loc);
  if (const DISubprogram *SP = F.getSubprogram())
    return DiagnosticLocation(SP);
  LLVMContext &C = F.getContext();
  DIFile *DF = DIFile::get(C, File, "");
  return DiagnosticLocation(DISubprogram::get(
      C, DF, F.getName(), "", DF, Line, nullptr, Line, nullptr, 0, 0,
      DINode::FlagZero, DISubprogram::SPFlagZero, nullptr));
}

void ame::reportRegionError(const Function &F, DebugLoc Loc, StringRef File,
                            unsigned Line, const Twine &Msg) {
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, "AME: " + Msg, regionLocation(F, Loc, File, Line), DS_Error));
}

void ame::reportRegionError(const BlockRegion &R, const Instruction &I,
                            const Twine &Msg) {
  reportRegionError(*R.F, I.getDebugLoc() ? I.getDebugLoc() : R.Loc, R.File,
                    R.Line, Msg);
}

/// Reports a computed goto at each `goto *` statement of R that reaches the
/// indirectbr: clang emits one indirectbr per function, in a block of its
/// own without a location, and each statement branches there.
static void reportComputedGoto(const BlockRegion &R, IndirectBrInst &IB) {
  const char *Msg = "computed goto is not supported inside an atomic region";
  bool Reported = false;
  for (BasicBlock *Pred : predecessors(IB.getParent())) {
    Instruction *T = Pred->getTerminator();
    if (is_contained(R.Blocks, Pred) && T->getDebugLoc()) {
      reportRegionError(R, *T, Msg);
      Reported = true;
    }
  }
  if (!Reported)
    reportRegionError(R, IB, Msg);
}

/// True if V is the stack pointer saved by a stacksave that dominates AI
/// (through the phis local promotion leaves): restoring V frees AI.
static bool savedBefore(const Value *V, const AllocaInst &AI,
                        const DominatorTree &DT,
                        SmallPtrSetImpl<const PHINode *> &Seen) {
  if (auto *Phi = dyn_cast<PHINode>(V))
    return !Seen.insert(Phi).second ||
           all_of(Phi->incoming_values(), [&](const Value *In) {
             return savedBefore(In, AI, DT, Seen);
           });
  auto *II = dyn_cast<IntrinsicInst>(V);
  return II && II->getIntrinsicID() == Intrinsic::stacksave &&
         DT.dominates(II, &AI);
}

/// True if every path from AI to an exit of R restores the stack to a
/// pointer saved before AI: a variable-length array declared in the block,
/// which C frees at the end of its scope, inside the block.
static bool freedInRegion(const BlockRegion &R, const AllocaInst &AI,
                          const DominatorTree &DT) {
  auto Frees = [&](const Instruction &I) {
    auto *II = dyn_cast<IntrinsicInst>(&I);
    SmallPtrSet<const PHINode *, 4> Seen;
    return II && II->getIntrinsicID() == Intrinsic::stackrestore &&
           savedBefore(II->getArgOperand(0), AI, DT, Seen);
  };
  SmallPtrSet<const BasicBlock *, 16> Visited;
  SmallVector<BasicBlock::const_iterator, 16> Work{std::next(AI.getIterator())};
  while (!Work.empty()) {
    BasicBlock::const_iterator It = Work.pop_back_val();
    const BasicBlock *BB = It->getParent();
    bool Freed = false;
    for (; It != BB->end() && !Freed; ++It)
      Freed = Frees(*It);
    if (Freed)
      continue;
    if (isa<ReturnInst>(BB->getTerminator()))
      return false;
    for (const BasicBlock *S : successors(BB)) {
      if (!is_contained(R.Blocks, S))
        return false;
      if (Visited.insert(S).second)
        Work.push_back(S->begin());
    }
  }
  return true;
}

/// alloca() memory lives until the function returns in C, but the outlined
/// block's frame dies when it returns. That is invisible when the pointer
/// never leaves the block (not captured: no store, no call argument, no
/// output slot of local promotion) or when the block frees it itself (a
/// variable-length array); otherwise there is no sound place for it (the
/// caller cannot allocate it before the size is known, and every retry
/// would allocate again), so it is an error.
static bool checkDynamicAllocas(const BlockRegion &R) {
  std::unique_ptr<DominatorTree> DT;
  bool OK = true;
  for (BasicBlock *BB : R.Blocks)
    for (Instruction &I : *BB) {
      auto *AI = dyn_cast<AllocaInst>(&I);
      if (!AI || !PointerMayBeCaptured(AI, /*ReturnCaptures=*/true,
                                       /*StoreCaptures=*/true))
        continue;
      if (!DT)
        DT = std::make_unique<DominatorTree>(*R.F);
      if (freedInRegion(R, *AI, *DT))
        continue;
      reportRegionError(R, *AI,
                        "alloca inside an atomic block whose memory outlives "
                        "the block is not supported; allocate before the "
                        "block");
      OK = false;
    }
  return OK;
}

bool ame::checkRegion(const BlockRegion &R) {
  bool OK = true;
  for (BasicBlock *BB : R.Blocks)
    for (Instruction &I : *BB) {
      if (I.isEHPad() || isa<InvokeInst>(I) || isa<ResumeInst>(I)) {
        reportRegionError(R, I,
                          "exception handling is not supported inside an "
                          "atomic region");
        OK = false;
      } else if (auto *IB = dyn_cast<IndirectBrInst>(&I)) {
        // CodeExtractor cannot move the labels (their addresses are taken)
        // nor give an indirectbr exits of its own.
        reportComputedGoto(R, *IB);
        OK = false;
      } else if (isa<CallBrInst>(I)) {
        reportRegionError(R, I,
                          "asm goto is not supported inside an atomic region");
        OK = false;
      } else if (isa<ReturnInst>(I)) {
        reportRegionError(R, I,
                          "atomic region reaches a return without its end "
                          "marker");
        OK = false;
      }
    }
  OK &= checkDynamicAllocas(R);
  if (!OK)
    ++NumRegionsRejected;
  return OK;
}
