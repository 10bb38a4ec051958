//===- RegionFinder.cpp - Find the atomic regions of a module -------------===//
//
// Reads the markers include/ame.h leaves in the IR and turns each outermost
// block region into a list of whole basic blocks.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "RegionFinder.h"
#include "Common.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumNestedFlattened, "Nested atomic blocks flattened into the outer");
STATISTIC(NumBlockRegionsFound, "Atomic blocks found");
STATISTIC(NumFunctionRegionsFound, "AME_ATOMIC functions found");
STATISTIC(NumUnreachableRemoved,
          "Functions with atomic blocks whose unreachable blocks were removed");

namespace {
struct Marker {
  IntrinsicInst *Start;
  Value *Token;
  std::string File;
  unsigned Line;
  SmallVector<CallInst *, 4> Ends;
};

bool isRegionStart(const IntrinsicInst &II, std::string &File, unsigned &Line) {
  if (II.getIntrinsicID() != Intrinsic::var_annotation)
    return false;
  StringRef Tag;
  if (!getConstantStringInfo(II.getArgOperand(1), Tag) || Tag != "ame.atomic")
    return false;
  StringRef FileStr;
  if (getConstantStringInfo(II.getArgOperand(2), FileStr))
    File = FileStr.str();
  if (auto *CI = dyn_cast<ConstantInt>(II.getArgOperand(3)))
    Line = CI->getZExtValue();
  return true;
}

bool isRegionEnd(const Instruction &I) {
  auto *CI = dyn_cast<CallInst>(&I);
  if (!CI || CI->arg_size() != 1)
    return false;
  Function *Callee = CI->getCalledFunction();
  return Callee && Callee->getName() == AtomicEndFn;
}

/// Removes a region's markers: the annotation, the end calls, and the
/// lifetime markers of the token (so the token is a plain local of the
/// region and gets sunk into the outlined body).
void eraseMarkers(Marker &M) {
  SmallVector<Instruction *, 8> Dead;
  for (User *U : M.Token->users())
    if (auto *II = dyn_cast<IntrinsicInst>(U))
      if (II->isLifetimeStartOrEnd())
        Dead.push_back(II);
  Dead.push_back(M.Start);
  Dead.append(M.Ends.begin(), M.Ends.end());
  for (Instruction *I : Dead)
    I->eraseFromParent();
  M.Ends.clear();
  if (auto *AI = dyn_cast<AllocaInst>(M.Token))
    if (AI->use_empty())
      AI->eraseFromParent();
  M.Token = nullptr;
}

/// The region starts of F, in order; ByToken maps each token to its index.
std::vector<Marker> findStarts(Function &F,
                               DenseMap<Value *, unsigned> &ByToken) {
  std::vector<Marker> Markers;
  ByToken.clear();
  for (Instruction &I : instructions(F)) {
    auto *II = dyn_cast<IntrinsicInst>(&I);
    std::string File;
    unsigned Line = 0;
    if (!II || !isRegionStart(*II, File, Line))
      continue;
    Value *Token = II->getArgOperand(0)->stripPointerCasts();
    ByToken[Token] = Markers.size();
    Markers.push_back({II, Token, File, Line, {}});
  }
  return Markers;
}
} // namespace

std::vector<BlockRegion> ame::findBlockRegions(Function &F) {
  DenseMap<Value *, unsigned> ByToken;
  std::vector<Marker> Markers = findStarts(F, ByToken);
  if (Markers.empty())
    return {};
  // The front end leaves blocks nothing branches to, e.g. the code after a
  // jump that ends a block; one that branches into a region would look like
  // a second entry, and CodeExtractor refuses a region entered twice.
  if (removeUnreachableBlocks(F)) {
    ++NumUnreachableRemoved;
    Markers = findStarts(F, ByToken);
    if (Markers.empty())
      return {};
  }
  for (Instruction &I : instructions(F))
    if (isRegionEnd(I)) {
      auto It =
          ByToken.find(cast<CallInst>(I).getArgOperand(0)->stripPointerCasts());
      if (It != ByToken.end())
        Markers[It->second].Ends.push_back(cast<CallInst>(&I));
    }

  // Split so that each start and each end call begins a block.
  auto SplitAt = [](Instruction *I) {
    BasicBlock *BB = I->getParent();
    // The entry block cannot be outlined: split it even at its front.
    if (&BB->front() != I || BB->isEntryBlock())
      BB->splitBasicBlock(I, BB->getName() + ".ame");
  };
  for (Marker &M : Markers) {
    SplitAt(M.Start);
    for (CallInst *E : M.Ends)
      SplitAt(E);
  }

  // Region of each marker: reachable from the start without entering a block
  // that begins with one of its end calls.
  std::vector<SetVector<BasicBlock *>> Blocks(Markers.size());
  for (unsigned K = 0; K < Markers.size(); ++K) {
    SmallPtrSet<BasicBlock *, 8> Exits;
    for (CallInst *E : Markers[K].Ends)
      Exits.insert(E->getParent());
    SmallVector<BasicBlock *, 16> Work{Markers[K].Start->getParent()};
    Blocks[K].insert(Work.front());
    while (!Work.empty()) {
      BasicBlock *BB = Work.pop_back_val();
      for (BasicBlock *S : successors(BB))
        if (!Exits.count(S) && Blocks[K].insert(S))
          Work.push_back(S);
    }
  }

  // A region whose start lies in another region is nested: flatten it.
  std::vector<BlockRegion> Result;
  std::vector<bool> Nested(Markers.size(), false);
  for (unsigned K = 0; K < Markers.size(); ++K)
    for (unsigned J = 0; J < Markers.size(); ++J)
      if (J != K && Blocks[J].count(Blocks[K].front()) &&
          (!Blocks[K].count(Blocks[J].front()) || J < K))
        Nested[K] = true;
  for (unsigned K = 0; K < Markers.size(); ++K) {
    if (!Nested[K])
      continue;
    ++NumNestedFlattened;
    eraseMarkers(Markers[K]);
  }
  for (unsigned K = 0; K < Markers.size(); ++K) {
    if (Nested[K])
      continue;
    ++NumBlockRegionsFound;
    BlockRegion R;
    R.F = &F;
    R.File = Markers[K].File;
    R.Line = Markers[K].Line;
    R.Loc = Markers[K].Start->getDebugLoc();
    R.Blocks.assign(Blocks[K].begin(), Blocks[K].end());
    Result.push_back(std::move(R));
  }
  // Count, per outer region, the nested ones dropped inside it.
  for (unsigned J = 0; J < Markers.size(); ++J) {
    if (!Nested[J])
      continue;
    for (BlockRegion &R : Result)
      if (is_contained(R.Blocks, Blocks[J].front()))
        ++R.NestedFlattened;
  }
  for (unsigned K = 0; K < Markers.size(); ++K)
    if (!Nested[K])
      eraseMarkers(Markers[K]);
  return Result;
}

std::vector<FunctionRegion> ame::findFunctionRegions(Module &M) {
  std::vector<FunctionRegion> Result;
  for (const FunctionAnnotation &A : functionAnnotations(M)) {
    if (A.F->isDeclaration() || A.Tag != "ame.atomic_fn")
      continue;
    FunctionRegion R;
    R.F = A.F;
    R.File = A.File.str();
    R.Line = A.Line;
    ++NumFunctionRegionsFound;
    Result.push_back(R);
  }
  return Result;
}
