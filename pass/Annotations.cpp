//===- Annotations.cpp - AME_IMMUTABLE / AME_REFCOUNT fields --------------===//
//
// PipelineStart (inside ame-regions). clang marks each access to an annotated
// field with llvm.ptr.annotation(ptr %field, "ame.immutable" | "ame.refcount",
// ...). This tags the loads and stores through that pointer with
// !ame.immutable / !ame.refcount so the instrumenter sees them.
// AME_IMMUTABLE fields are handled before, by ImmutableFields.cpp, which
// leaves no "ame.immutable" annotation behind. The semantics of refcounts
// (commutative updates) come in a later issue: for now those accesses stay
// instrumented and the instrumenter says so in an analysis remark.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions -S in.ll
//===----------------------------------------------------------------------===//
#include "Common.h"
#include "Passes.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

#define DEBUG_TYPE "ame"

STATISTIC(NumImmutableTagged, "Accesses to AME_IMMUTABLE fields tagged");
STATISTIC(NumRefcountTagged, "Accesses to AME_REFCOUNT fields tagged");

bool ame::tagFieldAnnotations(Module &M) {
  bool Changed = false;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      auto *II = dyn_cast<IntrinsicInst>(&I);
      if (!II || II->getIntrinsicID() != Intrinsic::ptr_annotation)
        continue;
      StringRef Tag;
      if (!getConstantStringInfo(II->getArgOperand(1), Tag))
        continue;
      const char *Kind = Tag == "ame.immutable"  ? ImmutableMD
                         : Tag == "ame.refcount" ? RefcountMD
                                                 : nullptr;
      if (!Kind)
        continue;
      for (User *U : II->users()) {
        Instruction *Access = nullptr;
        if (auto *LI = dyn_cast<LoadInst>(U))
          Access = LI;
        else if (auto *SI = dyn_cast<StoreInst>(U))
          Access = SI->getPointerOperand() == II ? SI : nullptr;
        else if (auto *RMW = dyn_cast<AtomicRMWInst>(U))
          Access = RMW;
        if (!Access)
          continue;
        tag(*Access, Kind);
        Changed = true;
        if (Kind == ImmutableMD)
          ++NumImmutableTagged;
        else
          ++NumRefcountTagged;
      }
    }
  return Changed;
}
