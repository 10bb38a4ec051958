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
// buffer's line (the code around the loop may write it), except that a
// vectorized loop's scalar remainder, entered straight from its vector
// loop, goes on with the vector loop's buffer.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-line-reads=false)
//===----------------------------------------------------------------------===//
#include "LineReads.h"

#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

#include <deque>

using namespace llvm;
using namespace ame;

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

namespace {
/// A load that walks memory (LoopWalks.h).
struct LoadWalk {
  LoadInst *Ld;
  Walk W;
  uint64_t Size;
};

/// A vectorized loop whose vector loads got buffers: each buffer's first
/// load, to which its scalar remainder's loads may be matched.
struct VectorLoop {
  Loop *L;
  SmallVector<const StoreInst *, 8> Stores;
  SmallVector<std::pair<const LoadWalk *, unsigned>, 2> Buffers;
};
} // namespace

/// Whether an instruction of BB may write memory.
static bool writesMemory(const BasicBlock &BB) {
  return any_of(BB, [](const Instruction &I) {
    return !isa<DbgInfoIntrinsic>(I) && !I.isLifetimeStartOrEnd() &&
           I.mayWriteToMemory();
  });
}

SmallVector<LineRead, 4>
LineReads::find(function_ref<bool(LoadInst &)> NeedsBarrier, bool VectorLoops,
                bool Remainders) {
  SmallVector<LineRead, 4> Found;
  unsigned Buffers = 0;
  // Walks live as long as find: VectorLoop points into them.
  std::deque<SmallVector<LoadWalk, 4>> AllWalks;
  SmallVector<VectorLoop, 2> VectorWalks;
  SmallVector<Loop *, 2> ScalarRemainders;

  // The loads of L (vector ones, or scalar ones) that walk shared memory at
  // a stride below a line which no store of Stores may write.
  auto Walks = [&](Loop *L, bool Vector, ArrayRef<const StoreInst *> Stores) {
    SmallVector<LoadWalk, 4> Loads;
    SmallVector<const Instruction *, 8> Writers(Stores.begin(), Stores.end());
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB) {
        auto *Ld = dyn_cast<LoadInst>(&I);
        if (!Ld || !Ld->isSimple() || !Ld->getType()->isSingleValueType() ||
            Ld->getType()->isVectorTy() != Vector || !NeedsBarrier(*Ld))
          continue;
        TypeSize Size = DL.getTypeStoreSize(Ld->getType());
        if (Size.isScalable() || Size.getFixedValue() > (Vector ? 64 : 8))
          continue;
        std::optional<Walk> W = walkOf(SE, *L, Ld->getPointerOperand());
        // Nothing in the loop writes what it reads, at any iteration (or
        // within the loop-wide scopes of a vectorized loop's runtime
        // checks), not only what one iteration's addresses touch.
        if (!W || !apartFromAll(Aliases.AA, *Ld, Writers))
          continue;
        Loads.push_back({Ld, *W, Size.getFixedValue()});
      }
    return Loads;
  };

  for (Loop *L : LI.getLoopsInPreorder()) {
    if (!L->isInnermost())
      continue;
    // A loop the vectorizer made or left: only its vector loads. Its scalar
    // remainder runs fewer iterations than the vector width, too few for a
    // line copy of its own to pay for itself: labyrinth's copy loop went
    // from 17 900 to 18 340 instructions per block with its remainder loop
    // served by line copies. Its vector body reads a line in 2 to 4 loads,
    // each a barrier of its own otherwise (the audit of bench/bank.c: 4 per
    // line). The remainder may continue in the vector loop's buffer (below).
    bool Vectorized =
        findStringMetadataForLoop(L, "llvm.loop.isvectorized").has_value();
    if (Vectorized && !VectorLoops)
      continue;
    SmallVector<const StoreInst *, 8> Stores;
    if (!onlyStoresWrite(*L, Stores))
      continue;
    SmallVector<LoadWalk, 4> &Loads =
        AllWalks.emplace_back(Walks(L, Vectorized, Stores));
    if (Loads.empty()) {
      if (Vectorized && Remainders)
        ScalarRemainders.push_back(L);
      continue;
    }
    BasicBlock *Pre = preheader(L);
    if (!Pre)
      continue;
    VectorLoop *VL = nullptr;
    if (Vectorized && Remainders) {
      VectorWalks.push_back({L, Stores, {}});
      VL = &VectorWalks.back();
    }
    // A load shares the buffer of the loads before it in its block (the
    // pieces of one vector iteration, an unrolled body) when it reads a
    // constant distance after the previous one, and the whole group stays
    // within one stride: the addresses then never go back, and each line is
    // copied once, not once per load.
    WalkGroups Groups(SE);
    for (const LoadWalk &LW : Loads) {
      std::optional<int64_t> Joined =
          Groups.join(LW.Ld->getParent(), LW.W, LW.Size);
      if (!Joined) {
        ++Buffers;
        if (VL && LW.W.Step > 0)
          VL->Buffers.push_back({&LW, Buffers - 1});
      }
      Found.push_back({LW.Ld, {Pre}, Buffers - 1, false, Joined.value_or(0)});
    }
  }

  // A vectorized loop's scalar remainder starts where its vector loop
  // stopped, mostly in the line the vector loop's buffer holds: its loads
  // read that buffer instead of a barrier each. Its preheader must be
  // entered from the vector loop's only exit block (the middle block, all
  // of whose predecessors are in the vector loop), and neither block may
  // write memory; its other entries (the vector loop skipped) forget the
  // buffer's line on their edge. The buffer then holds, at each read, a
  // line read through the barrier that nothing wrote since: the vector
  // loop's stores and the remainder's may not write the load's object
  // (alias analysis about whole objects, as above), and nothing else ran.
  for (Loop *R : ScalarRemainders) {
    BasicBlock *Pre = R->getLoopPreheader();
    if (!Pre || writesMemory(*Pre))
      continue;
    // The vector loop whose only exit block Exit is, entered from it alone.
    auto ExitOf = [&](BasicBlock *Exit) -> const VectorLoop * {
      for (const VectorLoop &VL : VectorWalks)
        if (VL.L->getExitBlock() == Exit &&
            all_of(predecessors(Exit),
                   [&](BasicBlock *B) { return VL.L->contains(B); }))
          return &VL;
      return nullptr;
    };
    const VectorLoop *From = ExitOf(Pre);
    SmallVector<BasicBlock *, 2> Others;
    bool Ok = true;
    if (!From)
      for (BasicBlock *Pred : predecessors(Pre)) {
        const VectorLoop *V = ExitOf(Pred);
        if (V && !From && !writesMemory(*Pred)) {
          From = V;
          continue;
        }
        if (!isa<BranchInst>(Pred->getTerminator()))
          Ok = false;
        Others.push_back(Pred);
      }
    if (!Ok || !From || From->Buffers.empty())
      continue;
    SmallVector<const StoreInst *, 8> Stores;
    onlyStoresWrite(*R, Stores);
    append_range(Stores, From->Stores);
    SmallVector<LoadWalk, 4> Loads = Walks(R, false, Stores);
    // The buffer of the vector load that walks the same object, forward.
    SmallVector<std::pair<LoadInst *, unsigned>, 2> Joining;
    for (const LoadWalk &W : Loads) {
      if (W.W.Step <= 0)
        continue;
      const SCEV *Base =
          SE.getPointerBase(SE.getSCEV(W.Ld->getPointerOperand()));
      const std::pair<const LoadWalk *, unsigned> *Match = nullptr;
      unsigned Matches = 0;
      for (const auto &B : From->Buffers)
        if (SE.getPointerBase(SE.getSCEV(B.first->Ld->getPointerOperand())) ==
            Base) {
          Match = &B;
          ++Matches;
        }
      if (Matches == 1)
        Joining.push_back({W.Ld, Match->second});
    }
    if (Joining.empty())
      continue;
    // Every other entry must forget the line: without its own block on
    // the edge, the remainder keeps its barriers.
    SmallVector<BasicBlock *, 2> Resets;
    for (BasicBlock *Pred : Others)
      if (BasicBlock *E = SplitEdge(Pred, Pre, &DT, &LI))
        Resets.push_back(E);
    if (Resets.size() != Others.size())
      continue;
    for (auto [Ld, Buffer] : Joining)
      Found.push_back({Ld, Resets, Buffer, true});
  }
  return Found;
}
