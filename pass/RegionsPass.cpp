//===- RegionsPass.cpp - The ame-regions pass -----------------------------===//
//
// PipelineStart, before any optimization, so the IR has the front end's
// shape at every -O level. Per function: find the block regions, promote
// the locals they use, check each region and outline it. Then wrap the
// AME_ATOMIC functions. Accesses to AME_IMMUTABLE data and AME_REFCOUNT
// fields are tagged first, while the IR has the front end's shape.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "Common.h"
#include "LocalPromotion.h"
#include "Passes.h"
#include "RegionChecks.h"
#include "RegionFinder.h"
#include "RegionOutliner.h"
#include "TxCloner.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace ame;

/// The locals that carry a region's markers (the `ame_atomic` tokens).
static SmallPtrSet<AllocaInst *, 4> regionTokens(Function &F) {
  SmallPtrSet<AllocaInst *, 4> Tokens;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (any_of(AI->users(), [](User *U) {
            auto *II = dyn_cast<IntrinsicInst>(U);
            return II && II->getIntrinsicID() == Intrinsic::var_annotation;
          }))
        Tokens.insert(AI);
  return Tokens;
}

PreservedAnalyses ame::RegionsPass::run(Module &M, ModuleAnalysisManager &) {
  bool Changed = findImmutableAccesses(M);
  Changed |= tagFieldAnnotations(M);
  RegionOutliner Outliner(M);
  SmallVector<Function *, 16> Funcs;
  for (Function &F : M)
    if (!F.isDeclaration())
      Funcs.push_back(&F);
  for (Function *F : Funcs) {
    SmallPtrSet<AllocaInst *, 4> Tokens = regionTokens(*F);
    std::vector<BlockRegion> Regions = findBlockRegions(*F);
    if (Regions.empty())
      continue;
    Changed = true;
    promoteLocals(*F, Regions, Tokens);
    for (BlockRegion &R : Regions)
      if (checkRegion(R))
        Outliner.outline(R);
  }
  for (const FunctionRegion &R : findFunctionRegions(M))
    Changed |= Outliner.wrapFunction(R);
  // Before the inliner mixes them into the thunks: which accesses are not a
  // block's own (the fast paths they get, FastPathLinker.cpp). A block's
  // own code is its thunk, or a function that runs as a block of its own.
  SmallPtrSet<Function *, 8> Bodies;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *Body = TxCloner::blockBodyPassedTo(*CB))
          Bodies.insert(Body);
  for (Function &F : M)
    if (!F.isDeclaration() && !F.getName().contains(RegionSuffix) &&
        !Bodies.count(&F))
      for (Instruction &I : instructions(F))
        if (isa<LoadInst, StoreInst, MemIntrinsic>(I))
          tag(I, OutsideBlockMD); // metadata only: no analysis changes
  // The end marker is an empty static function; drop it once unused.
  if (Function *End = M.getFunction(AtomicEndFn))
    if (End->use_empty() && (End->hasLocalLinkage() || End->isDeclaration())) {
      End->eraseFromParent();
      Changed = true;
    }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
