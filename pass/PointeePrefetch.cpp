//===- PointeePrefetch.cpp - Lock words of objects read plainly, early ----===//
//
// Part of ame-instrument, once a transactional function has its barriers.
// A block that reads a pointer from shared memory and then reads the
// object without a barrier (an AME_IMMUTABLE field: a key, a geometry)
// brings the object's line into the cache but not its lock word, which
// lives in the shadow. When the block goes on to the object's mutable
// fields, their barrier misses on the lock word alone, long after the line
// arrived, with nothing to overlap: bench/shapes.c's yada reads each
// candidate element's circumcircle plainly to decide whether it joins the
// cavity, then its links through barriers, and each of those barriers
// waited for its lock word. So the lock word is prefetched right where the
// pointer is read: its miss overlaps the object's own.
//
// A prefetch has no effect on what the program computes (it never faults
// and writes nothing; a stale or null pointer only costs a useless fetch),
// and neither has its address: arithmetic on the pointer's value.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-pointee-prefetch=false)
//===----------------------------------------------------------------------===//
#include "PointeePrefetch.h"
#include "AbiDecls.h"
#include "Common.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumPointeePrefetches,
          "Lock words prefetched where a pointer to an object the block "
          "reads without a barrier is read");

namespace {

/// Uses of a pointer followed to find a plain access, at most: the
/// accesses that matter are a few field reads right after the pointer.
constexpr unsigned MaxUsesVisited = 32;

/// P, a pointer the function reads from shared memory: through an 8-byte
/// read barrier (then P is the barrier's value made a pointer again), from
/// the copy of an object's fields such a barrier took (ObjectReads.cpp),
/// or from an AME_IMMUTABLE field. Other plain loads read memory nobody else
/// writes (the block's context, its own allocations, private data), whose
/// pointers lead to more of the same.
bool isPointerReadFromMemory(const Instruction &P) {
  if (!P.getType()->isPointerTy())
    return false;
  if (auto *ITP = dyn_cast<IntToPtrInst>(&P)) {
    auto *CI = dyn_cast<CallInst>(ITP->getOperand(0));
    const Function *Callee = CI ? CI->getCalledFunction() : nullptr;
    if (!Callee)
      return false;
    StringRef Name = Callee->getName();
    return Name == AbiDecls::symbol(Abi_load_8) ||
           Name == AbiDecls::symbol(Abi_load_for_write_8);
  }
  auto *L = dyn_cast<LoadInst>(&P);
  return L && L->isSimple() &&
         (L->hasMetadata(ImmutableMD) || L->hasMetadata(SharedCopyMD));
}

/// The first load or store left without a barrier found at an address
/// computed from P (through GEPs, casts and phis), if any.
const Instruction *plainAccessThrough(const Instruction &P) {
  SmallVector<const Value *, 8> Work{&P};
  SmallPtrSet<const Value *, 8> Seen{&P};
  unsigned Visited = 0;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const User *U : V->users()) {
      if (++Visited > MaxUsesVisited)
        return nullptr;
      if (auto *L = dyn_cast<LoadInst>(U)) {
        if (L->isSimple() && L->getPointerOperand() == V)
          return L;
      } else if (auto *S = dyn_cast<StoreInst>(U)) {
        if (S->isSimple() && S->getPointerOperand() == V)
          return S;
      } else if (isa<GetElementPtrInst>(U) || isa<BitCastInst>(U) ||
                 isa<AddrSpaceCastInst>(U)) {
        if (cast<User>(U)->getOperand(0) == V && Seen.insert(U).second)
          Work.push_back(U);
      } else if (isa<PHINode>(U)) {
        // A read split in two (a copy of the object's fields or its
        // barrier, ObjectReads.cpp) merges its value here.
        if (Seen.insert(U).second)
          Work.push_back(U);
      }
    }
  }
  return nullptr;
}

} // namespace

bool ame::prefetchPointeeLockWords(Function &F,
                                   OptimizationRemarkEmitter &ORE) {
  // The shadow mapping is one of 64-bit addresses; -O0 code waits for
  // every load anyway, and -Oz wants the bytes.
  if (F.getDataLayout().getPointerSizeInBits() != 64 || F.hasOptNone() ||
      F.hasMinSize())
    return false;
  SmallVector<std::pair<Instruction *, const Instruction *>, 8> Found;
  for (Instruction &I : instructions(F))
    if (isPointerReadFromMemory(I))
      if (const Instruction *Access = plainAccessThrough(I))
        Found.push_back({&I, Access});
  Module &M = *F.getParent();
  for (auto [P, Access] : Found) {
    IRBuilder<> B(P->getNextNode());
    B.SetCurrentDebugLocation(P->getDebugLoc());
    Function *Prefetch =
        Intrinsic::getDeclaration(&M, Intrinsic::prefetch, {P->getType()});
    // A read: the barriers of most such objects only read their lock word
    // (a writer's compare-and-swap takes the line exclusive itself);
    // locality 3 as __builtin_prefetch's default; data cache.
    B.CreateCall(Prefetch, {AbiDecls::lockWordAddress(B, P), B.getInt32(0),
                            B.getInt32(3), B.getInt32(1)});
    ++NumPointeePrefetches;
    ORE.emit([&] {
      OptimizationRemark R(PassName, "PointeePrefetch", P);
      R << "the lock word of the object this pointer points to is "
           "prefetched when the pointer is read: the block reads the object "
           "without a barrier";
      if (DebugLoc DL = Access->getDebugLoc())
        R << " at line " << ore::NV("Line", DL.getLine());
      return R;
    });
  }
  return !Found.empty();
}
