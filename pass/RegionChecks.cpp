//===- RegionChecks.cpp - What an atomic block may not contain ------------===//
//
// Part of ame-regions. Each construct below is a compile-time error at its
// statement: the pass never outlines a region it cannot run correctly, and
// leaves such a region as it is, so the IR stays valid.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "RegionChecks.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Instructions.h"
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
  if (!OK)
    ++NumRegionsRejected;
  return OK;
}
