//===- LineWrites.cpp - Loop stores written into their line's buffer ------===//
//
// Finds the stores of an innermost loop of a transactional function that
// walk shared memory at a constant stride below a line (an array filled,
// a copy's destination), in a loop where nothing reads what they write.
// The instrumenter then keeps, for each group of them, the line they hold:
// where a store enters another line, one call (__ame_open_line) takes it
// for writing and returns its buffer in the write log (or the line itself,
// written in place); the store writes the buffer and adds its bytes to a
// mask kept in a register, which goes to the runtime's mask of the line
// when the loop enters the next line or leaves. A store that crosses into
// the next line keeps its barrier.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-line-writes=false)
//===----------------------------------------------------------------------===//
#include "LineWrites.h"

#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;
using namespace ame;

/// The loop's loads, if every instruction of it that touches memory is a
/// simple load or store, or belongs to a line read (IsLineBuffer).
static bool
onlyLoadsAndStores(const Loop &L,
                   function_ref<bool(const Instruction &)> IsLineBuffer,
                   SmallVectorImpl<const Instruction *> &Loads) {
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (isa<DbgInfoIntrinsic>(I) || I.isLifetimeStartOrEnd() ||
          IsLineBuffer(I) || !I.mayReadOrWriteMemory())
        continue;
      if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (!LI->isSimple())
          return false;
        Loads.push_back(LI);
      } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (!SI->isSimple())
          return false;
      } else {
        return false;
      }
    }
  return true;
}

namespace {
/// A store that walks memory (LoopWalks.h).
struct StoreWalk {
  StoreInst *St;
  Walk W;
  uint64_t Size;
};
} // namespace

SmallVector<LineWriteGroup, 4>
LineWrites::find(function_ref<bool(StoreInst &)> NeedsBarrier,
                 function_ref<bool(const Instruction &)> IsLineBuffer) {
  SmallVector<LineWriteGroup, 4> Found;
  for (Loop *L : LI.getLoopsInPreorder()) {
    if (!L->isInnermost())
      continue;
    // A loop the vectorizer made or left: only its vector stores. Its
    // scalar remainder runs fewer iterations than the vector width, too few
    // to pay for a line buffer: a transaction writing one word through it
    // (bench/micro.c write, n = 1) took 51 ns instead of 33, its word's
    // entry a line buffer, whose write-back is the general one.
    bool Vectorized =
        findStringMetadataForLoop(L, "llvm.loop.isvectorized").has_value();
    SmallVector<const Instruction *, 8> Loads;
    if (!onlyLoadsAndStores(*L, IsLineBuffer, Loads))
      continue;
    SmallVector<StoreWalk, 4> Walks;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB) {
        auto *St = dyn_cast<StoreInst>(&I);
        if (!St || !St->isSimple() || IsLineBuffer(*St))
          continue;
        Type *Ty = St->getValueOperand()->getType();
        if (!Ty->isSingleValueType() || Ty->isVectorTy() != Vectorized ||
            !NeedsBarrier(*St))
          continue;
        TypeSize Size = DL.getTypeStoreSize(Ty);
        if (Size.isScalable() || Size.getFixedValue() > 64 ||
            !isPowerOf2_64(Size.getFixedValue()) ||
            DL.getTypeSizeInBits(Ty) != Size.getFixedValue() * 8)
          continue;
        std::optional<Walk> W = walkOf(SE, *L, St->getPointerOperand());
        // Nothing in the loop reads what it writes, at any iteration: the
        // bytes written since the line was entered are marked in a
        // register, not yet in the runtime's mask, and a barrier reading
        // them would take them from memory.
        if (!W || !apartFromAll(Aliases.AA, *St, Loads))
          continue;
        Walks.push_back({St, *W, Size.getFixedValue()});
      }
    if (Walks.empty())
      continue;
    BasicBlock *Pre = preheader(L);
    if (!Pre)
      continue;
    if (!L->hasDedicatedExits())
      formDedicatedExitBlocks(L, &DT, &LI, nullptr, false);
    SmallVector<BasicBlock *, 2> Exits;
    L->getUniqueExitBlocks(Exits);
    if (!L->hasDedicatedExits() ||
        any_of(Exits, [](BasicBlock *E) { return E->isEHPad(); }))
      continue;
    // Stores of one group share the held line (each line is entered once,
    // not once per store).
    WalkGroups Groups(SE);
    for (const StoreWalk &SW : Walks) {
      if (Groups.join(SW.St->getParent(), SW.W, SW.Size))
        Found.back().Stores.push_back(SW.St);
      else
        Found.push_back({{SW.St}, Pre, Exits});
    }
  }
  return Found;
}
