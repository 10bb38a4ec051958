//===- Instrumenter.cpp - Barriers for memory accesses (ame-instrument) ---===//
//
// OptimizerLast. The driver of ame-instrument is here too: clone every
// function reachable from a region (TxCloner), decide every call
// (CallRewriter), then put a barrier on every access (Instrumenter), and
// drop the attributes the barriers made false.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-instrument in.ll
//===----------------------------------------------------------------------===//
#include "Instrumenter.h"
#include "BlocksOnStack.h"
#include "CLibrary.h"
#include "CallRewriter.h"
#include "CloneMap.h"
#include "Common.h"
#include "EntryPrefetch.h"
#include "FortifiedCalls.h"
#include "LineReads.h"
#include "LineWrites.h"
#include "MaskedAccesses.h"
#include "Passes.h"
#include "PointeePrefetch.h"
#include "PureCallees.h"
#include "RefcountRewriter.h"
#include "Remarks.h"
#include "TxCloner.h"
#include "TxLibc.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumInstrumentedLoads, "Loads instrumented");
STATISTIC(NumInstrumentedStores, "Stores instrumented");
STATISTIC(NumByValArgumentsCopied,
          "By-value arguments copied through barriers before the call");
STATISTIC(NumReadsForWrite,
          "Loads a store of the same bytes follows (taken for writing)");
STATISTIC(NumReadsForWriteAcrossBlocks,
          "Of which the store is in another block that always follows");
STATISTIC(NumWriteSlots, "Of which the store is a plain store where the "
                         "load's barrier says the bytes are held");
STATISTIC(NumInstrumentedBytes,
          "Accesses instrumented through load/store_bytes");
STATISTIC(NumInstrumentedMemIntrinsics, "Memory intrinsics instrumented");
STATISTIC(NumAtomicsInevitable,
          "Atomic accesses run on memory in an inevitable transaction");
STATISTIC(NumFencesInevitable, "Fences making the transaction inevitable");
STATISTIC(NumAtomicsPrivate, "Atomic accesses to private memory kept as is");
STATISTIC(NumSkippedLocal, "Accesses to non-escaping locals not instrumented");
STATISTIC(NumSkippedErrno, "Accesses to errno not instrumented");
STATISTIC(NumSkippedDeclaredPrivate,
          "Accesses to memory declared with ame_private not instrumented");
STATISTIC(NumSkippedOwnAllocation,
          "Accesses inside blocks the transaction allocated not instrumented");
STATISTIC(NumRangeChecked,
          "Accesses into blocks the transaction allocated, plain after a "
          "range check at run time");
STATISTIC(NumInBoundsOfOwnAllocation,
          "Loads through inbounds offsets of blocks the transaction "
          "allocated, plain without a check");
STATISTIC(NumLineReads,
          "Loads of a loop reading a copy of their line (one barrier a line)");
STATISTIC(NumLineReadsVector,
          "Vector loads of a vectorized loop reading a copy of their line");
STATISTIC(NumLineReadsShared,
          "Line-reading loads sharing the buffer of an earlier load");
STATISTIC(NumLineReadsRemainder,
          "Loads of a vectorized loop's scalar remainder reading the line "
          "copy of its vector loop");
STATISTIC(NumLineReadGroups,
          "Groups of line-reading loads of one iteration testing their "
          "buffer's line once");
STATISTIC(NumLineReadsFresh,
          "Line-reading loads that read a fresh fill's 16-byte pieces whole");
STATISTIC(NumLineReadsAcross,
          "Line-reading loads that read across into the next line from a "
          "copy of both");
STATISTIC(NumLineReadsNoBuffer,
          "Line-reading loads left with their barriers: no buffer left");
STATISTIC(NumLineWrites, "Stores of a loop writing the write log's buffer of "
                         "their line (one call a line)");
STATISTIC(NumReadBackOfOwnAllocation,
          "Loads from blocks the transaction allocated, read back from a "
          "local array of them, not instrumented");
STATISTIC(NumObjectReads,
          "Loads that read a copy of their object's fields (ObjectReads)");
STATISTIC(NumObjectReadGroups,
          "Barriers that copy the fields several loads of one object read");
STATISTIC(NumSkippedConstant, "Loads from constant globals not instrumented");
STATISTIC(NumSkippedUnwritten,
          "Loads from internal globals no atomic block writes not "
          "instrumented");
STATISTIC(NumSkippedContext, "Accesses to the region context not instrumented");
STATISTIC(NumSkippedLocalMemIntrinsics,
          "Memory intrinsics on private memory only, not instrumented");
STATISTIC(NumSkippedImmutable, "Loads of AME_IMMUTABLE data not instrumented");
STATISTIC(NumSkippedImmutableByTBAA,
          "Of which recognised by their TBAA tag (the mark was dropped)");
STATISTIC(NumSkippedImmutableMemTransfers,
          "Memory transfers whose AME_IMMUTABLE source is read plainly");
STATISTIC(NumImmutableStoresFresh,
          "Stores to AME_IMMUTABLE data of objects the transaction allocated");
STATISTIC(NumImmutableStoresWarned,
          "Stores to AME_IMMUTABLE data of objects the transaction may not "
          "have allocated (instrumented, remarked)");
STATISTIC(NumImmutableChecks,
          "AME_IMMUTABLE accesses checked at run time (-ame-check-immutable)");
STATISTIC(NumRefcountKept, "AME_REFCOUNT accesses kept instrumented (for now)");
STATISTIC(NumUnsupportedIrrevocable,
          "Accesses (other address space, scalable vector) made irrevocable");
STATISTIC(NumTxFunctions, "Transactional functions instrumented");

static bool isAtomicAccess(const Instruction &I);

namespace {
/// The thunk of a block nested in the transaction that takes U as its
/// context: `__ame_run(site, thunk, ctx)`, or the direct `thunk(tx, ctx)`
/// that CallRewriter makes of it; else null.
const Function *nestedRegionThunk(const Use &U) {
  const auto *CB = dyn_cast<CallBase>(U.getUser());
  const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
  if (!Callee || !CB->isArgOperand(&U))
    return nullptr;
  unsigned Arg = CB->getArgOperandNo(&U);
  if (Callee->getName() == "__ame_run" && Arg == 2)
    return dyn_cast<Function>(CB->getArgOperand(1)->stripPointerCasts());
  if (Callee->getName().ends_with(RegionSuffix) && Arg == 1)
    return Callee;
  return nullptr;
}

bool listsSlot(const Function &Thunk, const APInt &Off) {
  const MDNode *Slots = Thunk.getMetadata(CtxSlotsMD);
  return Slots && any_of(Slots->operands(), [&](const MDOperand &O) {
           return mdconst::extract<ConstantInt>(O)->getValue() == Off;
         });
}

/// Capture tracking that lets a local's address reach blocks nested in the
/// transaction only as their context, or stored into such a context where
/// the thunk keeps an output slot's pointer. The thunk touches the context
/// struct and the slots as frame data of the attempt, without barriers
/// (Instrumenter::isContextAccess), so the caller may too; a local it reaches
/// any other way it accesses through barriers, and so must the caller.
struct NestedContextTracker : CaptureTracker {
  const DataLayout &DL;
  SmallPtrSetImpl<const AllocaInst *> &Visiting;
  SmallVector<const Function *, 2> Thunks;
  bool Captured = false;
  NestedContextTracker(const DataLayout &DL,
                       SmallPtrSetImpl<const AllocaInst *> &Visiting)
      : DL(DL), Visiting(Visiting) {}
  void tooManyUses() override { Captured = true; }
  bool captured(const Use *U) override {
    if (const Function *T = nestedRegionThunk(*U)) {
      Thunks.push_back(T);
      return false;
    }
    if (isOutputSlotStore(*U))
      return false;
    Captured = true;
    return true;
  }
  bool isOutputSlotStore(const Use &U) {
    const auto *SI = dyn_cast<StoreInst>(U.getUser());
    if (!SI || U.getOperandNo() != 0)
      return false;
    APInt Off(DL.getIndexTypeSizeInBits(SI->getPointerOperandType()), 0);
    const auto *Ctx = dyn_cast<AllocaInst>(
        SI->getPointerOperand()->stripAndAccumulateConstantOffsets(
            DL, Off, /*AllowNonInbounds=*/true));
    SmallVector<const Function *, 2> CtxThunks;
    return Ctx && onlyNestedContext(Ctx, DL, Visiting, &CtxThunks) &&
           !CtxThunks.empty() && all_of(CtxThunks, [&](const Function *T) {
             return listsSlot(*T, Off);
           });
  }
  static bool
  onlyNestedContext(const AllocaInst *AI, const DataLayout &DL,
                    SmallPtrSetImpl<const AllocaInst *> &Visiting,
                    SmallVectorImpl<const Function *> *ThunksOut = nullptr) {
    if (!Visiting.insert(AI).second)
      return false;
    NestedContextTracker T(DL, Visiting);
    PointerMayBeCaptured(AI, &T);
    Visiting.erase(AI);
    if (ThunksOut)
      ThunksOut->append(T.Thunks.begin(), T.Thunks.end());
    return !T.Captured;
  }
};
} // namespace

bool Instrumenter::isContextAccess(const Value *Ptr) {
  if (!F.getName().ends_with(RegionSuffix) || F.arg_size() < 2)
    return false;
  const Argument *Ctx = F.getArg(1);
  if (getUnderlyingObject(Ptr, 0) == Ctx)
    return true;
  const auto *L = dyn_cast<LoadInst>(Ptr->stripPointerCasts());
  if (!L)
    return false;
  const DataLayout &DL = F.getDataLayout();
  APInt Off(DL.getIndexTypeSizeInBits(L->getPointerOperandType()), 0);
  return L->getPointerOperand()->stripAndAccumulateConstantOffsets(
             DL, Off, /*AllowNonInbounds=*/true) == Ctx &&
         listsSlot(F, Off);
}

bool Instrumenter::isPrivateLocal(const Value *Ptr) {
  if (!Opts.SkipPrivateLocals)
    return false;
  // Through phis and selects too: optimized loops walk a local array with a
  // pointer that a phi advances.
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects);
  if (Objects.empty())
    return false;
  for (const Value *O : Objects) {
    const auto *AI = dyn_cast<AllocaInst>(O);
    if (!AI || !isPrivateAlloca(AI))
      return false;
  }
  return true;
}

bool Instrumenter::isPrivateAlloca(const AllocaInst *AI) {
  if (AI->getFunction() != &F)
    return false;
  auto It = PrivateLocals.find(AI);
  if (It != PrivateLocals.end())
    return It->second;
  // Safe: a local whose address never leaves this frame is reinitialized by
  // every attempt and no other thread can see it.
  // So is one whose address only a block nested in the transaction receives
  // as its context (a function with a block, called inside another): every
  // attempt packs the context again before the call, and reads the outputs
  // after it.
  SmallPtrSet<const AllocaInst *, 4> Visiting;
  bool Private =
      NestedContextTracker::onlyNestedContext(AI, F.getDataLayout(), Visiting);
  PrivateLocals[AI] = Private;
  if (Private)
    ORE.emit([&] {
      // Name and place it by its debug variable when the IR has no names.
      std::string Name = AI->getName().str();
      DebugLoc Loc;
      auto *V = const_cast<AllocaInst *>(AI);
      for (DbgVariableRecord *DVR : findDVRDeclares(V)) {
        Name = DVR->getVariable()->getName().str();
        Loc = DVR->getDebugLoc();
      }
      for (DbgDeclareInst *DDI : findDbgDeclares(V)) {
        Name = DDI->getVariable()->getName().str();
        Loc = DDI->getDebugLoc();
      }
      for (const User *U : AI->users())
        if (!Loc)
          if (auto *UI = dyn_cast<Instruction>(U))
            Loc = UI->getDebugLoc();
      return OptimizationRemarkAnalysis(PassName, "PrivateLocal",
                                        DiagnosticLocation(Loc),
                                        AI->getParent())
             << "accesses to local "
             << ore::NV("Local", Name.empty() ? "<unnamed>" : Name)
             << " are not instrumented: it does not escape";
    });
  return Private;
}

/// A load from a global no atomic block writes, at a point each attempt
/// passes at most once: plain code may still change the global after
/// privatizing it, and a doomed attempt that read it plainly in a loop, with
/// no barrier left there to validate, could then spin for ever; with the
/// barrier the loop's reads end it (docs/design.md, "Doomed transactions").
/// So only a region thunk that nothing calls directly (a nested block in a
/// clone is a direct call, perhaps in a loop) and a block on no cycle.
bool Instrumenter::isUnwrittenGlobalRead(const LoadInst &LI) {
  if (LI.isAtomic() || LI.isVolatile())
    return false;
  const auto *GV =
      dyn_cast<GlobalVariable>(getUnderlyingObject(LI.getPointerOperand(), 0));
  if (!GV || !Unwritten.count(GV))
    return false;
  if (!OncePerAttempt) {
    OncePerAttempt.emplace();
    // A setjmp in the thunk runs the code after it again at every longjmp
    // back to it, a loop that no cycle of the CFG shows.
    bool OnlyStarted = F.getName().ends_with(RegionSuffix) &&
                       !F.callsFunctionThatReturnsTwice();
    for (const Use &U : F.uses())
      if (const auto *CB = dyn_cast<CallBase>(U.getUser()))
        OnlyStarted &= !CB->isCallee(&U);
    if (OnlyStarted)
      for (scc_iterator<Function *> I = scc_begin(&F); !I.isAtEnd(); ++I)
        if (!I.hasCycle())
          OncePerAttempt->insert((*I)[0]);
  }
  return OncePerAttempt->count(LI.getParent());
}

bool Instrumenter::isConstantGlobal(const Value *Ptr) {
  if (!Opts.SkipConstantGlobals)
    return false;
  const auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Ptr, 0));
  return GV && GV->isConstant();
}

/// Ptr is based on what ame_private returned: memory the program declares
/// private to the running thread for the rest of the block.
static bool isDeclaredPrivate(const Value *Ptr) {
  const auto *CB = dyn_cast<CallBase>(getUnderlyingObject(Ptr, 0));
  const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == "ame_private" && CB->arg_size() == 2;
}

/// Ptr lies, with the whole access I, inside a block this attempt allocated
/// (__ame_malloc, __ame_calloc, __ame_aligned_alloc in this function, of a
/// constant size), at a constant offset.
bool Instrumenter::isInsideOwnAllocation(const Instruction &I,
                                         const Value *Ptr) {
  int64_t Offset = 0;
  const Value *Base = GetPointerBaseWithConstantOffset(Ptr, Offset, DL);
  const auto *Alloc = dyn_cast<CallInst>(Base);
  const Function *Callee = Alloc ? Alloc->getCalledFunction() : nullptr;
  if (!Callee || Alloc->getFunction() != &F)
    return false;
  std::optional<uint64_t> Size;
  auto ConstArg = [&](unsigned K) -> std::optional<uint64_t> {
    if (auto *C = dyn_cast<ConstantInt>(Alloc->getArgOperand(K)))
      return C->getZExtValue();
    return std::nullopt;
  };
  StringRef N = Callee->getName();
  if (N == "__ame_malloc" && Alloc->arg_size() == 2)
    Size = ConstArg(1);
  else if (N == "__ame_aligned_alloc" && Alloc->arg_size() == 3)
    Size = ConstArg(2);
  else if (N == "__ame_calloc" && Alloc->arg_size() == 3) {
    std::optional<uint64_t> Count = ConstArg(1), Each = ConstArg(2);
    if (Count && Each && (!*Each || *Count <= UINT64_MAX / *Each))
      Size = *Count * *Each;
  }
  Type *Ty = isa<LoadInst>(I) ? I.getType()
             : isa<StoreInst>(I)
                 ? cast<StoreInst>(I).getValueOperand()->getType()
                 : nullptr;
  if (!Size || !Ty || Offset < 0)
    return false;
  TypeSize Bytes = DL.getTypeStoreSize(Ty);
  return !Bytes.isScalable() && (uint64_t)Offset <= *Size &&
         Bytes.getFixedValue() <= *Size - (uint64_t)Offset;
}

/// An access that needs a barrier but may lie in a block this execution of
/// F allocated (any offset, any size): it gets a check at run time and runs
/// plainly when inside the block (OwnAllocations.cpp says why that is safe).
/// A load through a pointer that only inbounds GEPs derive from the block
/// lies inside it (or the program's behaviour is undefined, as LLVM's own
/// alias analysis already assumes), so it runs plainly without the check:
/// returns true for it, and it needs no barrier. Stores keep their check: an
/// attempt doomed by privatization may compute an index from data that
/// plain code changed, and a plain store outside the block would corrupt
/// memory, whereas a plain load there at worst faults, which the sandbox
/// turns into an abort (docs/pass.md).
bool Instrumenter::findRangeChecked(Instruction &I, Value *Ptr) {
  if (!Opts.RangeCheckOwnAllocations)
    return false;
  const Instruction *Alloc = Own.allocationOf(I, Ptr);
  if (!Alloc) {
    // A block read back from a local array of them: the load lies inside
    // one of them (or the program's behaviour is undefined), as below.
    if (!isa<LoadInst>(I) || !Own.allocationReadBack(I, Ptr))
      return false;
    ++NumReadBackOfOwnAllocation;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "OwnAllocationReadBack", &I)
             << "load from memory this transaction allocated, through a "
                "pointer read back from a local that holds only such blocks, "
                "runs without a barrier or a check";
    });
    return true;
  }
  if (isa<LoadInst>(I) && Own.isInBoundsOf(Ptr, *Alloc)) {
    ++NumInBoundsOfOwnAllocation;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "OwnAllocationInBounds", &I)
             << "load from memory this transaction allocated, through "
                "inbounds offsets only, runs without a barrier or a check";
    });
    return true;
  }
  RangeChecked[&I] = Alloc;
  ++NumRangeChecked;
  ORE.emit([&] {
    OptimizationRemarkAnalysis R(PassName, "OwnAllocationRange", &I);
    if (isa<LoadInst>(I))
      R << "load from";
    else if (isa<StoreInst>(I))
      R << "store to";
    else
      R << "memory intrinsic writing";
    return R << " memory this transaction allocated runs without a barrier "
                "when a check finds it inside the block";
  });
  return false;
}

/// Before I is rewritten: a copy of I (plain) runs when [Ptr, Ptr + Len)
/// lies in its allocation, I (about to get its barrier) otherwise; gives
/// the copy's source side its barrier when it needs one. Returns the block
/// left to the barrier, or null when I is not range-checked.
BasicBlock *Instrumenter::splitOnRange(Instruction &I, Value *Ptr, Value *Len) {
  const Instruction *Alloc = RangeChecked.lookup(&I);
  if (!Alloc)
    return nullptr;
  IRBuilder<> B(&I);
  B.SetCurrentDebugLocation(I.getDebugLoc());
  Instruction *Plain =
      OwnAllocations::splitOnRange(I, Own.emitInRange(B, *Alloc, Ptr, Len));
  BasicBlock *Cold = I.getParent();
  // A copy into the block from memory that needs a barrier: only the
  // source side keeps one.
  auto *MT = dyn_cast<MemTransferInst>(Plain);
  if (!MT)
    return Cold;
  Value *Src = MT->getRawSource();
  if (isPrivateLocal(Src) || isConstantGlobal(Src) || isDeclaredPrivate(Src) ||
      MT->hasMetadata(ImmutableSrcMD))
    return Cold;
  IRBuilder<> PB(MT);
  PB.CreateCall(Abi.get(Abi_load_bytes),
                {F.getArg(0), MT->getRawDest(), Src,
                 PB.CreateZExtOrTrunc(MT->getLength(), Abi.sizeType()),
                 barrierSite(*MT, Src, false)});
  countBarrier(PB, false);
  MT->eraseFromParent();
  return Cold;
}

/// The barrier behind a range check runs only for a pointer the check did
/// not vouch for: it stays a call to libame's out-of-line barrier, so the
/// inlined fast path's code and registers do not weigh on the plain path
/// (ame-inline-fastpath leaves noinline calls alone).
static void keepBarrierOutOfLine(BasicBlock *Cold) {
  if (Cold)
    for (Instruction &I : *Cold)
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (CI->getCalledFunction() &&
            AbiDecls::isFastPathName(CI->getCalledFunction()->getName()))
          CI->setIsNoInline();
}

/// Tagged by ImmutableFields.cpp, or a load whose TBAA tag is one a tagged
/// load had (an optimization re-created or merged it and dropped the tag).
bool Instrumenter::isImmutable(const Instruction &I) {
  if (I.hasMetadata(ImmutableMD))
    return true;
  const MDNode *T =
      isa<LoadInst>(I) ? I.getMetadata(LLVMContext::MD_tbaa) : nullptr;
  return T && ImmutableTBAA.count(T);
}

bool Instrumenter::skipImmutableLoad(Instruction &I) {
  ++NumSkippedImmutable;
  bool ByTBAA = !I.hasMetadata(ImmutableMD);
  if (ByTBAA)
    ++NumSkippedImmutableByTBAA;
  if (Opts.CheckImmutable)
    Checks.push_back(&I);
  ORE.emit([&] {
    OptimizationRemarkAnalysis R(PassName, "ImmutableLoad", &I);
    R << "load of AME_IMMUTABLE data is not instrumented: it does not change "
         "once its object is published";
    if (ByTBAA)
      R << " (recognised by its " << ore::NV("RecognisedBy", "TBAA tag") << ")";
    if (Opts.CheckImmutable)
      R << "; checked at commit (-ame-check-immutable)";
    return R;
  });
  return true;
}

/// Allocated by this transaction: the runtime writes such memory in place,
/// so the transaction's plain reads of the field see the store. Not a
/// realloc's block, which may be the one it was given.
static bool allocatedByTransaction(const Value *Ptr) {
  const auto *CB = dyn_cast<CallBase>(getUnderlyingObject(Ptr, 0));
  const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
  if (!Callee)
    return false;
  StringRef Name = Callee->getName();
  for (AbiFn Fn : {Abi_malloc, Abi_calloc, Abi_aligned_alloc})
    if (Name == AbiDecls::symbol(Fn))
      return true;
  return false;
}

void Instrumenter::remarkImmutableStore(Instruction &I, const Value *Ptr) {
  if (Opts.CheckImmutable)
    Checks.push_back(&I);
  if (allocatedByTransaction(Ptr)) {
    ++NumImmutableStoresFresh;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "ImmutableStore", &I)
             << "store to AME_IMMUTABLE data is instrumented: it initialises "
                "an object this transaction allocated";
    });
    return;
  }
  ++NumImmutableStoresWarned;
  ORE.emit([&] {
    return OptimizationRemarkMissed(PassName, "ImmutableStore", &I)
           << "store to AME_IMMUTABLE data of an object this transaction did "
              "not allocate: it is instrumented, but reads of the field are "
              "not, and changing it once the object is published is "
              "undefined";
  });
}

bool Instrumenter::needsBarrier(Instruction &I, Value *Ptr, bool IsLoad) {
  // A copy, in the attempt's frame, of a line read through a barrier, and
  // the slot saying which line it is (readLinesOfLoops).
  if (LineBufferAccesses.count(&I))
    return false;
  // Safe: the context struct lives in the frame of the function running the
  // region; inputs are written before the transaction and outputs are read
  // after it commits, and a retry rewrites them.
  if (I.hasMetadata(CtxMD) || isContextAccess(Ptr)) {
    ++NumSkippedContext;
    return false;
  }
  if (isPrivateLocal(Ptr)) {
    ++NumSkippedLocal;
    return false;
  }
  // Safe: errno is the running thread's own. Library calls that run as they
  // are inside the attempt write it directly, so a barrier that buffered the
  // program's own errno writes would hide theirs from it.
  if (isErrnoLocation(Ptr)) {
    ++NumSkippedErrno;
    return false;
  }
  // Safe: a block the attempt allocated is locked by it in place until
  // commit (runtime/alloc.c), so its barriers would read and write memory
  // directly anyway, and no other thread can reach it before the commit
  // publishes the pointer; an access at a constant offset inside the
  // constant size touches nothing else, whatever the attempt read.
  // By the program's word (ame_private): no other thread touches it during
  // the block; like a local, it is not restored if the block runs again.
  if (isDeclaredPrivate(Ptr)) {
    ++NumSkippedDeclaredPrivate;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "DeclaredPrivate", &I)
             << (IsLoad ? "load from" : "store to")
             << " memory declared private with ame_private is not "
                "instrumented";
    });
    return false;
  }
  if (isInsideOwnAllocation(I, Ptr)) {
    ++NumSkippedOwnAllocation;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "OwnAllocation", &I)
             << (IsLoad ? "load from" : "store to")
             << " memory this transaction allocated is not instrumented";
    });
    return false;
  }
  // Safe: nobody may write a constant global, so every read sees the same.
  if (IsLoad && isConstantGlobal(Ptr)) {
    ++NumSkippedConstant;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "ConstantGlobal", &I)
             << "load from constant "
             << ore::NV("Global", getUnderlyingObject(Ptr, 0)->getName())
             << " is not instrumented";
    });
    return false;
  }
  // Safe: only code outside atomic blocks (or a block running serially,
  // alone) writes it, so a barrier would return the bytes in memory, and
  // its log entry could fail only for other bytes of the line
  // (UnwrittenGlobals.cpp). Atomic and volatile loads keep their paths.
  if (IsLoad && isUnwrittenGlobalRead(cast<LoadInst>(I))) {
    ++NumSkippedUnwritten;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "UnwrittenGlobal", &I)
             << "load from "
             << ore::NV("Global", getUnderlyingObject(Ptr, 0)->getName())
             << " is not instrumented: no atomic block writes it";
    });
    return false;
  }
  if (isImmutable(I)) {
    // Safe under the AME_IMMUTABLE contract: the value was written before
    // the object was published (or by this transaction, in place, into
    // memory it allocated) and never changes, so any read sees it and no
    // commit can invalidate it (docs/pass.md). Atomic loads keep their path.
    if (IsLoad && !isAtomicAccess(I))
      return !skipImmutableLoad(I);
    if (!IsLoad)
      remarkImmutableStore(I, Ptr);
  }
  if (I.hasMetadata(RefcountMD)) {
    ++NumRefcountKept;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "AnnotatedField", &I)
             << "AME_REFCOUNT field access is instrumented (its special "
                "handling is not implemented yet)";
    });
  }
  return true;
}

/// Accesses outside address space 0 (e.g. x86 %fs/%gs segments) cannot be
/// passed to the runtime as plain pointers, and scalable vectors have no
/// size known at compile time: run them in serial mode.
bool Instrumenter::unsupportedAccess(Instruction &I, Value *Ptr, Type *Ty) {
  unsigned AS = Ptr->getType()->getPointerAddressSpace();
  std::string Why;
  if (AS != 0)
    Why = "address space " + std::to_string(AS);
  else if (isa<ScalableVectorType>(Ty) || !Ty->isSized())
    Why = "scalable vector";
  else
    return false;
  IRBuilder<> B(&I);
  B.CreateCall(Abi.get(Abi_irrevocable_v2), {F.getArg(0), Sites.forCall(I, Why)});
  ++NumUnsupportedIrrevocable;
  ORE.emit([&] {
    return OptimizationRemarkMissed(PassName, "UnsupportedAccess", &I)
           << "access (" << ore::NV("Kind", Why)
           << ") cannot be instrumented: the transaction runs alone from "
              "here (serial mode)";
  });
  return true;
}

/// Bytes for the value path (__ame_load_N on an iN), or 0 for load/store_bytes.
static unsigned valuePathBytes(const DataLayout &DL, Type *Ty) {
  if (Ty->isAggregateType() || isa<ScalableVectorType>(Ty) || !Ty->isSized())
    return 0;
  uint64_t Bytes = DL.getTypeStoreSize(Ty).getFixedValue();
  if (Bytes != 1 && Bytes != 2 && Bytes != 4 && Bytes != 8)
    return 0;
  if (Ty->isIntegerTy())
    return Bytes;
  if (DL.getTypeSizeInBits(Ty).getFixedValue() != Bytes * 8)
    return 0;
  if (Ty->isPointerTy() || Ty->isFloatingPointTy())
    return Bytes;
  if (auto *VT = dyn_cast<FixedVectorType>(Ty))
    return VT->getElementType()->isPointerTy() ? 0 : Bytes;
  return 0;
}

static Value *toInt(IRBuilder<> &B, Value *V, Type *IntTy) {
  Type *Ty = V->getType();
  if (Ty->isIntegerTy())
    return B.CreateZExtOrTrunc(V, IntTy);
  if (Ty->isPointerTy())
    return B.CreatePtrToInt(V, IntTy);
  return B.CreateBitCast(V, IntTy);
}

static Value *fromInt(IRBuilder<> &B, Value *V, Type *Ty) {
  if (Ty->isIntegerTy())
    return B.CreateZExtOrTrunc(V, Ty);
  if (Ty->isPointerTy())
    return B.CreateIntToPtr(V, Ty);
  return B.CreateBitCast(V, Ty);
}

AllocaInst *Instrumenter::temporary(Type *Ty) {
  AllocaInst *&T = Temps[Ty];
  if (!T) {
    IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
    T = B.CreateAlloca(Ty, DL.getAllocaAddrSpace(), nullptr, "ame.tmp");
  }
  return T;
}

/// -ame-check-immutable: __ame_check_immutable(tx, ptr, n, site) before a
/// plain read of AME_IMMUTABLE data (the runtime checks at commit that the
/// bytes did not change), __ame_check_immutable_store before a write (the
/// runtime checks that the transaction allocated the object).
void Instrumenter::emitCheck(Instruction &I, Value *Ptr, Value *Size,
                             bool Store) {
  IRBuilder<> B(&I);
  CallInst *C = B.CreateCall(
      Abi.get(Store ? Abi_check_immutable_store : Abi_check_immutable),
      {F.getArg(0), Ptr, Size,
       Sites.forCall(I, Store ? "store to AME_IMMUTABLE data"
                              : "read of AME_IMMUTABLE data")});
  copyCallLoc(*C, I);
  ++NumImmutableChecks;
}

void Instrumenter::emitChecks() {
  for (Instruction *I : Checks) {
    Value *Ptr;
    Type *Ty;
    if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
      Ptr = RMW->getPointerOperand();
      Ty = RMW->getValOperand()->getType();
    } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I)) {
      Ptr = CX->getPointerOperand();
      Ty = CX->getCompareOperand()->getType();
    } else {
      Ptr = getLoadStorePointerOperand(I);
      Ty = getLoadStoreType(I);
    }
    emitCheck(*I, Ptr,
              ConstantInt::get(Abi.sizeType(),
                               DL.getTypeStoreSize(Ty).getFixedValue()),
              !isa<LoadInst>(I));
  }
  Checks.clear();
}

/// The site of the barrier that replaces I, with a missed remark at the same
/// file:line:column the conflict profiler names it by (docs/profile.md):
/// each barrier is a place where the transaction may conflict.
Constant *Instrumenter::barrierSite(Instruction &I, Value *Ptr, bool Write,
                                    bool ForWrite) {
  GlobalVariable *Site = Sites.forAccess(
      I, Ptr, Write || ForWrite ? AME_SITE_WRITE : AME_SITE_READ);
  // Code without a location is the pass's own: the user has no line to look
  // at.
  if (I.getDebugLoc() && I.getDebugLoc().getLine() &&
      RemarkedSites.insert(Site).second)
    ORE.emit([&] {
      std::string What = Sites.what(I, Ptr);
      OptimizationRemarkMissed R(BarrierRemarks, "Barrier", &I);
      R << (Write ? "write" : "read");
      if (!What.empty())
        R << " of " << ore::NV("What", What);
      if (ForWrite)
        return R << " for a write takes its line for writing at once (a "
                    "conflict site)";
      return R << " goes through a barrier (a conflict site)";
    });
  return Site;
}

/// Read-modify-write (x++, p->f += d, also at -O0): the load gets
/// __ame_load_for_write_N, which takes the line the store needs anyway. The
/// store follows whenever the load ran (barring an abort or a jump out of
/// the block, after which a line held without bytes written is merely
/// released at a new version): it comes later in the same basic block, or
/// (-ame-read-for-write-across-blocks) its block post-dominates the load's,
/// which dominates it, in the same loop, with nothing that writes memory in
/// between, so that each run of the load is soon followed by one of the
/// store (`v = x; if (v > m) v = m; x = v + 1` at -O0). The same pointer
/// value and size, so it writes the bytes read.
void Instrumenter::findReadsForWrite(ArrayRef<Instruction *> Accesses) {
  DenseMap<const Value *, SmallVector<LoadInst *, 2>> Loads;
  SmallVector<std::pair<LoadInst *, StoreInst *>, 4> AcrossBlocks;
  for (Instruction *I : Accesses)
    if (auto *LI = dyn_cast<LoadInst>(I)) {
      if (valuePathBytes(DL, LI->getType()))
        Loads[LI->getPointerOperand()].push_back(LI);
    } else if (auto *SI = dyn_cast<StoreInst>(I)) {
      auto It = Loads.find(SI->getPointerOperand());
      if (It == Loads.end())
        continue;
      uint64_t Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
      for (LoadInst *LI : It->second)
        if (DL.getTypeStoreSize(LI->getType()) != Size)
          continue;
        else if (LI->getParent() == SI->getParent()) {
          if (LI->comesBefore(SI))
            ReadsForWrite.insert(LI);
        } else if (Opts.ReadForWriteAcrossBlocks) {
          AcrossBlocks.push_back({LI, SI});
        }
    }
  if (AcrossBlocks.empty())
    return;
  DominatorTree DT(F);
  PostDominatorTree PDT(F);
  LoopInfo LoopsOf(DT);
  SmallVector<const Instruction *, 16> Writers;
  for (Instruction &I : instructions(F))
    if (I.mayWriteToMemory() && !isa<DbgInfoIntrinsic>(I) &&
        !I.isLifetimeStartOrEnd())
      Writers.push_back(&I);
  for (auto [LI, SI] : AcrossBlocks) {
    const BasicBlock *L = LI->getParent(), *S = SI->getParent();
    if (ReadsForWrite.count(LI) || !DT.dominates(L, S) ||
        !PDT.dominates(S, L) || LoopsOf.getLoopFor(L) != LoopsOf.getLoopFor(S))
      continue;
    // Nothing between them writes memory (no store, no call): the line is
    // held early only across reads and arithmetic, as for x++ in one block.
    // A block that reads a counter, does other work, then bumps it keeps
    // meeting other blocks at the read and the write
    // (examples/hot_counter.c, the conflict profiler's example).
    if (Writers.size() > 64 || any_of(Writers, [&](const Instruction *W) {
          return W != SI && isPotentiallyReachable(LI, W, nullptr, &DT) &&
                 isPotentiallyReachable(W, SI, nullptr, &DT);
        }))
      continue;
    ReadsForWrite.insert(LI);
    ++NumReadsForWriteAcrossBlocks;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "ReadForWrite", LI)
             << "read is taken for writing with one barrier: a write of the "
                "same bytes in a later block always follows it";
    });
  }
}

/// The slot lies at the address's offset in an 8-aligned word of the redo
/// entry (or a line buffer, or the address itself): as aligned as the
/// access, up to 8.
static Align slotAlign(Align Access) { return std::min(Access, Align(8)); }

/// A load taken for writing whose store comes later in the same basic block
/// with nothing between them that runs code of the transaction (no call, no
/// other access with a barrier: only arithmetic and the frame's own locals)
/// gets __ame_open_for_write_N, which returns where the line's holder keeps
/// those bytes (the redo entry, or memory for lines held in place); the load
/// and the store become plain accesses there. Only a barrier or a call could
/// move the held bytes (a write to another word of the line moves them to a
/// line buffer) or end the attempt between the two, and there is none.
/// Neither access may be range-checked, which would split the block between
/// them. Both must be aligned to their size: a packed struct's field may
/// cross into the next line, which one slot cannot hold without making the
/// transaction inevitable (the runtime does so when a pointer claims more
/// alignment than it has, which a correct program never makes it do).
void Instrumenter::findWriteSlots(ArrayRef<Instruction *> Accesses) {
  if (!Opts.WriteSlots)
    return;
  SmallPtrSet<const Instruction *, 32> Barriers(Accesses.begin(),
                                                Accesses.end());
  for (const Instruction *I : Accesses) {
    auto *LI = dyn_cast<LoadInst>(I);
    if (!LI || !ReadsForWrite.count(LI) || LI->isVolatile() ||
        RangeChecked.count(LI))
      continue;
    unsigned N = valuePathBytes(DL, LI->getType());
    if (!N || LI->getAlign().value() < N)
      continue;
    for (const Instruction *J = LI->getNextNode(); J; J = J->getNextNode()) {
      if (auto *SI = dyn_cast<StoreInst>(J);
          SI && SI->getPointerOperand() == LI->getPointerOperand() &&
          Barriers.count(SI)) {
        if (!SI->isVolatile() && !RangeChecked.count(SI) &&
            valuePathBytes(DL, SI->getValueOperand()->getType()) == N &&
            SI->getAlign().value() >= N)
          SlotStores[LI] = SI;
        break;
      }
      if (Barriers.count(J) || J->isAtomic() || isa<FenceInst>(J) ||
          (isa<CallBase>(J) && J->mayReadOrWriteMemory() &&
           !J->isLifetimeStartOrEnd() && !isa<DbgInfoIntrinsic>(J)))
        break;
    }
    if (!SlotStores.count(LI))
      continue;
    ++NumWriteSlots;
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "WriteSlot", LI)
             << "read and write of the same bytes take one barrier, which "
                "says where the bytes are held: both are plain accesses there";
    });
  }
}

/// Line buffers of one function, 64 bytes of its frame each.
static constexpr unsigned MaxLineBuffers = 8;

/// Ends B's block with the test of a line read's common case: the Span
/// bytes at Addr lie in the line Held names (one subtraction and one
/// compare, a - held <= 64 - Span; the slot starts at 1, and the first line
/// of memory holds no data): to Hit, else to Miss. Returns a - held, the
/// bytes' offset in the buffer on the Hit side.
Value *Instrumenter::branchOnHeldLine(IRBuilder<> &B, Value *Addr,
                                      AllocaInst *Held, uint64_t Span,
                                      BasicBlock *Hit, BasicBlock *Miss,
                                      const Twine &Name) {
  Type *IntPtr = Addr->getType();
  LoadInst *HeldLine = B.CreateLoad(IntPtr, Held, "ame.held.line");
  LineBufferAccesses.insert(HeldLine);
  Value *InHeld = B.CreateSub(Addr, HeldLine, "ame.in.held");
  MDBuilder MDB(B.getContext());
  B.CreateCondBr(
      B.CreateICmpULE(InHeld, ConstantInt::get(IntPtr, 64 - Span), Name), Hit,
      Miss, MDB.createBranchWeights(15, 1));
  return InHeld;
}

/// Whether I, an access at P that line reads or line writes may serve,
/// touches shared data reached through a pointer (loaded, a parameter) or
/// a non-constant global: not a local, a block of this attempt or what
/// ame_private returned, which need no barrier or a range check of their
/// own, nor the region's context or a reference count.
bool Instrumenter::walksSharedMemory(const Instruction &I, Value *P) {
  if (I.hasMetadata(CtxMD) || I.hasMetadata(RefcountMD) ||
      P->getType()->getPointerAddressSpace() != 0 || isContextAccess(P))
    return false;
  const Value *O = getUnderlyingObject(P);
  if (const auto *GV = dyn_cast<GlobalVariable>(O))
    return !GV->isConstant();
  return isa<LoadInst>(O) || isa<Argument>(O);
}

/// Splits I's block around I, a Size-byte access at Ptr whose line is
/// tested against the slot Held (readLinesOfLoops, writeLinesOfLoops): I
/// alone in Barrier (the access as it is), the rest of the block in Tail,
/// and new blocks Miss, Enter (the line taken) and Use (the buffer used);
/// the head ends with the held-line test, to Use or to Miss.
Instrumenter::HeldLineTest
Instrumenter::testHeldLine(Instruction &I, Value *Ptr, uint64_t Size,
                           AllocaInst *Held, const char *MissName,
                           const char *EnterName, const char *UseName,
                           const char *HitName) {
  LLVMContext &C = F.getContext();
  HeldLineTest T;
  T.Head = I.getParent();
  T.Tail = SplitBlock(T.Head, I.getNextNode());
  T.Barrier = SplitBlock(T.Head, &I);
  T.Miss = BasicBlock::Create(C, MissName, &F, T.Tail);
  T.Enter = BasicBlock::Create(C, EnterName, &F, T.Tail);
  T.Use = BasicBlock::Create(C, UseName, &F, T.Tail);
  T.Head->getTerminator()->eraseFromParent();
  IRBuilder<> B(T.Head);
  B.SetCurrentDebugLocation(I.getDebugLoc());
  T.Addr = B.CreatePtrToInt(Ptr, DL.getIntPtrType(C));
  T.InHeld = branchOnHeldLine(B, T.Addr, Held, Size, T.Use, T.Miss, HitName);
  return T;
}

/// Ends B's block (a miss of the held line) with the choice between a fill
/// of Addr's line, when the Span bytes lie in it, and Cross, when they run
/// into the next line (a single byte never does: always the fill). Returns
/// the bytes' offset in their line, their offset in the buffer after the
/// fill.
Value *Instrumenter::branchOnOneLine(IRBuilder<> &B, Value *Addr, uint64_t Span,
                                     BasicBlock *Fill, BasicBlock *Cross,
                                     const Twine &Name) {
  Value *Off = B.CreateAnd(Addr, 63, "ame.line.off");
  if (Span == 1) {
    B.CreateBr(Fill);
    return Off;
  }
  MDBuilder MDB(B.getContext());
  B.CreateCondBr(B.CreateICmpULE(
                     Off, ConstantInt::get(Addr->getType(), 64 - Span), Name),
                 Fill, Cross, MDB.createLikelyBranchWeights());
  return Off;
}

/// The start of the line holding Ptr. The line may begin before the
/// object; ptrmask keeps the pointer's provenance and tells the inlined
/// barrier the line is aligned, so its test for a line crossing folds away.
Value *Instrumenter::lineStart(IRBuilder<> &B, Value *Ptr, const Twine &Name) {
  Type *IntPtr = DL.getIntPtrType(F.getContext());
  return B.CreateIntrinsic(Intrinsic::ptrmask, {Ptr->getType(), IntPtr},
                           {Ptr, ConstantInt::get(IntPtr, ~uint64_t(63))},
                           nullptr, Name);
}

/// Copies the 64 bytes at Line into To through one barrier of load Ld
/// (__ame_load_bytes of the aligned line, inlined).
void Instrumenter::copyLine(IRBuilder<> &B, LoadInst &Ld, Value *To,
                            Value *Line) {
  CallInst *Call =
      B.CreateCall(Abi.get(Abi_load_bytes),
                   {F.getArg(0), To, Line, ConstantInt::get(Abi.sizeType(), 64),
                    barrierSite(Ld, Ld.getPointerOperand(), false)});
  copyCallLoc(*Call, Ld);
  countBarrier(B, false);
}

/// Fills Buf with the line holding the load's address and makes Held name
/// that line; returns the line.
Value *Instrumenter::fillLine(IRBuilder<> &B, LoadInst &Ld, AllocaInst *Buf,
                              AllocaInst *Held) {
  Value *Line = lineStart(B, Ld.getPointerOperand(), "ame.line.start");
  copyLine(B, Ld, Buf, Line);
  LineBufferAccesses.insert(B.CreateStore(
      B.CreatePtrToInt(Line, DL.getIntPtrType(F.getContext())), Held));
  return Line;
}

/// Whether a load of the buffer may span two of the aligned 16-byte pieces
/// a fill stores (readFreshLine can read it from them): a vector or an
/// integer of at most 16 bytes, larger than its alignment, which is at
/// least 4 (so at most four places in a piece).
static bool maySpanPieces(const LoadInst &Ld, const DataLayout &DL) {
  Type *Ty = Ld.getType();
  uint64_t Size = DL.getTypeStoreSize(Ty);
  uint64_t A = Ld.getAlign().value();
  Type *Elt = Ty->getScalarType();
  return Size <= 16 && A >= 4 && A < Size &&
         DL.getTypeSizeInBits(Ty) == Size * 8 &&
         (Elt->isIntegerTy() || Elt->isFloatingPointTy());
}

/// Cross (entered from a miss of Ld, a load of Size > 1 bytes at line
/// offset Off that runs into the next line) reads Ld's bytes from the two
/// lines: Buf's first 64 bytes hold the load's line (filled unless Held
/// names it already), the next 64 the next line, filled through one more
/// barrier, and the load reads across them; then the next line moves to
/// the front and Held names it, as if the walk had entered it. A barrier of
/// its own took about 180 instructions per crossing (labyrinth's copy loop,
/// 16-byte loads of ints at 4-byte alignment: 7 a block). Both lines are
/// ones the load reads, so neither fill can fault or add a conflict.
/// Returns the value and the block that ends the path.
std::pair<Value *, BasicBlock *>
Instrumenter::readAcrossLines(BasicBlock *Cross, BasicBlock *Tail, LoadInst &Ld,
                              AllocaInst *Buf, AllocaInst *Held, Value *Off) {
  LLVMContext &C = F.getContext();
  Type *IntPtr = DL.getIntPtrType(C);
  DebugLoc Loc = Ld.getDebugLoc();
  BasicBlock *Low = BasicBlock::Create(C, "ame.line.cross.fill", &F, Tail);
  BasicBlock *Next = BasicBlock::Create(C, "ame.line.cross.next", &F, Tail);
  IRBuilder<> B(Cross);
  B.SetCurrentDebugLocation(Loc);
  Value *Line = lineStart(B, Ld.getPointerOperand(), "ame.cross.start");
  Value *LineAt = B.CreatePtrToInt(Line, IntPtr);
  LoadInst *HeldLine = B.CreateLoad(IntPtr, Held, "ame.cross.held");
  LineBufferAccesses.insert(HeldLine);
  B.CreateCondBr(B.CreateICmpEQ(HeldLine, LineAt, "ame.cross.has"), Next, Low);
  IRBuilder<> LB(Low);
  LB.SetCurrentDebugLocation(Loc);
  copyLine(LB, Ld, Buf, Line);
  LB.CreateBr(Next);
  IRBuilder<> NB(Next);
  NB.SetCurrentDebugLocation(Loc);
  Value *Upper = NB.CreateConstInBoundsGEP1_64(NB.getInt8Ty(), Buf, 64);
  Value *NextLine =
      NB.CreateConstInBoundsGEP1_64(NB.getInt8Ty(), Line, 64, "ame.cross.next");
  copyLine(NB, Ld, Upper, NextLine);
  LoadInst *V = readBuffer(
      NB, Ld, NB.CreateInBoundsGEP(NB.getInt8Ty(), Buf, Off, "ame.in.buffer"));
  auto *Whole = FixedVectorType::get(NB.getInt8Ty(), 64);
  LoadInst *Moved = NB.CreateAlignedLoad(Whole, Upper, Align(64));
  LineBufferAccesses.insert(Moved);
  LineBufferAccesses.insert(NB.CreateAlignedStore(Moved, Buf, Align(64)));
  LineBufferAccesses.insert(
      NB.CreateStore(NB.CreatePtrToInt(NextLine, IntPtr), Held));
  NB.CreateBr(Tail);
  return {V, Next};
}

/// A copy of Ld that reads the line buffer at Ptr instead, inserted at B.
LoadInst *Instrumenter::readBuffer(IRBuilder<> &B, LoadInst &Ld, Value *Ptr) {
  auto *R = cast<LoadInst>(Ld.clone());
  B.Insert(R);
  pointAtBuffer(*R, Ptr);
  return R;
}

/// Makes R, a copy of a load, read Ptr in a buffer of the frame instead.
void Instrumenter::pointAtBuffer(LoadInst &R, Value *Ptr) {
  R.setOperand(LoadInst::getPointerOperandIndex(), Ptr);
  // The buffer is the frame's: none of the access's tags applies.
  R.dropUnknownNonDebugMetadata();
  LineBufferAccesses.insert(&R);
}

/// Ld's bytes at offset Off of Buf, read right after a fill stored the line
/// there. The fill's barrier stores the line in aligned 16-byte pieces, and
/// a load spanning two pieces still in the store buffer cannot take its
/// bytes from them (store-to-load forwarding): it waits until both reach the
/// cache, about 10 cycles here, at the first read of every line a loop
/// enters, since a walk's vector loads are rarely 16-byte aligned. Reading
/// the two pieces whole forwards each from its store; the value is shifted
/// out of them, by one of the (at most four) offsets its alignment allows.
Value *Instrumenter::readFreshLine(IRBuilder<> &B, LoadInst &Ld, Value *Buf,
                                   Value *Off) {
  LLVMContext &C = F.getContext();
  Type *IntPtr = Off->getType();
  uint64_t Size = DL.getTypeStoreSize(Ld.getType());
  uint64_t A = Ld.getAlign().value();
  auto *Piece = FixedVectorType::get(Type::getInt8Ty(C), 16);
  Value *Lo = B.CreateAnd(Off, ~uint64_t(15), "ame.fresh.piece");
  Value *Shift = B.CreateAnd(Off, 15, "ame.fresh.shift");
  // The next piece, where the bytes may reach it; past the last piece they
  // do not (the load lies in the line), and the last is read twice.
  Value *Hi = B.CreateSelect(B.CreateICmpULT(Lo, ConstantInt::get(IntPtr, 48)),
                             B.CreateAdd(Lo, ConstantInt::get(IntPtr, 16)), Lo,
                             "ame.fresh.next");
  LoadInst *LoV = B.CreateAlignedLoad(
      Piece, B.CreateInBoundsGEP(B.getInt8Ty(), Buf, Lo), Align(16));
  LoadInst *HiV = B.CreateAlignedLoad(
      Piece, B.CreateInBoundsGEP(B.getInt8Ty(), Buf, Hi), Align(16));
  LineBufferAccesses.insert(LoV);
  LineBufferAccesses.insert(HiV);
  auto BytesAt = [&](uint64_t R) {
    SmallVector<int, 16> Mask;
    for (uint64_t I = 0; I != Size; ++I)
      Mask.push_back(int(R + I));
    return B.CreateShuffleVector(LoV, HiV, Mask);
  };
  Value *V = BytesAt(0);
  for (uint64_t R = A; R < 16; R += A)
    V = B.CreateSelect(B.CreateICmpEQ(Shift, ConstantInt::get(IntPtr, R)),
                       BytesAt(R), V);
  return B.CreateBitCast(V, Ld.getType(), "ame.fresh");
}

/// The loads of Group (one basic block, addresses ascending by the constant
/// distances LineRead::Distance from the first, all within Span bytes of
/// it) test the buffer's line once: when the first load's address lies at
/// most 64 - Span bytes past Held, each reads Buf at its own distance
/// further; when the group lies in one other line, one fill takes that
/// line and they read it; otherwise (the group crosses into the next line)
/// they run as they were, in a block of their own, where each takes its
/// usual buffer test (readLinesOfLoops). Returns the plain loads from Buf,
/// or nothing if an instruction between the loads may not let execution
/// reach the next one (the loads move up to the first).
SmallVector<LoadInst *, 4>
Instrumenter::readLineOnce(ArrayRef<const LineRead *> Group, uint64_t Span,
                           AllocaInst *Buf, AllocaInst *Held) {
  LoadInst *First = Group.front()->Load;
  LoadInst *Last = Group.back()->Load;
  for (Instruction *I = First; I != Last; I = I->getNextNode())
    if (!isGuaranteedToTransferExecutionToSuccessor(I))
      return {};
  LLVMContext &C = F.getContext();
  Type *IntPtr = DL.getIntPtrType(C);
  DebugLoc Loc = First->getDebugLoc();
  // The later loads' addresses from the first's (scalar evolution proved
  // the distances), so the group can read at the first load's place.
  IRBuilder<> PB(First);
  Value *Ptr = First->getPointerOperand();
  Instruction *After = First;
  for (const LineRead *G : Group.drop_front()) {
    G->Load->setOperand(LoadInst::getPointerOperandIndex(),
                        PB.CreateGEP(PB.getInt8Ty(), Ptr,
                                     ConstantInt::get(IntPtr, G->Distance)));
    G->Load->moveAfter(After);
    After = G->Load;
  }
  // Head: in the buffer's line -> Read. Miss: in one line -> Fill, else
  // -> Slow (the loads as they are). Fill -> Read. Read, Slow -> Tail.
  BasicBlock *Head = First->getParent();
  BasicBlock *Tail = SplitBlock(Head, Last->getNextNode());
  BasicBlock *Slow = SplitBlock(Head, First);
  Slow->setName("ame.group.cross");
  BasicBlock *Miss = BasicBlock::Create(C, "ame.group.miss", &F, Slow);
  BasicBlock *Fill = BasicBlock::Create(C, "ame.group.fill", &F, Slow);
  BasicBlock *Read = BasicBlock::Create(C, "ame.group.read", &F, Slow);
  Head->getTerminator()->eraseFromParent();
  IRBuilder<> B(Head);
  B.SetCurrentDebugLocation(Loc);
  Value *Addr = B.CreatePtrToInt(Ptr, IntPtr);
  Value *InHeld =
      branchOnHeldLine(B, Addr, Held, Span, Read, Miss, "ame.group.hit");

  IRBuilder<> MB(Miss);
  MB.SetCurrentDebugLocation(Loc);
  Value *Off =
      branchOnOneLine(MB, Addr, Span, Fill, Slow, "ame.group.in.line");

  IRBuilder<> FB(Fill);
  FB.SetCurrentDebugLocation(Loc);
  fillLine(FB, *First, Buf, Held);
  // Right after the fill, loads that may span two of its pieces read them
  // whole (readFreshLine), in the fill's block; the others read the buffer
  // there too, and the fill goes on to Tail.
  bool Fresh =
      Opts.LineReadsFreshPieces && any_of(Group, [&](const LineRead *G) {
        return maySpanPieces(*G->Load, DL);
      });
  SmallVector<Value *, 4> FreshReads;
  if (Fresh) {
    for (const LineRead *G : Group) {
      Value *At = G->Distance
                      ? FB.CreateAdd(Off, ConstantInt::get(IntPtr, G->Distance))
                      : Off;
      if (maySpanPieces(*G->Load, DL)) {
        FreshReads.push_back(readFreshLine(FB, *G->Load, Buf, At));
        ++NumLineReadsFresh;
        continue;
      }
      FreshReads.push_back(readBuffer(
          FB, *G->Load, FB.CreateInBoundsGEP(FB.getInt8Ty(), Buf, At)));
    }
    FB.CreateBr(Tail);
  } else {
    FB.CreateBr(Read);
  }

  IRBuilder<> RB(Read);
  RB.SetCurrentDebugLocation(Loc);
  PHINode *At = RB.CreatePHI(IntPtr, 2, "ame.group.at");
  At->addIncoming(InHeld, Head);
  if (!Fresh)
    At->addIncoming(Off, Fill);
  Value *Base = RB.CreateInBoundsGEP(RB.getInt8Ty(), Buf, At, "ame.in.buffer");
  SmallVector<LoadInst *, 4> Reads;
  for (const LineRead *G : Group) {
    Value *P = G->Distance
                   ? RB.CreateInBoundsGEP(RB.getInt8Ty(), Base,
                                          ConstantInt::get(IntPtr, G->Distance))
                   : Base;
    LoadInst *R = readBuffer(RB, *G->Load, P);
    PHINode *V =
        PHINode::Create(R->getType(), 2, "", Tail->getFirstInsertionPt());
    V->setDebugLoc(G->Load->getDebugLoc());
    V->addIncoming(R, Read);
    V->addIncoming(G->Load, Slow);
    if (Fresh)
      V->addIncoming(FreshReads[Reads.size()], Fill);
    G->Load->replaceUsesWithIf(V, [V](Use &U) { return U.getUser() != V; });
    Reads.push_back(R);
  }
  RB.CreateBr(Tail);
  return Reads;
}

/// Sanitizers would see the bytes a copy of a line or of an object's
/// fields takes beyond the loads' own as reads out of bounds.
bool Instrumenter::underSanitizer() const {
  return F.hasFnAttribute(Attribute::SanitizeAddress) ||
         F.hasFnAttribute(Attribute::SanitizeHWAddress) ||
         F.hasFnAttribute(Attribute::SanitizeMemory) ||
         F.hasFnAttribute(Attribute::SanitizeThread);
}

/// Loads of one object that would each take a read barrier, at constant
/// offsets of one pointer within 64 bytes, the first dominating the others
/// and nothing between it and each of them that may write what they read
/// (ObjectReads.cpp). At the first, when their bytes lie in one line, one
/// barrier (__ame_load_bytes of the span, inlined) copies them into a
/// buffer of the frame and every load of the group reads the buffer;
/// when they cross into the next line each takes its own barrier, so a
/// load never reads bytes its object may not have beyond that line. Safe
/// because the buffer holds what each load would have read: the bytes were
/// read at the transaction's snapshot, logged and validated as any read of
/// the line (with its own earlier writes: the barrier reads the redo
/// buffer of a line it holds), and no instruction between may write them,
/// so a barrier at the later load would return the same bytes. The other
/// bytes of the span lie in the same line, which the first load reads
/// anyway: the copy neither faults nor adds a conflict. The loads stay in
/// Accesses: they are the barriers of the crossing side.
void Instrumenter::readObjectsOnce(ArrayRef<Instruction *> Accesses) {
  if (!Opts.ObjectReads || F.hasOptNone() || underSanitizer())
    return;
  SmallPtrSet<const BasicBlock *, 8> Crossing(LineCrossingBlocks.begin(),
                                              LineCrossingBlocks.end());
  SmallVector<LoadInst *, 32> Candidates;
  for (Instruction *I : Accesses)
    if (auto *Ld = dyn_cast<LoadInst>(I))
      if (!ReadsForWrite.count(Ld) && !RangeChecked.count(Ld) &&
          !Crossing.count(Ld->getParent()) && !Ld->hasMetadata(RefcountMD))
        Candidates.push_back(Ld);
  if (Candidates.size() < 2)
    return;
  ObjectReads R(F);
  SmallVector<ObjectReadGroup, 4> Groups = R.find(Candidates);
  LLVMContext &C = F.getContext();
  Type *IntPtr = DL.getIntPtrType(C);
  IRBuilder<> Entry(&*F.getEntryBlock().getFirstInsertionPt());
  // Every test first, then the splits: a group's pointer may be a load of
  // another group, whose split replaces its uses (these tests among them)
  // by the merged value.
  struct Planned {
    ObjectReadGroup *G;
    Constant *Site;
    Value *Src;
    AllocaInst *Buf;
    SmallVector<Value *, 4> Served;
  };
  SmallVector<Planned, 4> Plans;
  for (ObjectReadGroup &G : Groups) {
    LoadInst *First = G.Loads.front().Load;
    Planned &P = Plans.emplace_back();
    P.G = &G;
    P.Site = barrierSite(*First, First->getPointerOperand(), false);
    IRBuilder<> B(First);
    B.SetCurrentDebugLocation(First->getDebugLoc());
    P.Src = G.Lo ? B.CreateGEP(B.getInt8Ty(), G.Base,
                               ConstantInt::get(IntPtr, G.Lo), "ame.object")
                 : G.Base;
    Value *Ok = B.CreateICmpULE(
        B.CreateAnd(B.CreatePtrToInt(P.Src, IntPtr), 63),
        ConstantInt::get(IntPtr, 64 - G.Span), "ame.object.in.line");
    P.Buf = Entry.CreateAlloca(ArrayType::get(B.getInt8Ty(), G.Span), nullptr,
                               "ame.object.copy");
    P.Buf->setAlignment(Align(16));
    for (const ObjectRead &M : G.Loads) {
      // A pointer read again from the first one's slot: the copy is its
      // object's when the two are equal.
      Value *Served = Ok;
      if (M.Base != G.Base) {
        IRBuilder<> MB(M.Load);
        Served = MB.CreateAnd(Ok, MB.CreateICmpEQ(M.Base, G.Base),
                              "ame.object.same");
      }
      P.Served.push_back(Served);
    }
  }
  for (Planned &P : Plans) {
    ObjectReadGroup &G = *P.G;
    LoadInst *First = G.Loads.front().Load;
    for (auto [M, Served] : zip(G.Loads, P.Served)) {
      LoadInst *Ld = M.Load;
      uint64_t At = M.At;
      auto *Copy = cast<LoadInst>(OwnAllocations::splitOnRange(*Ld, Served));
      Copy->getParent()->setName("ame.object.read");
      Ld->getParent()->setName("ame.object.cross");
      // The split gave Ld's users the merged value, but a later group whose
      // pointer is Ld itself (no offset) holds it in its plan, and its fill
      // is not created yet: Ld now runs on the crossing side only.
      if (!Ld->use_empty())
        for (Planned &Q : Plans)
          if (Q.Src == Ld)
            Q.Src = *Ld->user_begin();
      // The merged value keeps the load's name.
      if (Ld->hasName()) {
        auto *Merged = cast<Instruction>(*Ld->user_begin());
        Merged->takeName(Ld);
        Copy->setName(Merged->getName() + ".copy");
      }
      IRBuilder<> CB(Copy);
      CB.SetCurrentDebugLocation(Ld->getDebugLoc());
      if (Ld == First) {
        CallInst *Fill =
            CB.CreateCall(Abi.get(Abi_load_bytes),
                          {F.getArg(0), P.Buf, P.Src,
                           ConstantInt::get(Abi.sizeType(), G.Span), P.Site});
        copyCallLoc(*Fill, *First);
        countBarrier(CB, false);
      }
      pointAtBuffer(
          *Copy, At ? CB.CreateConstInBoundsGEP1_64(CB.getInt8Ty(), P.Buf, At)
                    : P.Buf);
      Copy->setAlignment(commonAlignment(Align(16), At));
      if (Copy->getType()->isPointerTy())
        Copy->setMetadata(SharedCopyMD, MDNode::get(C, {}));
      ++NumObjectReads;
      ORE.emit([&] {
        OptimizationRemarkAnalysis R(PassName, "ObjectRead", Ld);
        if (Ld == First)
          return R << "read of " << ore::NV("Loads", unsigned(G.Loads.size()))
                   << " fields of one object (" << ore::NV("Bytes", G.Span)
                   << " bytes) takes one barrier here when they lie in one "
                      "line: nothing between these reads writes them";
        DebugLoc FirstLoc = First->getDebugLoc();
        R << "read of a field reads the copy the barrier of an earlier read "
             "of the same object took";
        if (FirstLoc)
          R << " at line " << ore::NV("Line", FirstLoc.getLine());
        return R;
      });
    }
    ++NumObjectReadGroups;
  }
}

/// Loads of an innermost loop that walk shared memory at a constant stride
/// below a line, where no instruction of the loop may write what they read
/// (LineReads.cpp). Each gets a 64-byte buffer and a slot holding the
/// address of the line the buffer holds (none at each entry of the loop).
/// A load inside one line reads the buffer, after one __ame_load_bytes of
/// the whole line into it when the line is not the buffer's; a load that
/// crosses into the next line takes its barrier. Safe because the buffer
/// holds what the loads would have read: the line was read through the
/// read barrier, at the transaction's snapshot (logged and validated like
/// any read of it), the transaction's own earlier writes included; nothing
/// in the loop writes the bytes the load reads, so each later read of them
/// in this entry of the loop would return the same; and reading the rest
/// of the line neither faults (a line never straddles a page) nor adds a
/// conflict (conflicts are detected by line). A value read after a commit
/// changed the line is one the snapshot held, as GVN reusing a loaded value
/// would give; the commit fails validation as it would have.
void Instrumenter::readLinesOfLoops() {
  if (underSanitizer())
    return;
  LineReads R(F);
  auto Candidate = [&](LoadInst &L) {
    return !isImmutable(L) && walksSharedMemory(L, L.getPointerOperand());
  };
  Type *IntPtr = DL.getIntPtrType(F.getContext());
  SmallVector<std::pair<AllocaInst *, AllocaInst *>, MaxLineBuffers> Buffers;
  // (buffer, block) pairs whose block already forgets the buffer's line.
  SmallDenseSet<std::pair<unsigned, BasicBlock *>, 8> Forgotten;
  SmallVector<LineRead, 4> Found =
      R.find(Candidate, Opts.LineReadsVectorized,
             Opts.LineReadsVectorized && Opts.LineReadsRemainder);
  for (size_t I = 0; I != Found.size(); ++I) {
    LineRead &G = Found[I];
    if (G.Buffer >= MaxLineBuffers) {
      ++NumLineReadsNoBuffer;
      continue;
    }
    LoadInst *Ld = G.Load;
    bool Shared = G.Buffer < Buffers.size();
    if (!Shared) {
      IRBuilder<> EB(&*F.getEntryBlock().getFirstInsertionPt());
      AllocaInst *Buf =
          EB.CreateAlloca(ArrayType::get(EB.getInt8Ty(), 128),
                          DL.getAllocaAddrSpace(), nullptr, "ame.line");
      Buf->setAlignment(Align(64));
      AllocaInst *Held =
          EB.CreateAlloca(IntPtr, DL.getAllocaAddrSpace(), nullptr, "ame.held");
      Buffers.push_back({Buf, Held});
    }
    auto [Buf, Held] = Buffers[G.Buffer];
    // The loads after it that share its buffer (consecutive in Found, in
    // program order) test the line with it, once.
    if (Opts.LineReadsGroup && !G.Remainder && G.Distance == 0) {
      SmallVector<const LineRead *, 4> Group = {&G};
      uint64_t Span = DL.getTypeStoreSize(G.Load->getType());
      for (size_t J = I + 1; J != Found.size() && Found[J].Buffer == G.Buffer &&
                             !Found[J].Remainder && Found[J].Distance > 0;
           ++J) {
        Group.push_back(&Found[J]);
        Span = std::max<uint64_t>(
            Span,
            Found[J].Distance + DL.getTypeStoreSize(Found[J].Load->getType()));
      }
      if (Group.size() > 1 && Span <= 64) {
        SmallVector<LoadInst *, 4> Reads = readLineOnce(Group, Span, Buf, Held);
        if (!Reads.empty()) {
          ++NumLineReadGroups;
          ORE.emit([&] {
            return OptimizationRemarkAnalysis(PassName, "LineReadGroup",
                                              Reads.front())
                   << ore::NV("Loads", unsigned(Reads.size()))
                   << " loads of one iteration test their line's copy once "
                      "and read it together: they lie within "
                   << ore::NV("Span", Span) << " bytes of each other";
          });
        }
      }
    }
    // No line address is odd: the buffer holds nothing yet.
    for (BasicBlock *BB : G.Resets)
      if (Forgotten.insert({G.Buffer, BB}).second) {
        IRBuilder<> PB(BB->getTerminator());
        LineBufferAccesses.insert(
            PB.CreateStore(ConstantInt::get(IntPtr, 1), Held));
      }

    // Head: the bytes lie in the buffer's line (one subtraction and one
    //   compare: a - held <= 64 - size; the slot starts at 1, and the
    //   first line of memory holds no data) -> Read.
    // Miss: inside one line -> Fill, else -> Barrier (the load as it is).
    // Fill: the line through one barrier, the slot takes its address.
    // Read: the buffer at the offset; Tail merges the value.
    Value *Ptr = Ld->getPointerOperand();
    uint64_t Size = DL.getTypeStoreSize(Ld->getType());
    bool Vector = Ld->getType()->isVectorTy();
    DebugLoc Loc = Ld->getDebugLoc();
    LLVMContext &C = F.getContext();
    HeldLineTest T = testHeldLine(*Ld, Ptr, Size, Held, "ame.line.miss",
                                  "ame.line.fill", "ame.line.read", "ame.hit");
    auto [Head, Tail, Barrier, Miss, Fill, Read, Addr, InHeld] = T;

    // Bytes that run into the next line: Cross reads them from the two
    // lines (readAcrossLines), or their barrier does (Barrier).
    bool Across = Size > 1 && Opts.LineReadsAcross;
    BasicBlock *Cross =
        Across ? BasicBlock::Create(C, "ame.line.cross", &F, Tail) : Barrier;
    IRBuilder<> MB(Miss);
    MB.SetCurrentDebugLocation(Loc);
    Value *Off = branchOnOneLine(MB, Addr, Size, Fill, Cross, "ame.in.line");
    if (Size > 1 && !Across)
      LineCrossingBlocks.push_back(Barrier);
    std::pair<Value *, BasicBlock *> Crossed = {nullptr, nullptr};
    if (Across)
      Crossed = readAcrossLines(Cross, Tail, *Ld, Buf, Held, Off);

    IRBuilder<> FB(Fill);
    FB.SetCurrentDebugLocation(Loc);
    fillLine(FB, *Ld, Buf, Held);
    // Right after the fill: the pieces it stored, whole (readFreshLine).
    Value *Fresh = nullptr;
    if (Opts.LineReadsFreshPieces && maySpanPieces(*Ld, DL)) {
      Fresh = readFreshLine(FB, *Ld, Buf, Off);
      ++NumLineReadsFresh;
      FB.CreateBr(Tail);
    } else {
      FB.CreateBr(Read);
    }

    IRBuilder<> RB(Read);
    RB.SetCurrentDebugLocation(Loc);
    PHINode *Idx = RB.CreatePHI(IntPtr, 2, "ame.in.line.at");
    Idx->addIncoming(InHeld, Head);
    if (!Fresh)
      Idx->addIncoming(Off, Fill);
    LoadInst *Plain = readBuffer(
        RB, *Ld,
        RB.CreateInBoundsGEP(RB.getInt8Ty(), Buf, Idx, "ame.in.buffer"));
    RB.CreateBr(Tail);

    PHINode *V = PHINode::Create(Ld->getType(), 2, "", Tail->begin());
    V->setDebugLoc(Loc);
    V->addIncoming(Plain, Read);
    if (Fresh)
      V->addIncoming(Fresh, Fill);
    if (Crossed.first)
      V->addIncoming(Crossed.first, Crossed.second);
    if (Size > 1 && !Across) {
      V->addIncoming(Ld, Barrier);
      Ld->replaceUsesWithIf(V, [V](Use &U) { return U.getUser() != V; });
    } else {
      // One byte never crosses a line, and the two lines serve a load that
      // does: the barrier is never needed.
      Ld->replaceAllUsesWith(V);
      Barrier->eraseFromParent();
    }
    ++NumLineReads;
    NumLineReadsAcross += Across;
    NumLineReadsVector += Vector;
    NumLineReadsShared += Shared && !G.Remainder;
    NumLineReadsRemainder += G.Remainder;
    ORE.emit([&] {
      if (G.Remainder)
        return OptimizationRemarkAnalysis(PassName, "LineReadRemainder", Plain)
               << "load of a vectorized loop's scalar remainder reads the "
                  "copy of its line that the vector loop took, and takes the "
                  "next line by one barrier: nothing in either loop or "
                  "between them writes what it reads";
      return OptimizationRemarkAnalysis(PassName, "LineRead", Plain)
             << (Vector ? "vector load of a vectorized loop" : "load of a loop")
             << " reads a copy of its line, taken by one barrier when it "
                "enters the line: nothing in the loop writes what it reads"
             << (Shared ? "; it shares the copy of an earlier load, a fixed "
                          "distance behind it in the same stride"
                        : "");
    });
  }
  // The slots become SSA values (only loads and stores use them): in
  // memory, each load's hit test waited for the slot's store to forward
  // before it could compute the buffer offset, and no cleanup after the
  // instrumentation promotes them.
  SmallVector<AllocaInst *, MaxLineBuffers> Slots;
  for (auto [Buf, Held] : Buffers)
    if (isAllocaPromotable(Held)) {
      for (User *U : Held->users())
        LineBufferAccesses.erase(cast<Instruction>(U));
      Slots.push_back(Held);
    }
  if (!Slots.empty()) {
    DominatorTree DT(F);
    PromoteMemToReg(Slots, DT);
  }
}

/// The barrier Call replacing Access stays marked as code from outside the
/// block's own.
static void keepOutsideBlock(CallInst &Call, const Instruction &Access) {
  if (Access.hasMetadata(OutsideBlockMD))
    tag(Call, OutsideBlockMD);
}

/// ORs the bits of the bytes a loop's stores wrote in their held line
/// (Bits) into the runtime's mask of that line (Mask).
void Instrumenter::handOverBits(IRBuilder<> &B, AllocaInst *Mask,
                                AllocaInst *Bits) {
  Type *I64 = B.getInt64Ty();
  Value *M = B.CreateLoad(B.getPtrTy(), Mask, "ame.wmask");
  LoadInst *Had = B.CreateAlignedLoad(I64, M, Align(8), "ame.wmask.had");
  Value *All = B.CreateOr(Had, B.CreateLoad(I64, Bits), "ame.wmask.all");
  LineBufferAccesses.insert(Had);
  LineBufferAccesses.insert(B.CreateAlignedStore(All, M, Align(8)));
}

/// Stores of an innermost loop that walk shared memory at a constant stride
/// below a line, where nothing in the loop reads what they write
/// (LineWrites.cpp). Each group of them holds one line: its address, the
/// buffer standing for it, and the bits of the bytes written there since
/// the loop entered it, all SSA values. A store inside the held line writes
/// the buffer and adds its bits; one that enters another line first hands
/// the bits over to the runtime's mask of the held line and asks
/// __ame_open_line for the new one; one that crosses into the next line
/// takes its barrier. The loop's exits hand the bits over too.
///
/// Safe because the buffer is where the store's barrier would have put the
/// bytes: the runtime locked the line for this transaction (or writes it in
/// place, and returns the line) as the barrier would, the buffer holds the
/// line's written bytes, and commit writes back the bytes its mask names.
/// Until the bits are handed over, the runtime's mask lacks them, so a
/// barrier reading those bytes would take them from memory: nothing in the
/// loop reads the object they belong to (the only calls allowed are line
/// reads' fills, which copy a whole line but give their loads only bytes of
/// another object), and every way out of the loop hands them over first (an
/// abort discards them anyway). Other stores in the loop to the same line
/// go through barriers, which write the same buffer and OR their own bits
/// into the mask.
void Instrumenter::writeLinesOfLoops() {
  if (underSanitizer())
    return;
  LineWrites W(F);
  auto Candidate = [&](StoreInst &S) {
    return walksSharedMemory(S, S.getPointerOperand());
  };
  // Line reads' fills (and their counts), which run before.
  auto IsLineBuffer = [&](const Instruction &I) {
    if (LineBufferAccesses.count(&I))
      return true;
    const auto *CB = dyn_cast<CallInst>(&I);
    const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
    return Callee && (Callee->getName() == AbiDecls::symbol(Abi_load_bytes) ||
                      Callee->getName() == AbiDecls::symbol(Abi_count_barrier));
  };
  SmallVector<LineWriteGroup, 4> Found = W.find(Candidate, IsLineBuffer);
  if (Found.empty())
    return;
  LLVMContext &C = F.getContext();
  Type *IntPtr = DL.getIntPtrType(C);
  Type *I64 = Type::getInt64Ty(C);
  PointerType *Ptr = PointerType::get(C, 0);
  IRBuilder<> EB(&*F.getEntryBlock().getFirstInsertionPt());
  unsigned AS = DL.getAllocaAddrSpace();
  // Where no line is held yet, the bits go nowhere.
  AllocaInst *NoMask = EB.CreateAlloca(I64, AS, nullptr, "ame.wmask.none");
  AllocaInst *MaskOut = EB.CreateAlloca(Ptr, AS, nullptr, "ame.wmask.out");
  SmallVector<AllocaInst *, 16> Slots;
  for (LineWriteGroup &G : Found) {
    AllocaInst *Held = EB.CreateAlloca(IntPtr, AS, nullptr, "ame.wheld");
    AllocaInst *Buf = EB.CreateAlloca(Ptr, AS, nullptr, "ame.wline");
    AllocaInst *Mask = EB.CreateAlloca(Ptr, AS, nullptr, "ame.wmask.at");
    AllocaInst *Bits = EB.CreateAlloca(I64, AS, nullptr, "ame.wbits");
    Slots.append({Held, Buf, Mask, Bits});
    IRBuilder<> PB(G.Preheader->getTerminator());
    // No line address is odd: no line is held yet.
    PB.CreateStore(ConstantInt::get(IntPtr, 1), Held);
    PB.CreateStore(ConstantPointerNull::get(Ptr), Buf);
    PB.CreateStore(NoMask, Mask);
    PB.CreateStore(ConstantInt::get(I64, 0), Bits);
    for (BasicBlock *E : G.Exits) {
      IRBuilder<> XB(&*E->getFirstInsertionPt());
      handOverBits(XB, Mask, Bits);
    }
    for (StoreInst *S : G.Stores) {
      // Head: the bytes lie in the held line -> Write.
      // Miss: inside one line -> Open, else -> Barrier (the store as is).
      // Open: the held line's bits handed over, the new line opened.
      // Write: the buffer at the offset, and the bytes' bits.
      Value *P = S->getPointerOperand();
      uint64_t Size = DL.getTypeStoreSize(S->getValueOperand()->getType());
      DebugLoc Loc = S->getDebugLoc();
      HeldLineTest T =
          testHeldLine(*S, P, Size, Held, "ame.wline.miss", "ame.wline.open",
                       "ame.wline.write", "ame.whit");
      auto [Head, Tail, Barrier, Miss, Open, Write, Addr, InHeld] = T;

      IRBuilder<> MB(Miss);
      MB.SetCurrentDebugLocation(Loc);
      Value *Off =
          branchOnOneLine(MB, Addr, Size, Open, Barrier, "ame.win.line");

      IRBuilder<> OB(Open);
      OB.SetCurrentDebugLocation(Loc);
      handOverBits(OB, Mask, Bits);
      CallInst *Opened = OB.CreateCall(
          Abi.get(Abi_open_line),
          {F.getArg(0), P, MaskOut, barrierSite(*S, P, true)}, "ame.wline");
      copyCallLoc(*Opened, *S);
      countBarrier(OB, true);
      LoadInst *NewMask = OB.CreateLoad(Ptr, MaskOut, "ame.wmask.new");
      LineBufferAccesses.insert(NewMask);
      OB.CreateStore(NewMask, Mask);
      OB.CreateStore(Opened, Buf);
      OB.CreateStore(ConstantInt::get(I64, 0), Bits);
      OB.CreateStore(OB.CreateAnd(Addr, ~uint64_t(63), "ame.wline.at"), Held);
      OB.CreateBr(Write);

      IRBuilder<> WB(Write);
      WB.SetCurrentDebugLocation(Loc);
      PHINode *Idx = WB.CreatePHI(IntPtr, 2, "ame.win.line.at");
      Idx->addIncoming(InHeld, Head);
      Idx->addIncoming(Off, Open);
      auto *Plain = cast<StoreInst>(S->clone());
      Plain->setOperand(StoreInst::getPointerOperandIndex(),
                        WB.CreateInBoundsGEP(WB.getInt8Ty(),
                                             WB.CreateLoad(Ptr, Buf), Idx,
                                             "ame.win.buffer"));
      // The buffer is the write log's: none of the access's tags applies.
      Plain->dropUnknownNonDebugMetadata();
      WB.Insert(Plain);
      LineBufferAccesses.insert(Plain);
      uint64_t Ones = Size == 64 ? ~uint64_t(0) : (uint64_t(1) << Size) - 1;
      WB.CreateStore(WB.CreateOr(WB.CreateLoad(I64, Bits),
                                 WB.CreateShl(ConstantInt::get(I64, Ones),
                                              WB.CreateZExtOrTrunc(Idx, I64)),
                                 "ame.wbits.now"),
                     Bits);
      WB.CreateBr(Tail);

      if (Size > 1) {
        LineCrossingBlocks.push_back(Barrier);
      } else {
        // One byte never crosses a line: the barrier is never needed.
        Barrier->eraseFromParent();
      }
      ++NumLineWrites;
      ORE.emit([&] {
        return OptimizationRemarkAnalysis(PassName, "LineWrite", Plain)
               << "store of a loop writes the write log's buffer of its line, "
                  "which one call takes when the store enters the line: "
                  "nothing in the loop reads what it writes";
      });
    }
  }
  DominatorTree DT(F);
  PromoteMemToReg(Slots, DT);
}

/// -ame-count-barriers: one __ame_count_barrier after the barrier B just
/// emitted.
void Instrumenter::countBarrier(IRBuilder<> &B, bool Write) {
  if (Opts.CountBarriers)
    B.CreateCall(Abi.get(Abi_count_barrier), {F.getArg(0), B.getInt32(Write)});
}

void Instrumenter::instrumentLoad(LoadInst &LI) {
  BasicBlock *Cold = splitOnRange(
      LI, LI.getPointerOperand(),
      ConstantInt::get(Abi.sizeType(), DL.getTypeStoreSize(LI.getType())));
  IRBuilder<> B(&LI);
  Type *Ty = LI.getType();
  Value *Tx = F.getArg(0), *Ptr = LI.getPointerOperand();
  Value *Result;
  if (unsigned N = valuePathBytes(DL, Ty)) {
    bool ForWrite = ReadsForWrite.count(&LI);
    if (auto It = SlotStores.find(&LI); It != SlotStores.end()) {
      CallInst *Slot = B.CreateCall(
          Abi.openForWrite(N), {Tx, Ptr, barrierSite(LI, Ptr, false, true)},
          LI.getName() + ".slot");
      keepOutsideBlock(*Slot, LI);
      ++NumReadsForWrite;
      countBarrier(B, true);
      StoreSlots[It->second] = Slot;
      Result = B.CreateAlignedLoad(Ty, Slot, slotAlign(LI.getAlign()));
    } else {
      CallInst *Raw =
          B.CreateCall(ForWrite ? Abi.loadForWrite(N) : Abi.load(N),
                       {Tx, Ptr, barrierSite(LI, Ptr, false, ForWrite)});
      keepOutsideBlock(*Raw, LI);
      NumReadsForWrite += ForWrite;
      countBarrier(B, ForWrite);
      Result = fromInt(B, Raw, Ty);
    }
  } else {
    AllocaInst *Tmp = temporary(Ty);
    uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
    keepOutsideBlock(
        *B.CreateCall(Abi.get(Abi_load_bytes),
                      {Tx, Tmp, Ptr, ConstantInt::get(Abi.sizeType(), Size),
                       barrierSite(LI, Ptr, false)}),
        LI);
    countBarrier(B, false);
    Result = B.CreateAlignedLoad(Ty, Tmp, Tmp->getAlign());
    ++NumInstrumentedBytes;
  }
  Result->takeName(&LI);
  LI.replaceAllUsesWith(Result);
  LI.eraseFromParent();
  keepBarrierOutOfLine(Cold);
  ++NumInstrumentedLoads;
  ++Loads;
}

void Instrumenter::instrumentStore(StoreInst &SI) {
  if (Value *Slot = StoreSlots.lookup(&SI)) {
    IRBuilder<> B(&SI);
    B.CreateAlignedStore(SI.getValueOperand(), Slot, slotAlign(SI.getAlign()));
    SI.eraseFromParent();
    ++NumInstrumentedStores;
    ++Stores;
    return;
  }
  BasicBlock *Cold = splitOnRange(
      SI, SI.getPointerOperand(),
      ConstantInt::get(Abi.sizeType(),
                       DL.getTypeStoreSize(SI.getValueOperand()->getType())));
  IRBuilder<> B(&SI);
  Value *V = SI.getValueOperand();
  Type *Ty = V->getType();
  Value *Tx = F.getArg(0), *Ptr = SI.getPointerOperand();
  if (unsigned N = valuePathBytes(DL, Ty)) {
    Type *IntTy = B.getIntNTy(N * 8);
    keepOutsideBlock(*B.CreateCall(Abi.store(N), {Tx, Ptr, toInt(B, V, IntTy),
                                                  barrierSite(SI, Ptr, true)}),
                     SI);
    countBarrier(B, true);
  } else {
    AllocaInst *Tmp = temporary(Ty);
    B.CreateAlignedStore(V, Tmp, Tmp->getAlign());
    uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
    keepOutsideBlock(
        *B.CreateCall(Abi.get(Abi_store_bytes),
                      {Tx, Ptr, Tmp, ConstantInt::get(Abi.sizeType(), Size),
                       barrierSite(SI, Ptr, true)}),
        SI);
    countBarrier(B, true);
    ++NumInstrumentedBytes;
  }
  SI.eraseFromParent();
  keepBarrierOutOfLine(Cold);
  ++NumInstrumentedStores;
  ++Stores;
}

void Instrumenter::instrumentMemIntrinsic(MemIntrinsic &MI) {
  // Its barriers (__ame_memset, __ame_memcpy) are never inlined.
  splitOnRange(MI, MI.getRawDest(), MI.getLength());
  Value *Dst = MI.getRawDest();
  bool DstPrivate = isPrivateLocal(Dst) || isDeclaredPrivate(Dst);
  IRBuilder<> B(&MI);
  Value *Tx = F.getArg(0);
  Value *Len = B.CreateZExtOrTrunc(MI.getLength(), Abi.sizeType());
  if (!DstPrivate && MI.hasMetadata(ImmutableMD)) {
    remarkImmutableStore(MI, Dst);
    if (Opts.CheckImmutable) {
      Checks.pop_back();
      emitCheck(MI, Dst, Len, /*Store=*/true);
    }
  }
  if (auto *MS = dyn_cast<MemSetInst>(&MI)) {
    if (DstPrivate) {
      ++NumSkippedLocalMemIntrinsics;
      return;
    }
    B.CreateCall(Abi.get(Abi_memset),
                 {Tx, Dst, B.CreateZExt(MS->getValue(), B.getInt32Ty()), Len,
                  barrierSite(MI, Dst, true)});
    countBarrier(B, true);
  } else {
    auto &MT = cast<MemTransferInst>(MI);
    Value *Src = MT.getRawSource();
    bool SrcPrivate = isPrivateLocal(Src) || isConstantGlobal(Src) ||
                      isDeclaredPrivate(Src);
    // Safe as for loads of AME_IMMUTABLE data (needsBarrier).
    if (!SrcPrivate && MT.hasMetadata(ImmutableSrcMD)) {
      SrcPrivate = true;
      ++NumSkippedImmutableMemTransfers;
      if (Opts.CheckImmutable)
        emitCheck(MT, Src, Len, /*Store=*/false);
      ORE.emit([&] {
        return OptimizationRemarkAnalysis(PassName, "ImmutableLoad", &MI)
               << "copy from AME_IMMUTABLE data reads its source without "
                  "barriers: it does not change once its object is published";
      });
    }
    if (DstPrivate && SrcPrivate) {
      ++NumSkippedLocalMemIntrinsics;
      return;
    }
    // A private side cannot overlap the shared one, so memmove == memcpy.
    if (DstPrivate)
      B.CreateCall(Abi.get(Abi_load_bytes),
                   {Tx, Dst, Src, Len, barrierSite(MI, Src, false)});
    else if (SrcPrivate)
      B.CreateCall(Abi.get(Abi_store_bytes),
                   {Tx, Dst, Src, Len, barrierSite(MI, Dst, true)});
    else
      B.CreateCall(Abi.get(isa<MemMoveInst>(MT) ? Abi_memmove : Abi_memcpy),
                   {Tx, Dst, Src, Len, barrierSite(MI, Dst, true)});
    countBarrier(B, !DstPrivate);
  }
  MI.eraseFromParent();
  ++NumInstrumentedMemIntrinsics;
  ++MemOps;
}

/// Atomic instructions that must stay atomic: atomicrmw, cmpxchg, and loads
/// and stores ordered more strongly than unordered (what C11 atomics
/// compile to). Fences order memory for other threads, except signal fences.
static bool isAtomicAccess(const Instruction &I) {
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I))
    return true;
  if (const auto *LI = dyn_cast<LoadInst>(&I))
    return LI->isAtomic() && LI->getOrdering() != AtomicOrdering::Unordered;
  if (const auto *SI = dyn_cast<StoreInst>(&I))
    return SI->isAtomic() && SI->getOrdering() != AtomicOrdering::Unordered;
  return false;
}

static bool isThreadFence(const Instruction &I) {
  const auto *FI = dyn_cast<FenceInst>(&I);
  return FI && FI->getSyncScopeID() != SyncScope::SingleThread;
}

/// A C11 atomic inside a transaction must stay atomic with respect to the
/// same location's atomics outside transactions, which no barrier sees; a
/// barrier would turn it into a plain read and a plain write-back at commit.
/// So the transaction becomes inevitable (others keep running), locks the
/// location's lines in place, and the original instruction runs on memory.
/// A fence becomes inevitable too, so the transaction's earlier writes are in
/// memory (written back in place) before the fence orders them.
void Instrumenter::keepAtomicsAtomic() {
  SmallVector<Instruction *, 8> Work;
  for (Instruction &I : instructions(F))
    if (isAtomicAccess(I) || isThreadFence(I))
      Work.push_back(&I);
  for (Instruction *I : Work) {
    Value *Tx = F.getArg(0);
    std::string Kind;
    if (isa<FenceInst>(I)) {
      Kind = "fence";
      IRBuilder<> B(I);
      CallInst *Irr =
          B.CreateCall(Abi.get(Abi_irrevocable_v2),
                       {Tx, Sites.forCall(*I, Kind, AME_SITE_ATOMIC)});
      copyCallLoc(*Irr, *I);
      ++NumFencesInevitable;
    } else {
      Value *Ptr;
      Type *Ty;
      bool Write = !isa<LoadInst>(I);
      if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
        Ptr = RMW->getPointerOperand();
        Ty = RMW->getValOperand()->getType();
        Kind = ("atomicrmw " +
                AtomicRMWInst::getOperationName(RMW->getOperation()))
                   .str();
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I)) {
        Ptr = CX->getPointerOperand();
        Ty = CX->getCompareOperand()->getType();
        Kind = "cmpxchg";
      } else {
        Ptr = getLoadStorePointerOperand(I);
        Ty = getLoadStoreType(I);
        Kind = Write ? "atomic store" : "atomic load";
      }
      // Memory no other thread can reach needs nothing.
      if (!needsBarrier(*I, Ptr, !Write)) {
        ++NumAtomicsPrivate;
        continue;
      }
      // Serial mode: no other transaction runs, and the instruction is
      // atomic with respect to plain code by itself.
      if (unsupportedAccess(*I, Ptr, Ty))
        continue;
      IRBuilder<> B(I);
      CallInst *Irr =
          B.CreateCall(Abi.get(Abi_irrevocable_v2),
                       {Tx, Sites.forCall(*I, Kind, AME_SITE_ATOMIC)});
      copyCallLoc(*Irr, *I);
      uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
      CallInst *Lock = B.CreateCall(
          Abi.get(Abi_lock_range),
          {Tx, Ptr, ConstantInt::get(Abi.sizeType(), Size),
           B.getInt32(Write ? 1 : 0),
           Sites.forAccess(*I, Ptr, Write ? AME_SITE_WRITE : AME_SITE_READ)});
      copyCallLoc(*Lock, *I);
      ++NumAtomicsInevitable;
    }
    ++Atomics;
    // In a clone no block here reaches (a thread's start routine that
    // contains a block), the atomic may never run in one: no remark, as for
    // calls.
    if (!Reached)
      continue;
    ORE.emit([&] {
      OptimizationRemarkMissed R(PassName, "Inevitable", I);
      if (isa<FenceInst>(I))
        return R << "fence: the transaction becomes inevitable here and "
                    "others keep running";
      return R << "atomic access (" << ore::NV("Kind", Kind)
               << ") stays atomic: the transaction becomes inevitable here "
                  "and others keep running (its location is locked first)";
    });
  }
}

/// A call copies a by-value argument (a struct larger than two registers,
/// one holding long double, any struct passed through `...`) from memory
/// itself, at the call: it would miss the transaction's own writes, which
/// wait in its redo log, and read other transactions' half-written data
/// without validation. So the argument is first copied by an llvm.memcpy
/// into a local of this function, which the instrumentation below turns
/// into a barriered read, and the call copies that local. A local of a
/// transactional function lies on the attempt's own stack, which the
/// runtime writes in place, so one that is passed as it is needs nothing.
void Instrumenter::copyByValArguments() {
  SmallVector<std::pair<CallBase *, unsigned>, 4> ByVal;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      for (unsigned A = 0, E = CB->arg_size(); A < E; ++A)
        if (CB->isByValArgument(A) &&
            !isa<AllocaInst>(getUnderlyingObject(CB->getArgOperand(A))))
          ByVal.push_back({CB, A});
  if (ByVal.empty())
    return;
  IRBuilder<> Entry(&*F.getEntryBlock().getFirstInsertionPt());
  for (auto [CB, A] : ByVal) {
    Type *Ty = CB->getParamByValType(A);
    Align Al = CB->getParamAlign(A).value_or(DL.getABITypeAlign(Ty));
    AllocaInst *Copy = Entry.CreateAlloca(Ty, nullptr, "ame.byval");
    Copy->setAlignment(Al);
    IRBuilder<> B(CB);
    CallInst *MC = B.CreateMemCpy(Copy, Al, CB->getArgOperand(A), Align(1),
                                  DL.getTypeAllocSize(Ty));
    MC->setDebugLoc(CB->getDebugLoc());
    CB->setArgOperand(A, Copy);
    // The call copies it again and never sees its address: private, so the
    // memcpy becomes a barriered read into it, not a barriered copy.
    PrivateLocals[Copy] = true;
    ++NumByValArgumentsCopied;
  }
}

bool Instrumenter::run() {
  // First: it changes the control flow every later decision looks at.
  if (Opts.SmallBlocksOnStack) {
    StackBlocks = moveBlocksToStack(F, ORE);
    for (const StackBlock &S : StackBlocks)
      Own.addStackBlock(S);
  }
  RefcountRewriter(F, Abi, Sites, ORE, [this](const Value *P) {
    return isPrivateLocal(P);
  }).run();
  if (NamedMDNode *NMD = F.getParent()->getNamedMetadata(ImmutableTBAAMD))
    for (const MDNode *T : NMD->operands())
      ImmutableTBAA.insert(T);
  keepAtomicsAtomic();
  // Atomic stores to AME_IMMUTABLE data are checked like the others; their
  // instructions stay (keepAtomicsAtomic), only the check is added.
  emitChecks();
  // Before the accesses are collected: it splits the loads it serves.
  if (Opts.LineReads && !F.hasOptNone())
    readLinesOfLoops();
  if (Opts.LineWrites && !F.hasOptNone())
    writeLinesOfLoops();
  // Before too: it adds the copies that need barriers.
  copyByValArguments();
  SmallVector<Instruction *, 32> Accesses;
  for (Instruction &I : instructions(F))
    if (isAtomicAccess(I))
      continue;
    else if (isa<LoadInst>(I) || isa<StoreInst>(I))
      Accesses.push_back(&I);
    else if (auto *MI = dyn_cast<MemIntrinsic>(&I))
      Accesses.push_back(MI);
  // Decide everything first: rewriting passes locals to calls, which would
  // make later escape queries see captures that the original code lacks.
  SmallVector<Instruction *, 32> ToInstrument;
  for (Instruction *I : Accesses) {
    if (auto *LI = dyn_cast<LoadInst>(I)) {
      if (needsBarrier(*LI, LI->getPointerOperand(), true) &&
          !unsupportedAccess(*LI, LI->getPointerOperand(), LI->getType()) &&
          !findRangeChecked(*LI, LI->getPointerOperand()))
        ToInstrument.push_back(LI);
    } else if (auto *SI = dyn_cast<StoreInst>(I)) {
      if (needsBarrier(*SI, SI->getPointerOperand(), false) &&
          !unsupportedAccess(*SI, SI->getPointerOperand(),
                             SI->getValueOperand()->getType())) {
        ToInstrument.push_back(SI);
        findRangeChecked(*SI, SI->getPointerOperand());
      }
    } else {
      ToInstrument.push_back(I);
      // memmove's source may lie in the same block: left alone.
      auto *MI = cast<MemIntrinsic>(I);
      if (isa<MemSetInst>(MI) || isa<MemCpyInst>(MI))
        if (!isPrivateLocal(MI->getRawDest()) &&
            !isDeclaredPrivate(MI->getRawDest()))
          findRangeChecked(*MI, MI->getRawDest());
    }
  }
  emitChecks();
  findReadsForWrite(ToInstrument);
  findWriteSlots(ToInstrument);
  readObjectsOnce(ToInstrument);
  // Named before any is rewritten: a rewritten load of a pointer no longer
  // shows where the pointer came from.
  for (Instruction *I : ToInstrument) {
    if (auto *LI = dyn_cast<LoadInst>(I))
      Sites.prepareWhat(*LI, LI->getPointerOperand());
    else if (auto *SI = dyn_cast<StoreInst>(I))
      Sites.prepareWhat(*SI, SI->getPointerOperand());
    else if (auto *MI = dyn_cast<MemIntrinsic>(I)) {
      Sites.prepareWhat(*MI, MI->getRawDest());
      if (auto *MT = dyn_cast<MemTransferInst>(MI))
        Sites.prepareWhat(*MT, MT->getRawSource());
    }
  }
  for (Instruction *I : ToInstrument) {
    // Mem intrinsics go through isPrivateLocal, which is cached by now.
    if (auto *MI = dyn_cast<MemIntrinsic>(I)) {
      Value *Dst = MI->getRawDest();
      isPrivateLocal(Dst);
      if (auto *MT = dyn_cast<MemTransferInst>(MI))
        isPrivateLocal(MT->getRawSource());
    }
  }
  for (Instruction *I : ToInstrument) {
    if (auto *LI = dyn_cast<LoadInst>(I))
      instrumentLoad(*LI);
    else if (auto *SI = dyn_cast<StoreInst>(I))
      instrumentStore(*SI);
    else
      instrumentMemIntrinsic(*cast<MemIntrinsic>(I));
  }
  for (BasicBlock *Cold : LineCrossingBlocks)
    keepBarrierOutOfLine(Cold);
  Sites.clearPreparedWhat();
  ++NumTxFunctions;
  // Located at the first instruction with a location (a thunk's subprogram
  // made by CodeExtractor has no line of its own).
  DiagnosticLocation Where(F.getSubprogram());
  for (Instruction &I : instructions(F))
    if (I.getDebugLoc()) {
      Where = DiagnosticLocation(I.getDebugLoc());
      break;
    }
  ORE.emit([&] {
    return OptimizationRemark(PassName, "Instrumented", Where,
                              &F.getEntryBlock())
           << "instrumented " << ore::NV("Function", sourceName(F)) << " ("
           << ore::NV("IRFunction", F.getName())
           << "): " << ore::NV("Loads", Loads) << " loads, "
           << ore::NV("Stores", Stores) << " stores, "
           << ore::NV("MemIntrinsics", MemOps) << " memory intrinsics, "
           << ore::NV("Atomics", Atomics) << " atomics run inevitably";
  });
  return true;
}

/// __ame_libcall.<name>(tx, args...): a transactional function whose body
/// calls the library function F directly, what the clone map gives a
/// pointer to F. CallRewriter then gives that call what it gives a direct
/// call in a block (a pure function runs as it is; lgamma becomes lgamma_r
/// and a barrier on signgam; a known call gets its locks, a string reader a
/// private copy), or serial mode, which a pointer to F without a clone got
/// anyway. Not for variadic functions,
/// whose arguments a wrapper cannot pass on, or returns_twice ones, nor for
/// the allocation functions, which the runtime maps itself (clones.c): a
/// module's pair would replace that entry, and unloading the module would
/// leave the function without one.
static Function *libraryCallWrapper(Function &F, const TargetLibraryInfo &TLI) {
  LibFunc LF;
  bool RuntimeMaps =
      StringSwitch<bool>(F.getName())
          .Cases("malloc", "calloc", "realloc", "free", true)
          .Cases("aligned_alloc", "posix_memalign", "strdup", "strndup", true)
          .Default(false);
  if (RuntimeMaps || F.isVarArg() || F.isIntrinsic() ||
      F.hasFnAttribute(Attribute::ReturnsTwice) ||
      (!TLI.getLibFunc(F, LF) && !isCLibraryFunction(F.getName())))
    return nullptr;
  Module &M = *F.getParent();
  SmallVector<Type *, 4> Params{PointerType::getUnqual(M.getContext())};
  append_range(Params, F.getFunctionType()->params());
  auto *Ty = FunctionType::get(F.getReturnType(), Params, false);
  Function *W = Function::Create(Ty, GlobalValue::InternalLinkage,
                                 "__ame_libcall." + F.getName(), M);
  W->addFnAttr(TxAttr);
  forwardCall(*W, F, /*Skip=*/1);
  return W;
}

PreservedAnalyses ame::InstrumentPass::run(Module &M, ModuleAnalysisManager &) {
  TxCloner Cloner(M);
  std::vector<Function *> TxFns = Cloner.run();
  // After cloning, so that clones keep the plain increments they rewrite.
  bool Changed = false;
  if (Opts.RefcountAtomicOutside)
    for (Function &F : M)
      if (!F.isDeclaration() && !isTxFunction(F)) {
        OptimizationRemarkEmitter ORE(&F);
        Changed |= RefcountRewriter::makeAtomicOutside(F, ORE);
      }
  if (TxFns.empty())
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  AbiDecls Abi(M);
  TargetLibraryInfoImpl TLII(Triple(M.getTargetTriple()));
  TargetLibraryInfo TLI(TLII);
  // A pointer to a C library string function this module takes reaches its
  // transactional version, and one to another library function a wrapper
  // that calls it as a block would; both take tx first, like a clone.
  std::vector<std::pair<Function *, Function *>> Pairs(
      Cloner.clonePairs().begin(), Cloner.clonePairs().end());
  for (auto &[Orig, Clone] : Pairs) {
    if (!Orig->isDeclaration() || !Clone->isDeclaration())
      continue;
    Function *TxF =
        txLibcFunction(M, Abi, Orig->getName(), Orig->getFunctionType());
    if (!TxF && (TxF = libraryCallWrapper(*Orig, TLI)))
      TxFns.push_back(TxF);
    if (!TxF)
      continue;
    Function *Unused = Clone;
    Clone = TxF;
    if (Unused->use_empty())
      Unused->eraseFromParent();
  }
  emitCloneMap(M, Abi, Pairs);
  SiteBuilder Sites(M, Abi);
  SafeCallees Safe(M);
  // Before any access is rewritten: a barrier call would take the address.
  GlobalSet Unwritten;
  if (Opts.SkipUnwrittenGlobals)
    Unwritten = findUnwrittenGlobals(M);
  SmallPtrSet<Function *, 8> InstrumentedNow;
  for (Function *F : TxFns) {
    if (F->hasFnAttribute(InstrumentedAttr))
      continue;
    InstrumentedNow.insert(F);
    OptimizationRemarkEmitter ORE(F);
    // Before CallRewriter, which would make each a call run in serial mode.
    expandMaskedAccesses(*F, ORE);
    unfortifyCalls(*F, ORE);
    CallRewriter(*F, Abi, Sites, ORE, TLI, Safe, Cloner.reachableFromRegion(F))
        .run();
    Instrumenter(*F, Abi, Sites, Opts, ORE, Unwritten,
                 Cloner.reachableFromRegion(F))
        .run();
    if (Opts.PointeePrefetch)
      prefetchPointeeLockWords(*F, ORE);
    // A clang built without assertions does not verify the IR: a mistake
    // of the pass that breaks it would be compiled as it is, into a wrong
    // program. It fails the compile instead, at the function.
    if (verifyFunction(*F)) {
      reportError(*F, "internal error: the atomic code of '" + sourceName(*F) +
                          "' came out of the pass invalid; this is a bug "
                          "of AME, please report it");
      F->deleteBody();
      InstrumentedNow.erase(F);
      continue;
    }
    TxCloner::stripTxFalseAttributes(*F);
    F->addFnAttr(InstrumentedAttr);
    if (!Cloner.reachableFromRegion(F))
      F->addFnAttr(OutlineBarriersAttr);
  }
  for (Function *F : TxFns)
    for (User *U : F->users())
      if (auto *CB = dyn_cast<CallBase>(U))
        if (CB->getCalledFunction() == F)
          TxCloner::stripTxFalseAttributes(*CB);
  // Once the thunks have their barriers; only before __ame_run calls of
  // thunks instrumented now, so a second run adds no second prefetches.
  if (Opts.EntryPrefetch)
    prefetchBlockLines(M, InstrumentedNow, Opts.EntryPrefetchW);
  placeSitesBesideUsers(M);
  return PreservedAnalyses::none();
}
