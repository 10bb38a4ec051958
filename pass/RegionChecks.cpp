//===- RegionChecks.cpp - What an atomic block may not contain ------------===//
//
// Part of ame-regions. Each construct below is a compile-time error at its
// statement: the pass never outlines a region it cannot run correctly, and
// leaves such a region as it is, so the IR stays valid.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "RegionChecks.h"
#include "Remarks.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumRegionsRejected, "Atomic blocks rejected with an error");

void ame::reportRegionError(const BlockRegion &R, const Instruction &I,
                            const Twine &Msg) {
  reportError(I, Msg, R.where());
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
      } else if (isa<IndirectBrInst>(I) || isa<CallBrInst>(I)) {
        reportRegionError(R, I,
                          "computed goto and asm goto are not supported "
                          "inside an atomic region");
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
