//===- EntryPrefetch.cpp - Lines a block touches, prefetched first --------===//
//
// Part of ame-instrument, after every thunk has its barriers (only then is
// it known which accesses have one). A short block is a few hundred
// instructions of attempt start, barriers and commit around a few cache
// misses; that is more than a core's reorder buffer holds, so a block's
// misses wait for each other and for the next block's, where the same
// accesses under a lock overlap. So before each __ame_run the caller
// prefetches the lines that the block's barriers touch on its likely paths,
// and their lock words, when their addresses follow from the block's inputs
// (the context the caller has just filled) by arithmetic alone: the
// misses then overlap each other and the attempt start. A prefetch has no
// effect on what the program computes, and neither has the computation of
// its address: instructions that are safe to speculate, loads of the
// context the caller filled and of globals the block reads plainly too.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-entry-prefetch=false)
//===----------------------------------------------------------------------===//
#include "EntryPrefetch.h"
#include "AbiDecls.h"
#include "Common.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/BlockFrequencyInfo.h"
#include "llvm/Analysis/BranchProbabilityInfo.h"
#include "llvm/Analysis/Loads.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/TargetParser/Triple.h"

#include <optional>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumPrefetchedBlocks,
          "Atomic blocks whose lines are prefetched before they begin");
STATISTIC(
    NumPrefetchedAddresses,
    "Addresses prefetched before a block begins (each with its lock word)");
STATISTIC(NumNotPrefetchedInLoop,
          "Barriers in a loop of their block, not prefetched");
STATISTIC(NumNotPrefetchedSomePaths,
          "Barriers on paths that run less than half the time, not "
          "prefetched");
STATISTIC(NumNotPrefetchedAddress,
          "Barriers whose address is not known before their block begins, "
          "not prefetched");
STATISTIC(NumNotPrefetchedOverLimit,
          "Objects past a block's first four, not prefetched");

namespace {

/// Byte ranges per block, at most, each within 64 bytes of one object: one
/// line, or two when the object does not start a line. With its lock word
/// each line is two misses, and a core keeps about ten L1 misses in flight
/// (its fill buffers): more would queue, and delay the misses of the
/// block's first accesses.
constexpr unsigned MaxRanges = 4;
/// Instructions that compute one address, at most: each is repeated in the
/// caller.
constexpr unsigned MaxAddressSize = 16;
/// Bytes of one range: a line.
constexpr int64_t RangeBytes = 64;

/// An address to prefetch, as a value of the thunk plus a constant: and
/// whether a barrier writes its line.
struct Line {
  Value *Ptr;
  int64_t Delta;
  bool Write;
};

/// The bytes one barrier touches: Size from Ptr.
struct Access {
  Value *Ptr;
  uint64_t Size;
  bool Write;
};

/// The accesses a barrier call makes, none for other calls. The bytes
/// barriers and memory intrinsics count only with a constant length of at
/// most a line: a longer range is a loop over lines inside the runtime.
void barrierAccesses(const CallInst &CI, SmallVectorImpl<Access> &Out) {
  const Function *Callee = CI.getCalledFunction();
  if (!Callee)
    return;
  StringRef Name = Callee->getName();
  auto Is = [&](std::initializer_list<AbiFn> Fns) {
    return any_of(Fns, [&](AbiFn Fn) { return Name == AbiDecls::symbol(Fn); });
  };
  // An N-byte access with N at most 8 lies in one line unless it is
  // misaligned, which C's typed accesses are not: its first byte stands
  // for it (a line missed that way only costs time).
  if (Is({Abi_load_1, Abi_load_2, Abi_load_4, Abi_load_8})) {
    Out.push_back({CI.getArgOperand(1), 1, false});
    return;
  }
  if (Is({Abi_load_for_write_1, Abi_load_for_write_2, Abi_load_for_write_4,
          Abi_load_for_write_8, Abi_open_for_write_1, Abi_open_for_write_2,
          Abi_open_for_write_4, Abi_open_for_write_8, Abi_store_1, Abi_store_2,
          Abi_store_4, Abi_store_8})) {
    Out.push_back({CI.getArgOperand(1), 1, true});
    return;
  }
  auto *Len =
      CI.arg_size() > 3 ? dyn_cast<ConstantInt>(CI.getArgOperand(3)) : nullptr;
  if (!Len || Len->isZero() || Len->getZExtValue() > uint64_t(RangeBytes))
    return;
  uint64_t N = Len->getZExtValue();
  if (Is({Abi_load_bytes}))
    Out.push_back({CI.getArgOperand(2), N, false});
  else if (Is({Abi_store_bytes, Abi_memset}))
    Out.push_back({CI.getArgOperand(1), N, true});
  else if (Is({Abi_memcpy, Abi_memmove})) {
    Out.push_back({CI.getArgOperand(1), N, true});
    Out.push_back({CI.getArgOperand(2), N, false});
  }
}

/// The lines a thunk's barriers touch on the paths that run at least half
/// the time, outside loops, whose addresses follow from its context before
/// it runs: grouped in ranges of at most 64 bytes of one object, at most
/// MaxRanges of them, in the order of the thunk's blocks.
class ThunkLines {
public:
  explicit ThunkLines(Function &T);

  SmallVector<Line, 2 * MaxRanges> Lines;
  Argument *Ctx = nullptr;
  const DataLayout &DL;

  /// The offset in the context of a field L reads that the thunk never
  /// writes (an input the caller stored before __ame_run), if L is such a
  /// load.
  std::optional<uint64_t> inputField(const LoadInst &L) const;
  /// L reads a global the block reads without a barrier, at an address
  /// that may be loaded anywhere.
  bool isPlainGlobalRead(const LoadInst &L) const;

private:
  void findWrittenFields();
  bool known(Value *V, unsigned &Budget);

  /// Byte ranges of the context the thunk stores to (its outputs).
  SmallVector<std::pair<uint64_t, uint64_t>, 4> WrittenFields;
  /// The context's address goes somewhere other than loads and stores at
  /// constant offsets: any field may change, none is an input.
  bool CtxEscapes = false;
  DenseMap<const Value *, bool> Known;
};

/// Bytes [Lo, Hi] from Base that barriers touch, at most RangeBytes: Lo is
/// the first byte of the access at LoPtr, Hi the byte HiDelta past HiPtr.
struct Range {
  const Value *Base;
  int64_t Lo, Hi;
  Value *LoPtr, *HiPtr;
  int64_t HiDelta;
  bool Write;
};

ThunkLines::ThunkLines(Function &T) : DL(T.getDataLayout()) {
  if (T.arg_size() < 2 || !T.getArg(1)->getType()->isPointerTy())
    return;
  Ctx = T.getArg(1);
  findWrittenFields();
  DominatorTree DT(T);
  LoopInfo LI(DT);
  // A line only some paths touch costs the others a fetch that overlaps
  // the attempt start: worth it where the line is used at least half the
  // time (a transfer's accounts behind an "enough money?" test), by the
  // static estimate of the branches or their profile.
  BranchProbabilityInfo BPI(T, LI);
  BlockFrequencyInfo BFI(T, BPI, LI);
  uint64_t EntryFreq = BFI.getEntryFreq().getFrequency();
  SmallVector<Range, MaxRanges> Ranges;
  for (BasicBlock &BB : T)
    for (Instruction &I : BB) {
      auto *CI = dyn_cast<CallInst>(&I);
      SmallVector<Access, 2> Accesses;
      if (CI)
        barrierAccesses(*CI, Accesses);
      if (Accesses.empty())
        continue;
      // A loop's addresses change from one iteration to the next, and the
      // first iteration's line is a small part of what the loop touches.
      if (LI.getLoopFor(&BB)) {
        ++NumNotPrefetchedInLoop;
        continue;
      }
      if (BFI.getBlockFreq(&BB).getFrequency() * 2 < EntryFreq) {
        ++NumNotPrefetchedSomePaths;
        continue;
      }
      for (const Access &A : Accesses) {
        unsigned Budget = MaxAddressSize;
        if (!known(A.Ptr, Budget)) {
          ++NumNotPrefetchedAddress;
          continue;
        }
        APInt Off(DL.getIndexTypeSizeInBits(A.Ptr->getType()), 0);
        const Value *Base = A.Ptr->stripAndAccumulateConstantOffsets(
            DL, Off, /*AllowNonInbounds=*/true);
        int64_t First = Off.getSExtValue();
        int64_t Last = First + int64_t(A.Size) - 1;
        // Two accesses of one object share a range if together they span
        // at most a line's bytes: its two ends then cover every line of it,
        // whatever the object's alignment.
        auto It = find_if(Ranges, [&](const Range &R) {
          return R.Base == Base &&
                 std::max(R.Hi, Last) - std::min(R.Lo, First) < RangeBytes;
        });
        if (It == Ranges.end()) {
          if (Ranges.size() == MaxRanges) {
            ++NumNotPrefetchedOverLimit;
            continue;
          }
          Ranges.push_back(
              {Base, First, Last, A.Ptr, A.Ptr, int64_t(A.Size) - 1, A.Write});
          continue;
        }
        if (First < It->Lo) {
          It->Lo = First;
          It->LoPtr = A.Ptr;
        }
        if (Last > It->Hi) {
          It->Hi = Last;
          It->HiPtr = A.Ptr;
          It->HiDelta = int64_t(A.Size) - 1;
        }
        It->Write |= A.Write;
      }
    }
  for (const Range &R : Ranges) {
    Lines.push_back({R.LoPtr, 0, R.Write});
    // A range that starts a line, by the object's known alignment, lies
    // in that line.
    Align BaseAlign = R.Base->getPointerAlignment(DL);
    bool OneLine =
        R.Hi == R.Lo ||
        (R.Lo >= 0 && commonAlignment(BaseAlign, uint64_t(R.Lo)).value() >=
                          uint64_t(RangeBytes));
    if (!OneLine)
      Lines.push_back({R.HiPtr, R.HiDelta, R.Write});
  }
}

void ThunkLines::findWrittenFields() {
  SmallVector<std::pair<Value *, uint64_t>, 8> Work{{Ctx, 0}};
  while (!Work.empty()) {
    auto [V, Off] = Work.pop_back_val();
    for (User *U : V->users()) {
      if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        APInt GOff(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
        if (GEP->accumulateConstantOffset(DL, GOff)) {
          Work.push_back({GEP, Off + GOff.getZExtValue()});
          continue;
        }
      } else if (auto *L = dyn_cast<LoadInst>(U)) {
        if (L->isSimple())
          continue;
      } else if (auto *S = dyn_cast<StoreInst>(U)) {
        if (S->getPointerOperand() == V && S->isSimple()) {
          uint64_t N = DL.getTypeStoreSize(S->getValueOperand()->getType());
          WrittenFields.push_back({Off, Off + N});
          continue;
        }
      }
      // Stored, passed on, written at an unknown offset: any field may
      // change before a load of it.
      CtxEscapes = true;
      return;
    }
  }
}

std::optional<uint64_t> ThunkLines::inputField(const LoadInst &L) const {
  if (!Ctx || CtxEscapes || !L.isSimple())
    return std::nullopt;
  APInt Off(DL.getIndexTypeSizeInBits(L.getPointerOperandType()), 0);
  if (L.getPointerOperand()->stripAndAccumulateConstantOffsets(
          DL, Off, /*AllowNonInbounds=*/true) != Ctx ||
      Off.isNegative())
    return std::nullopt;
  uint64_t Begin = Off.getZExtValue();
  uint64_t End = Begin + DL.getTypeStoreSize(L.getType());
  for (auto [WB, WE] : WrittenFields)
    if (WB < End && Begin < WE)
      return std::nullopt;
  return Begin;
}

bool ThunkLines::isPlainGlobalRead(const LoadInst &L) const {
  // Still a load after instrumentation: the block reads it without a
  // barrier too (a constant global, one no block writes, AME_IMMUTABLE
  // data), so reading it a little earlier shows nothing the block would
  // not see. A constant address the data layout shows dereferenceable may
  // be loaded anywhere (an extern_weak global, possibly null, is not).
  auto *Ptr = dyn_cast<Constant>(const_cast<Value *>(L.getPointerOperand()));
  return L.isSimple() && Ptr && isa<GlobalVariable>(getUnderlyingObject(Ptr)) &&
         isSafeToLoadUnconditionally(Ptr, L.getType(), L.getAlign(), DL,
                                     /*ScanFrom=*/nullptr);
}

/// V can be computed before the thunk runs, from its context alone, by
/// instructions that have no effect: constants, loads of input fields and
/// of globals the block reads plainly, and instructions that are safe to
/// speculate (not a load of other memory, not a call: nothing a barrier
/// would have to read, nothing that depends on what the block does).
bool ThunkLines::known(Value *V, unsigned &Budget) {
  if (isa<Constant>(V))
    return !isa<BlockAddress>(V);
  if (V == Ctx)
    return true;
  auto It = Known.find(V);
  if (It != Known.end())
    return It->second;
  auto *I = dyn_cast<Instruction>(V);
  bool Result = false;
  if (!I || Budget == 0) {
    Result = false;
  } else if (auto *L = dyn_cast<LoadInst>(I)) {
    --Budget;
    Result = inputField(*L) || isPlainGlobalRead(*L);
  } else if (!isa<PHINode>(I) && !isa<CallBase>(I) && !isa<AllocaInst>(I) &&
             !I->mayReadOrWriteMemory() && isSafeToSpeculativelyExecute(I)) {
    --Budget;
    Result = all_of(I->operands(),
                    [&](const Use &Op) { return known(Op.get(), Budget); });
  }
  // A failure for want of budget is kept too: that only costs a prefetch.
  Known[V] = Result;
  return Result;
}

/// Repeats a thunk's address computations before one __ame_run call,
/// reading the context fields from what the caller stored into them.
class CallSiteEmitter {
public:
  CallSiteEmitter(CallInst &Run, const ThunkLines &TL, bool PrefetchW)
      : Run(Run), LastBefore(Run.getPrevNode()), TL(TL), DL(TL.DL), B(&Run) {
    B.SetCurrentDebugLocation(Run.getDebugLoc());
    CtxOffset =
        APInt(DL.getIndexTypeSizeInBits(Run.getArgOperand(2)->getType()), 0);
    CallerCtx = Run.getArgOperand(2)->stripAndAccumulateConstantOffsets(
        DL, CtxOffset, /*AllowNonInbounds=*/true);
    // llvm.prefetch with rw = 1 is a read prefetch unless the target
    // features include prfchw, which -O2 without -march does not; the
    // instruction itself is older than x86-64 (3DNow!'s prefetchw: every
    // AMD64 processor; Intel reports it from Broadwell on, and its opcode
    // map gives earlier processors' 0F 0D as a no-op, not checked here).
    Module &M = *Run.getModule();
    if (PrefetchW && Triple(M.getTargetTriple()).getArch() == Triple::x86_64)
      WriteHint = InlineAsm::get(
          FunctionType::get(Type::getVoidTy(M.getContext()),
                            {Run.getArgOperand(2)->getType()}, false),
          "prefetchw ($0)", "r", /*hasSideEffects=*/true);
  }

  /// Prefetches the lines of TL here; returns how many.
  unsigned emit();

private:
  Value *map(Value *V);
  Value *inputValue(const LoadInst &L, uint64_t Off);
  Value *storedBefore(uint64_t Off, Type *Ty);
  void prefetch(Value *Ptr, bool Write);

  CallInst &Run;
  /// The caller's last instruction before the call, above the prefetches.
  Instruction *LastBefore;
  const ThunkLines &TL;
  const DataLayout &DL;
  IRBuilder<> B;
  /// prefetchw on x86-64, else null (llvm.prefetch).
  InlineAsm *WriteHint = nullptr;
  Value *CallerCtx;
  APInt CtxOffset;
  DenseMap<const Value *, Value *> VM;
  /// What map made for the current line, undone if the line fails.
  SmallVector<Instruction *, 16> Made;
  SmallVector<const Value *, 16> Mapped;
};

unsigned CallSiteEmitter::emit() {
  unsigned N = 0;
  for (const Line &L : TL.Lines) {
    Made.clear();
    Mapped.clear();
    if (Value *P = map(L.Ptr)) {
      // Past the object's end at worst: a prefetch never faults.
      if (L.Delta)
        P = B.CreateConstGEP1_64(B.getInt8Ty(), P, L.Delta);
      prefetch(P, L.Write);
      ++N;
      continue;
    }
    for (const Value *V : Mapped)
      VM.erase(V);
    for (Instruction *I : reverse(Made))
      I->eraseFromParent();
    ++NumNotPrefetchedAddress;
  }
  return N;
}

/// The lock word first, as the barrier takes it first.
void CallSiteEmitter::prefetch(Value *Ptr, bool Write) {
  Module &M = *Run.getModule();
  Type *PtrTy = Ptr->getType();
  Value *MetaPtr = AbiDecls::lockWordAddress(B, Ptr);
  if (Write && WriteHint) {
    // The lock word takes a compare-and-swap and the line the write-back:
    // fetched for reading, a line another core wrote last arrives shared
    // and the write then fetches it a second time to take it exclusive.
    B.CreateCall(WriteHint, {MetaPtr});
    B.CreateCall(WriteHint, {Ptr});
    return;
  }
  Function *Prefetch =
      Intrinsic::getDeclaration(&M, Intrinsic::prefetch, {PtrTy});
  // rw as the barrier will use the line; locality 3 (keep in every level)
  // as __builtin_prefetch's default; data cache.
  Value *RW = B.getInt32(Write), *Locality = B.getInt32(3),
        *Data = B.getInt32(1);
  B.CreateCall(Prefetch, {MetaPtr, RW, Locality, Data});
  B.CreateCall(Prefetch, {Ptr, RW, Locality, Data});
}

Value *CallSiteEmitter::map(Value *V) {
  if (isa<Constant>(V))
    return V;
  if (V == TL.Ctx)
    return Run.getArgOperand(2);
  auto It = VM.find(V);
  if (It != VM.end())
    return It->second;
  Value *New = nullptr;
  if (auto *L = dyn_cast<LoadInst>(V)) {
    if (std::optional<uint64_t> Off = TL.inputField(*L))
      New = inputValue(*L, *Off);
    else if (TL.isPlainGlobalRead(*L)) {
      LoadInst *G = B.CreateAlignedLoad(L->getType(), L->getPointerOperand(),
                                        L->getAlign());
      Made.push_back(G);
      New = G;
    }
  } else if (auto *I = dyn_cast<Instruction>(V)) {
    SmallVector<Value *, 4> Ops;
    for (Value *Op : I->operands()) {
      Value *M = map(Op);
      if (!M)
        return nullptr;
      Ops.push_back(M);
    }
    Instruction *C = I->clone();
    for (unsigned K = 0; K < Ops.size(); ++K)
      C->setOperand(K, Ops[K]);
    C->dropUnknownNonDebugMetadata();
    B.Insert(C);
    Made.push_back(C);
    New = C;
  }
  if (New) {
    VM[V] = New;
    Mapped.push_back(V);
  }
  return New;
}

/// The value the caller stored into the context field at Off: found among
/// the stores that fill the context right before the call, else loaded
/// from the field (the caller's own frame), if that cannot fault.
Value *CallSiteEmitter::inputValue(const LoadInst &L, uint64_t Off) {
  uint64_t At = CtxOffset.getZExtValue() + Off;
  if (Value *V = storedBefore(At, L.getType()))
    return V;
  Value *Field = B.CreateConstGEP1_64(B.getInt8Ty(), CallerCtx, At);
  if (auto *GEP = dyn_cast<Instruction>(Field))
    Made.push_back(GEP);
  if (!isSafeToLoadUnconditionally(Field, L.getType(), L.getAlign(), DL, &Run))
    return nullptr;
  LoadInst *F = B.CreateAlignedLoad(L.getType(), Field, L.getAlign());
  Made.push_back(F);
  return F;
}

Value *CallSiteEmitter::storedBefore(uint64_t Off, Type *Ty) {
  uint64_t End = Off + DL.getTypeStoreSize(Ty);
  for (Instruction *I = LastBefore; I; I = I->getPrevNode()) {
    auto *S = dyn_cast<StoreInst>(I);
    if (!S) {
      if (I->mayWriteToMemory() && !I->isLifetimeStartOrEnd())
        return nullptr;
      continue;
    }
    APInt SOff(DL.getIndexTypeSizeInBits(S->getPointerOperandType()), 0);
    if (S->getPointerOperand()->stripAndAccumulateConstantOffsets(
            DL, SOff, /*AllowNonInbounds=*/true) != CallerCtx)
      return nullptr;
    uint64_t SB = SOff.getZExtValue();
    uint64_t SE = SB + DL.getTypeStoreSize(S->getValueOperand()->getType());
    if (SB == Off && S->getValueOperand()->getType() == Ty && S->isSimple())
      return S->getValueOperand();
    if (SB < End && Off < SE)
      return nullptr;
  }
  return nullptr;
}

} // namespace

bool ame::prefetchBlockLines(Module &M,
                             const SmallPtrSetImpl<Function *> &Thunks,
                             bool PrefetchW) {
  // The shadow mapping is one of 64-bit addresses.
  if (M.getDataLayout().getPointerSizeInBits() != 64)
    return false;
  DenseMap<Function *, std::unique_ptr<ThunkLines>> Analyses;
  bool Changed = false;
  for (Function &F : M) {
    // -O0 code waits for every load anyway; -Oz wants the bytes.
    if (F.isDeclaration() || isTxFunction(F) || F.hasOptNone() ||
        F.hasMinSize())
      continue;
    SmallVector<CallInst *, 4> Runs;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *CI = dyn_cast<CallInst>(&I);
        Function *Callee = CI ? CI->getCalledFunction() : nullptr;
        if (Callee && Callee->getName() == AbiDecls::symbol(Abi_run) &&
            CI->arg_size() == 3)
          Runs.push_back(CI);
      }
    for (CallInst *Run : Runs) {
      auto *Thunk =
          dyn_cast<Function>(Run->getArgOperand(1)->stripPointerCasts());
      if (!Thunk || !Thunks.count(Thunk))
        continue;
      std::unique_ptr<ThunkLines> &TL = Analyses[Thunk];
      if (!TL)
        TL = std::make_unique<ThunkLines>(*Thunk);
      if (TL->Lines.empty())
        continue;
      unsigned N = CallSiteEmitter(*Run, *TL, PrefetchW).emit();
      if (!N)
        continue;
      Changed = true;
      ++NumPrefetchedBlocks;
      NumPrefetchedAddresses += N;
      OptimizationRemarkEmitter ORE(&F);
      ORE.emit([&] {
        return OptimizationRemark(PassName, "EntryPrefetch", Run)
               << ore::NV("Addresses", N)
               << " address(es) the block touches, and their lock words, are "
                  "prefetched before its transaction begins";
      });
    }
  }
  return Changed;
}
