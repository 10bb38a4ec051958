//===- ObjectReads.cpp - Loads of one object read through one barrier -----===//
//
// Finds the loads of a transactional function that read one object: their
// addresses are constant offsets from the same pointer and lie within 64
// bytes, the first of them (in dominance order) dominates the others, and
// no instruction on a path from the first to another may write what that
// other reads. The instrumenter then copies their bytes into a buffer of
// the frame with one barrier at the first load, when the bytes lie in one
// line, and each load reads the buffer; when they cross into the next line
// each load keeps its own barrier.
//
// Such loads are what a block does with a struct it reached through a
// pointer: bench/shapes.c's yada reads an element's three neighbour links,
// one after another, with writes to other links between, and GVN cannot
// merge them (they read different bytes).
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-object-reads=false)
//===----------------------------------------------------------------------===//
#include "ObjectReads.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/PointerIntPair.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;
using namespace ame;

namespace {
/// Bounds on the search for writes between two loads: past them the loads
/// keep their own barriers.
constexpr unsigned MaxBlocksBetween = 64;
constexpr unsigned MaxInstructionsBetween = 2048;
/// Loads of one pointer considered, in dominance order.
constexpr unsigned MaxLoadsPerBase = 32;
} // namespace

ObjectReads::ObjectReads(Function &F)
    : F(F), DL(F.getDataLayout()), Aliases(F), DT(Aliases.DT), LI(DT), PDT(F),
      Escapes(DT, &LI), BatchAA(Aliases.AA, &Escapes) {
  DT.updateDFSNumbers();
}

/// Whether an instruction on a path from First to Ld (First dominates Ld)
/// may write the bytes Ld reads. The paths that matter run from First to
/// Ld without passing First again: a later run of First copies the bytes
/// anew. Walking back from Ld and stopping at First's block finds exactly
/// their blocks (every path from the entry to Ld passes First, so every
/// block that reaches Ld without passing First is reached from First).
bool ObjectReads::mayWriteBetween(const LoadInst &First, const LoadInst &Ld) {
  MemoryLocation Loc = MemoryLocation::get(&Ld);
  const Value *LdObject = getUnderlyingObject(Ld.getPointerOperand());
  // A store into a block allocated (a noalias call: __ame_malloc) after
  // Ld's pointer was read, or Ld's pointer is an argument or a global:
  // the pointer existed before the block did, so it cannot point into it.
  // Alias analysis asks whether the block escaped before the store, which
  // in a loop it did, in an earlier iteration (stored into a local array),
  // as a different block.
  auto IntoLaterBlock = [&](const Instruction &I) {
    const auto *S = dyn_cast<StoreInst>(&I);
    if (!S)
      return false;
    const Value *Obj = getUnderlyingObject(S->getPointerOperand());
    const auto *Alloc = dyn_cast<CallBase>(Obj);
    if (!Alloc || !isNoAliasCall(Alloc) || Obj == LdObject)
      return false;
    if (isa<Argument>(LdObject) || isa<GlobalValue>(LdObject))
      return true;
    const auto *Def = dyn_cast<Instruction>(LdObject);
    return Def && DT.dominates(Def, Alloc);
  };
  // A store into a local of the frame whose address never escapes, when
  // Ld's pointer does not come from that local: alias analysis gives up
  // on a pointer that phis of phis choose (yada's cav[i], read again after
  // each store into cav).
  SmallVector<const Value *, 4> LdObjects;
  getUnderlyingObjects(Ld.getPointerOperand(), LdObjects, nullptr,
                       /*MaxLookup=*/0);
  bool LdObjectsKnown = none_of(LdObjects, [](const Value *O) {
    return isa<PHINode>(O) || isa<SelectInst>(O);
  });
  auto IntoPrivateLocal = [&](const Instruction &I) {
    const auto *S = dyn_cast<StoreInst>(&I);
    if (!S || !LdObjectsKnown)
      return false;
    const auto *AI =
        dyn_cast<AllocaInst>(getUnderlyingObject(S->getPointerOperand()));
    return AI && !is_contained(LdObjects, AI) &&
           !PointerMayBeCaptured(AI, /*ReturnCaptures=*/true,
                                 /*StoreCaptures=*/true);
  };
  unsigned Budget = MaxInstructionsBetween;
  auto Writes = [&](BasicBlock::const_iterator I,
                    BasicBlock::const_iterator E) {
    for (; I != E; ++I) {
      if (--Budget == 0)
        return true;
      if (!I->mayWriteToMemory() || isa<DbgInfoIntrinsic>(*I) ||
          I->isLifetimeStartOrEnd() || IntoLaterBlock(*I) ||
          IntoPrivateLocal(*I))
        continue;
      // Stores through another pointer, calls whose effects alias analysis
      // knows (a function that writes only its arguments' memory).
      if (isModSet(BatchAA.getModRefInfo(&*I, Loc)))
        return true;
    }
    return false;
  };
  const BasicBlock *FB = First.getParent(), *LB = Ld.getParent();
  if (FB == LB)
    return Writes(std::next(First.getIterator()), Ld.getIterator());
  if (Writes(LB->begin(), Ld.getIterator()))
    return true;
  SmallVector<const BasicBlock *, 16> Work(pred_begin(LB), pred_end(LB));
  SmallPtrSet<const BasicBlock *, 16> Seen;
  while (!Work.empty()) {
    const BasicBlock *BB = Work.pop_back_val();
    if (!Seen.insert(BB).second)
      continue;
    if (Seen.size() > MaxBlocksBetween)
      return true;
    if (BB == FB) {
      if (Writes(std::next(First.getIterator()), FB->end()))
        return true;
      continue;
    }
    // Ld's own block again (a loop around it that First is not in): all of
    // it, since a path may pass Ld and come back to it.
    if (Writes(BB->begin(), BB->end()))
      return true;
    Work.append(pred_begin(BB), pred_end(BB));
  }
  return false;
}

/// What identifies the object Base points to, for grouping: Base itself,
/// or for a pointer read from a slot (a load, or a phi or select of loads
/// of one slot: a local array's element read again after a store to
/// another element), the slot, marked as such (the slot's own bytes are
/// another object). Reads of one slot may differ (a store to it between),
/// so such loads join a group only behind a test that their pointer equals
/// the first one's.
using ObjectKey = PointerIntPair<const Value *, 1, bool>;
static ObjectKey objectKey(const Value *Base) {
  const Value *Common = nullptr;
  SmallVector<const Value *, 4> Work{Base};
  SmallPtrSet<const Value *, 8> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    if (Seen.size() > 16)
      return {Base, false};
    if (const auto *Phi = dyn_cast<PHINode>(V)) {
      Work.append(Phi->value_op_begin(), Phi->value_op_end());
      continue;
    }
    if (const auto *Sel = dyn_cast<SelectInst>(V)) {
      Work.push_back(Sel->getTrueValue());
      Work.push_back(Sel->getFalseValue());
      continue;
    }
    const auto *L = dyn_cast<LoadInst>(V);
    if (!L || !L->isSimple() || (Common && L->getPointerOperand() != Common))
      return {Base, false};
    Common = L->getPointerOperand();
  }
  return {Common, true};
}

SmallVector<ObjectReadGroup, 4>
ObjectReads::find(ArrayRef<LoadInst *> Candidates) {
  struct Access {
    LoadInst *Ld;
    Value *Base;
    int64_t Off;
  };
  MapVector<ObjectKey, SmallVector<Access, 4>> ByObject;
  for (LoadInst *Ld : Candidates) {
    TypeSize Size = DL.getTypeStoreSize(Ld->getType());
    if (!Ld->isSimple() || Size.isScalable() || Size.getFixedValue() == 0 ||
        Size.getFixedValue() > 64)
      continue;
    int64_t Off = 0;
    Value *Base =
        GetPointerBaseWithConstantOffset(Ld->getPointerOperand(), Off, DL);
    ByObject[objectKey(Base)].push_back({Ld, Base, Off});
  }
  // Dominators first: a block's DFS number in the dominator tree, then the
  // order within the block.
  auto Before = [&](const Access &A, const Access &B) {
    const BasicBlock *BA = A.Ld->getParent(), *BB = B.Ld->getParent();
    if (BA == BB)
      return A.Ld->comesBefore(B.Ld);
    return DT.getNode(BA)->getDFSNumIn() < DT.getNode(BB)->getDFSNumIn();
  };
  auto SizeOf = [&](const LoadInst *Ld) {
    return int64_t(DL.getTypeStoreSize(Ld->getType()).getFixedValue());
  };
  SmallVector<ObjectReadGroup, 4> Groups;
  for (auto &[Key, Loads] : ByObject) {
    if (Loads.size() < 2)
      continue;
    // Unreachable blocks have no node in the tree.
    erase_if(Loads,
             [&](const Access &A) { return !DT.getNode(A.Ld->getParent()); });
    llvm::sort(Loads, Before);
    if (Loads.size() > MaxLoadsPerBase)
      Loads.resize(MaxLoadsPerBase);
    SmallPtrSet<const LoadInst *, 8> Taken;
    for (unsigned I = 0; I < Loads.size(); ++I) {
      const Access &First = Loads[I];
      if (Taken.count(First.Ld))
        continue;
      int64_t Lo = First.Off, Hi = First.Off + SizeOf(First.Ld);
      SmallVector<const Access *, 4> Members{&First};
      for (unsigned J = I + 1; J < Loads.size(); ++J) {
        const Access &A = Loads[J];
        if (Taken.count(A.Ld) || !DT.dominates(First.Ld, A.Ld))
          continue;
        int64_t NewLo = std::min(Lo, A.Off);
        int64_t NewHi = std::max(Hi, A.Off + SizeOf(A.Ld));
        if (NewHi - NewLo > 64 || mayWriteBetween(*First.Ld, *A.Ld))
          continue;
        Lo = NewLo;
        Hi = NewHi;
        Members.push_back(&A);
      }
      // The copy costs a little more than the first load's own barrier:
      // it pays when another load of the group runs whenever the first
      // does (genome's chain walk reads a node's hash, and its length only
      // when the hash matches: no gain there).
      if (none_of(drop_begin(Members), [&](const Access *M) {
            return PDT.dominates(M->Ld->getParent(), First.Ld->getParent());
          }))
        continue;
      ObjectReadGroup G{First.Base, Lo, uint64_t(Hi - Lo), {}};
      for (const Access *M : Members) {
        Taken.insert(M->Ld);
        G.Loads.push_back({M->Ld, uint64_t(M->Off - Lo), M->Base});
      }
      Groups.push_back(std::move(G));
    }
  }
  return Groups;
}
