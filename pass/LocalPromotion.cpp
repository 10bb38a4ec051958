//===- LocalPromotion.cpp - Promote the locals atomic blocks use ----------===//
//
// Part of ame-regions, before outlining. A local a region reads or writes
// that only loads and stores touch becomes an SSA value: it enters the
// thunk in the context struct and leaves through an output slot, instead
// of being a stack line the transaction logs (which would also turn a
// read-only block into an update).
//
//   ame::promoteLocals(F, findBlockRegions(F), RegionTokens);
//===----------------------------------------------------------------------===//
#include "LocalPromotion.h"
#include "Common.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

#include <map>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumLocalsPromoted,
          "Locals used in an atomic block promoted to registers before "
          "outlining");

std::pair<std::string, DebugLoc> ame::localName(AllocaInst *AI) {
  std::string Name = AI->getName().str();
  DebugLoc Loc;
  for (DbgVariableRecord *DVR : findDVRDeclares(AI)) {
    Name = DVR->getVariable()->getName().str();
    Loc = DVR->getDebugLoc();
  }
  for (DbgDeclareInst *DDI : findDbgDeclares(AI)) {
    Name = DDI->getVariable()->getName().str();
    Loc = DDI->getDebugLoc();
  }
  if (!Loc) // the metadata use lists may not be set up: scan the records
    for (Instruction &I : instructions(AI->getFunction()))
      for (DbgVariableRecord &DVR : filterDbgVars(I.getDbgRecordRange()))
        if (DVR.isDbgDeclare() && DVR.getAddress() == AI) {
          Name = DVR.getVariable()->getName().str();
          Loc = DVR.getDebugLoc();
        }
  return {Name, Loc};
}

/// Promotes to SSA values the locals of F used inside one of its regions
/// (only loads and stores of them, the address never escapes), at every -O
/// level: this pass runs before SROA/mem2reg. Otherwise such a local stays
/// in F's frame and the region reaches it through barriers, and assigning it
/// turns a read-only transaction into an update. Promoted, it enters the
/// region as a value in the context struct and leaves through an output slot
/// (below) that every attempt rewrites.
void ame::promoteLocals(Function &F, const std::vector<BlockRegion> &Regions,
                        const SmallPtrSetImpl<AllocaInst *> &Tokens) {
  SmallPtrSet<BasicBlock *, 32> InRegion;
  for (const BlockRegion &R : Regions)
    InRegion.insert(R.Blocks.begin(), R.Blocks.end());
  SmallVector<AllocaInst *, 16> Promote;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(AI) && any_of(AI->users(), [&](User *U) {
            auto *UI = dyn_cast<Instruction>(U);
            return UI && InRegion.count(UI->getParent());
          }))
        Promote.push_back(AI);
  if (Promote.empty())
    return;
  OptimizationRemarkEmitter ORE(&F);
  unsigned Unnamed = 0;
  for (AllocaInst *AI : Promote) {
    // The region tokens (their markers are gone by now) go too, silently.
    if (Tokens.count(AI))
      continue;
    ++NumLocalsPromoted;
    auto [Name, Loc] = localName(AI);
    // Compiler temporaries, or any local without -g: one remark for all.
    if (Name.empty()) {
      ++Unnamed;
      continue;
    }
    ORE.emit([&] {
      return OptimizationRemark(PassName, "LocalPromoted",
                                DiagnosticLocation(Loc), AI->getParent())
             << "local " << ore::NV("Local", Name)
             << " used in an atomic block is kept in a register";
    });
  }
  if (Unnamed)
    ORE.emit([&] {
      return OptimizationRemark(PassName, "LocalsPromoted",
                                DiagnosticLocation(F.getSubprogram()),
                                &F.getEntryBlock())
             << ore::NV("Count", Unnamed)
             << " locals without a name (temporaries, or any local without "
                "-g) used in atomic blocks are kept in registers";
    });
  DominatorTree DT(F);
  PromoteMemToReg(Promote, DT);
  // Values the regions define and the rest of F uses leave through a slot
  // of F's frame (CodeExtractor's own outputs are not used: with aggregate
  // arguments LLVM 19 crashes in emitCallAndSwitchStatement on the outputs
  // these regions have, a loop-header phi or an exit phi). The region stores
  // the value right after each definition; the slot is written by every attempt
  // before it can commit, so like the context struct it needs no barrier
  // (tagged !ame.ctx); it is read after __ame_run returns.
  const DataLayout &DL = F.getDataLayout();
  std::map<std::pair<BasicBlock *, BasicBlock *>, BasicBlock *> SplitEdgeBlocks;
  // Exit edges into blocks with phis get a block of their own (or the phis
  // fold when the exit has a single predecessor), so the region has no
  // exit phi to split and every value it passes out is a plain use.
  for (const BlockRegion &R : Regions) {
    SmallPtrSet<BasicBlock *, 16> Blocks(R.Blocks.begin(), R.Blocks.end());
    SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> Exits;
    for (BasicBlock *BB : R.Blocks)
      for (BasicBlock *S : successors(BB))
        if (!Blocks.count(S) && isa<PHINode>(S->front()))
          Exits.push_back({BB, S});
    for (auto [From, To] : Exits) {
      if (To->getSinglePredecessor() == From)
        FoldSingleEntryPHINodes(To);
      else if (!SplitEdgeBlocks.count({From, To}) && isa<PHINode>(To->front()))
        SplitEdgeBlocks[{From, To}] = SplitEdge(From, To);
    }
  }
  for (const BlockRegion &R : Regions) {
    SmallPtrSet<BasicBlock *, 16> Blocks(R.Blocks.begin(), R.Blocks.end());
    for (BasicBlock *BB : R.Blocks)
      for (Instruction &I : *BB) {
        SmallVector<Use *, 4> Outside;
        SmallVector<std::pair<BasicBlock *, BasicBlock *>, 2> Edges;
        for (Use &U : I.uses()) {
          auto *UI = cast<Instruction>(U.getUser());
          if (Blocks.count(UI->getParent()))
            continue;
          Outside.push_back(&U);
          // A phi on an exit edge: the load goes on the split edge.
          if (auto *Phi = dyn_cast<PHINode>(UI))
            if (Blocks.count(Phi->getIncomingBlock(U)))
              Edges.push_back({Phi->getIncomingBlock(U), Phi->getParent()});
        }
        for (auto [From, To] : Edges)
          if (!SplitEdgeBlocks.count({From, To}))
            SplitEdgeBlocks[{From, To}] = SplitEdge(From, To);
        if (Outside.empty())
          continue;
        IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
        AllocaInst *Slot = B.CreateAlloca(I.getType(), DL.getAllocaAddrSpace(),
                                          nullptr, I.getName() + ".out");
        if (isa<PHINode>(I))
          B.SetInsertPoint(BB->getFirstInsertionPt());
        else
          B.SetInsertPoint(std::next(I.getIterator()));
        tag(*B.CreateStore(&I, Slot), CtxMD);
        for (Use *U : Outside) {
          auto *UI = cast<Instruction>(U->getUser());
          if (auto *Phi = dyn_cast<PHINode>(UI))
            B.SetInsertPoint(Phi->getIncomingBlock(*U)->getTerminator());
          else
            B.SetInsertPoint(UI);
          LoadInst *L =
              B.CreateLoad(I.getType(), Slot, I.getName() + ".reload");
          tag(*L, CtxMD);
          U->set(L);
        }
      }
  }
}
