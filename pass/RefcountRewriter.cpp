//===- RefcountRewriter.cpp - AME_REFCOUNT increments as deltas -----------===//
//
// OptimizerLast, inside ame-instrument, before any barrier is placed. An
// increment is a load of a field tagged !ame.refcount, an add or sub of a
// constant, and a store of the result through the same pointer, in one block
// with nothing between them that may write memory (at -O0 and after -O2,
// where the llvm.ptr.annotation call keeps the pointer one value); or an
// atomicrmw add/sub of a constant. Each decision has a remark and a
// statistic; docs/pass.md, "Reference counts", has the proof sketch.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so -Rpass=ame -Rpass-missed=ame -c x.c
//===----------------------------------------------------------------------===//
#include "RefcountRewriter.h"
#include "Common.h"

#include "ame/abi.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"

#include <string>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumRefcountDeltas, "AME_REFCOUNT increments made commutative deltas");
STATISTIC(NumRefcountCheckedDeltas,
          "AME_REFCOUNT increments made deltas with comparisons checked at "
          "commit");
STATISTIC(NumRefcountTests, "AME_REFCOUNT comparisons checked at commit");
STATISTIC(NumRefcountTrackedLoads,
          "AME_REFCOUNT reads kept tracked (value used otherwise, or not an "
          "increment)");
STATISTIC(NumRefcountTrackedStores,
          "AME_REFCOUNT writes kept tracked (not an increment)");
// Safe: a non-escaping local is private to the attempt, which rewrites it.
STATISTIC(NumRefcountPrivate,
          "AME_REFCOUNT accesses to non-escaping locals left plain");
// The ordinary barriers handle any type, volatile and atomic accesses.
STATISTIC(NumRefcountOrdinary,
          "AME_REFCOUNT accesses left to the ordinary barriers (type, "
          "volatile, atomic)");
STATISTIC(NumRefcountAtomicOutside,
          "AME_REFCOUNT increments outside transactions made atomicrmw");

namespace {

/// The pointer an llvm.ptr.annotation call annotates, else V.
const Value *stripAnnotation(const Value *V) {
  if (const auto *II = dyn_cast<IntrinsicInst>(V))
    if (II->getIntrinsicID() == Intrinsic::ptr_annotation)
      return II->getArgOperand(0);
  return V;
}

bool samePointer(const Value *A, const Value *B) {
  if (A == B)
    return true;
  A = stripAnnotation(A);
  B = stripAnnotation(B);
  if (A == B)
    return true;
  const auto *GA = dyn_cast<GetElementPtrInst>(A);
  const auto *GB = dyn_cast<GetElementPtrInst>(B);
  return GA && GB && GA->isIdenticalTo(GB);
}

/// 1, 2, 4 or 8 for an integer of that many bytes, else 0.
unsigned counterBytes(Type *Ty) {
  if (!Ty->isIntegerTy())
    return 0;
  unsigned Bits = Ty->getIntegerBitWidth();
  return Bits == 8 || Bits == 16 || Bits == 32 || Bits == 64 ? Bits / 8 : 0;
}

/// An icmp of V with a constant; Pred/C as if V were on the left.
bool testOf(const User *U, const Value *V, CmpInst::Predicate &Pred,
            const ConstantInt *&C) {
  const auto *Cmp = dyn_cast<ICmpInst>(U);
  if (!Cmp)
    return false;
  if (Cmp->getOperand(0) == V &&
      (C = dyn_cast<ConstantInt>(Cmp->getOperand(1)))) {
    Pred = Cmp->getPredicate();
    return true;
  }
  if (Cmp->getOperand(1) == V &&
      (C = dyn_cast<ConstantInt>(Cmp->getOperand(0)))) {
    Pred = Cmp->getSwappedPredicate();
    return true;
  }
  return false;
}

uint32_t rcPred(CmpInst::Predicate P) {
  switch (P) {
  case CmpInst::ICMP_EQ:
    return AME_RC_EQ;
  case CmpInst::ICMP_NE:
    return AME_RC_NE;
  case CmpInst::ICMP_UGT:
    return AME_RC_UGT;
  case CmpInst::ICMP_UGE:
    return AME_RC_UGE;
  case CmpInst::ICMP_ULT:
    return AME_RC_ULT;
  case CmpInst::ICMP_ULE:
    return AME_RC_ULE;
  case CmpInst::ICMP_SGT:
    return AME_RC_SGT;
  case CmpInst::ICMP_SGE:
    return AME_RC_SGE;
  case CmpInst::ICMP_SLT:
    return AME_RC_SLT;
  default:
    return AME_RC_SLE;
  }
}

/// What a use of the counter's value is, for a remark.
std::string useName(const User *U) {
  if (isa<CallBase>(U))
    return "a call";
  if (isa<StoreInst>(U))
    return "a store";
  if (isa<ICmpInst>(U))
    return "a comparison with a non-constant";
  if (const auto *I = dyn_cast<Instruction>(U))
    return std::string("'") + I->getOpcodeName() + "'";
  return "a constant expression";
}

/// A load/add-or-sub/store increment of a tagged field, with the uses of its
/// old and new values. A counter narrower than int is promoted at -O0:
/// ext, add in int, trunc, store; modulo 2^(8 size) that is the same add.
/// Why says why it is not an increment (empty: it is).
struct Increment {
  LoadInst *Load = nullptr;
  CastInst *Ext = nullptr; /* the promotion, or null */
  BinaryOperator *Op = nullptr;
  CastInst *Trunc = nullptr; /* back to the counter's type, or null */
  StoreInst *Store = nullptr;
  Value *Amount = nullptr; /* what is added or subtracted */
  bool Subtracts = false;
  SmallVector<ICmpInst *, 2> OldTests, NewTests;
  std::string OtherUse; /* first use that is not a comparison, or empty */
  std::string Why;
  /// The new value, as stored.
  Value *newValue() const { return Trunc ? (Value *)Trunc : Op; }
};

/// The add/sub to V of an amount known before V is read (a constant, an
/// argument, a value computed before the load: never one computed from the
/// counter), whose result (or its trunc to the counter's type) is stored
/// back to Ptr.
bool matchOp(Increment &Inc, Value *V, const Value *Ptr,
             const DominatorTree &DT) {
  for (User *U : V->users()) {
    auto *Op = dyn_cast<BinaryOperator>(U);
    if (!Op || (Op->getOpcode() != Instruction::Add &&
                Op->getOpcode() != Instruction::Sub))
      continue;
    unsigned CIdx = Op->getOperand(0) == V ? 1 : 0;
    Value *K = Op->getOperand(CIdx);
    if (K == V || (Op->getOpcode() == Instruction::Sub && CIdx == 0))
      continue;
    if (auto *KI = dyn_cast<Instruction>(K))
      if (!DT.dominates(KI, Inc.Load))
        continue;
    Value *Stored = Op;
    CastInst *Trunc = nullptr;
    if (Inc.Ext) {
      for (User *OU : Op->users())
        if (auto *T = dyn_cast<TruncInst>(OU))
          if (T->getType() == Inc.Load->getType())
            Trunc = T;
      if (!Trunc)
        continue;
      Stored = Trunc;
    }
    for (User *SU : Stored->users()) {
      auto *SI = dyn_cast<StoreInst>(SU);
      if (SI && SI->getValueOperand() == Stored && SI->isSimple() &&
          SI->getParent() == Inc.Load->getParent() &&
          Inc.Load->comesBefore(SI) &&
          samePointer(SI->getPointerOperand(), Ptr) &&
          SI->hasMetadata(RefcountMD)) {
        Inc.Op = Op;
        Inc.Trunc = Trunc;
        Inc.Store = SI;
        Inc.Amount = K;
        Inc.Subtracts = Op->getOpcode() == Instruction::Sub;
        return true;
      }
    }
  }
  return false;
}

Increment matchIncrement(LoadInst &LI, const DominatorTree &DT) {
  Increment Inc;
  Inc.Load = &LI;
  Value *Ptr = LI.getPointerOperand();
  if (!matchOp(Inc, &LI, Ptr, DT))
    for (User *U : LI.users())
      if ((isa<ZExtInst>(U) || isa<SExtInst>(U)) && U->hasOneUse()) {
        Inc.Ext = cast<CastInst>(U);
        if (matchOp(Inc, U, Ptr, DT))
          break;
        Inc.Ext = nullptr;
      }
  if (!Inc.Store) {
    Inc.Why = "it is not part of an increment or decrement by an amount "
              "known before the counter is read";
    return Inc;
  }
  for (Instruction *I = LI.getNextNode(); I != Inc.Store; I = I->getNextNode())
    if (I->mayWriteToMemory()) {
      Inc.Why = "memory may be written between its read and its write";
      return Inc;
    }
  CmpInst::Predicate Pred;
  const ConstantInt *C;
  for (User *U : LI.users()) {
    if (U == Inc.Op || U == Inc.Ext)
      continue;
    if (testOf(U, &LI, Pred, C))
      Inc.OldTests.push_back(cast<ICmpInst>(U));
    else if (Inc.OtherUse.empty())
      Inc.OtherUse = "its old value is used by " + useName(U);
  }
  if (Inc.Trunc)
    for (User *U : Inc.Op->users())
      if (U != Inc.Trunc && Inc.OtherUse.empty())
        Inc.OtherUse = "its new value is used by " + useName(U);
  Value *New = Inc.newValue();
  for (User *U : New->users()) {
    if (U == Inc.Store)
      continue;
    if (testOf(U, New, Pred, C))
      Inc.NewTests.push_back(cast<ICmpInst>(U));
    else if (Inc.OtherUse.empty())
      Inc.OtherUse = "its new value is used by " + useName(U);
  }
  return Inc;
}

} // namespace

void RefcountRewriter::rewriteTests(Value *Old, Value *New, Value *Ptr,
                                    CallInst *Add, Value *Delta,
                                    unsigned Bytes) {
  SmallVector<std::pair<ICmpInst *, bool>, 4> Tests; // (cmp, on the old value)
  // Every other use is a comparison (matchIncrement checked).
  for (User *U : Old->users())
    if (auto *Cmp = dyn_cast<ICmpInst>(U))
      Tests.push_back({Cmp, true});
  if (New)
    for (User *U : New->users())
      if (auto *Cmp = dyn_cast<ICmpInst>(U))
        Tests.push_back({Cmp, false});
  for (auto [Cmp, OnOld] : Tests) {
    CmpInst::Predicate Pred = CmpInst::ICMP_EQ;
    const ConstantInt *C = nullptr;
    testOf(Cmp, OnOld ? Old : New, Pred, C);
    IRBuilder<> B(Cmp);
    Value *V = Add;
    if (OnOld)
      V = B.CreateSub(Add, Delta);
    CallInst *T =
        B.CreateCall(Abi.get(Abi_refcount_test),
                     {F.getArg(0), Ptr, V, B.getInt64(C->getZExtValue()),
                      B.getInt32(rcPred(Pred) | Bytes << 8),
                      Sites.forAccess(*Cmp, Ptr, AME_SITE_REFCOUNT)});
    copyCallLoc(*T, *Cmp);
    Value *R = B.CreateICmpNE(T, B.getInt32(0));
    R->takeName(Cmp);
    Cmp->replaceAllUsesWith(R);
    Cmp->eraseFromParent();
    ++NumRefcountTests;
  }
}

void RefcountRewriter::rewriteIncrement(LoadInst &LI,
                                        SmallPtrSetImpl<StoreInst *> &Done,
                                        const DominatorTree &DT) {
  Increment Inc = matchIncrement(LI, DT);
  if (Inc.Store)
    Done.insert(Inc.Store);
  if (!Inc.Why.empty() || !Inc.OtherUse.empty()) {
    trackedLoad(LI, Inc.Why.empty() ? Inc.OtherUse : Inc.Why);
    if (Inc.Store)
      trackedStore(*Inc.Store, "");
    return;
  }
  unsigned Bytes = counterBytes(LI.getType());
  Value *Ptr = LI.getPointerOperand();
  IRBuilder<> B(&LI);
  // Signed, in the type of the add: modulo 2^(8 size) the same delta.
  Value *Delta = B.CreateSExtOrTrunc(Inc.Amount, B.getInt64Ty());
  if (Inc.Subtracts)
    Delta = B.CreateNeg(Delta);
  CallInst *Add = B.CreateCall(
      Abi.get(Abi_refcount_add),
      {F.getArg(0), Ptr, Delta, B.getInt32(Bytes),
       Sites.forAccess(LI, Ptr, AME_SITE_REFCOUNT)});
  copyCallLoc(*Add, LI);
  size_t NTests = Inc.OldTests.size() + Inc.NewTests.size();
  Inc.Store->eraseFromParent();
  rewriteTests(&LI, Inc.newValue(), Ptr, Add, Delta, Bytes);
  for (Instruction *I : {(Instruction *)Inc.Trunc, (Instruction *)Inc.Op,
                         (Instruction *)Inc.Ext})
    if (I) {
      I->replaceAllUsesWith(PoisonValue::get(I->getType()));
      I->eraseFromParent();
    }
  LI.replaceAllUsesWith(PoisonValue::get(LI.getType()));
  ORE.emit([&] {
    OptimizationRemark R(
        PassName, NTests ? "RefcountCheckedDelta" : "RefcountDelta", Add);
    R << "AME_REFCOUNT field changed by ";
    if (auto *C = dyn_cast<ConstantInt>(Delta))
      R << ore::NV("Delta", C->getSExtValue());
    else
      R << "a value known before it is read";
    if (!NTests)
      return R << " becomes a commutative delta applied at commit (no "
                  "conflict): nothing else uses its value";
    return R << " becomes a checked delta: its "
             << ore::NV("Tests", (unsigned)NTests)
             << " comparison(s) with a constant are checked again at commit";
  });
  LI.eraseFromParent();
  ++(NTests ? NumRefcountCheckedDeltas : NumRefcountDeltas);
}

bool RefcountRewriter::rewriteAtomicRMW(AtomicRMWInst &RMW) {
  auto *C = dyn_cast<ConstantInt>(RMW.getValOperand());
  std::string Why;
  if (RMW.isVolatile())
    Why = "it is volatile";
  else if (RMW.getOperation() != AtomicRMWInst::Add &&
           RMW.getOperation() != AtomicRMWInst::Sub)
    Why = "it is not an add or sub";
  else if (!C)
    Why = "it does not add a constant";
  else if (!counterBytes(RMW.getType()))
    Why = "its type is not an integer of 1, 2, 4 or 8 bytes";
  CmpInst::Predicate Pred;
  const ConstantInt *K;
  if (Why.empty())
    for (User *U : RMW.users())
      if (!testOf(U, &RMW, Pred, K)) {
        Why = "its old value is used by " + useName(U);
        break;
      }
  if (!Why.empty()) {
    RMW.setMetadata(RefcountMD, nullptr);
    ++NumRefcountOrdinary;
    ORE.emit([&] {
      return OptimizationRemarkMissed(PassName, "RefcountAtomic", &RMW)
             << "AME_REFCOUNT atomic access stays atomic (the transaction "
                "becomes inevitable): "
             << ore::NV("Why", Why);
    });
    return false;
  }
  ConstantInt *Delta = RMW.getOperation() == AtomicRMWInst::Add
                           ? C
                           : cast<ConstantInt>(ConstantExpr::getNeg(C));
  unsigned Bytes = counterBytes(RMW.getType());
  IRBuilder<> B(&RMW);
  Value *Ptr = RMW.getPointerOperand();
  CallInst *Add = B.CreateCall(
      Abi.get(Abi_refcount_add),
      {F.getArg(0), Ptr, B.getInt64(Delta->getSExtValue()), B.getInt32(Bytes),
       Sites.forAccess(RMW, Ptr, AME_SITE_REFCOUNT)});
  copyCallLoc(*Add, RMW);
  size_t NTests = RMW.getNumUses();
  // The old value is only compared: each comparison reads it from Add.
  rewriteTests(&RMW, nullptr, Ptr, Add, B.getInt64(Delta->getSExtValue()),
               Bytes);
  ORE.emit([&] {
    return OptimizationRemark(
               PassName, NTests ? "RefcountCheckedDelta" : "RefcountDelta", Add)
           << "AME_REFCOUNT atomic add of "
           << ore::NV("Delta", Delta->getSExtValue())
           << (NTests ? " becomes a checked delta: its comparisons with a "
                        "constant are checked again at commit"
                      : " becomes a commutative delta applied at commit (no "
                        "conflict)");
  });
  RMW.eraseFromParent();
  ++(NTests ? NumRefcountCheckedDeltas : NumRefcountDeltas);
  return true;
}

void RefcountRewriter::trackedLoad(LoadInst &LI, StringRef Why) {
  IRBuilder<> B(&LI);
  unsigned Bytes = counterBytes(LI.getType());
  CallInst *V =
      B.CreateCall(Abi.get(Abi_refcount_load),
                   {F.getArg(0), LI.getPointerOperand(), B.getInt32(Bytes),
                    Sites.forAccess(LI, LI.getPointerOperand(), AME_SITE_READ)});
  copyCallLoc(*V, LI);
  Value *R = B.CreateTrunc(V, LI.getType());
  R->takeName(&LI);
  ORE.emit([&] {
    return OptimizationRemarkMissed(PassName, "RefcountTrackedRead", V)
           << "AME_REFCOUNT field read stays a tracked read (commits that "
              "change the field conflict with it): "
           << ore::NV("Why", Why);
  });
  LI.replaceAllUsesWith(R);
  LI.eraseFromParent();
  ++NumRefcountTrackedLoads;
}

void RefcountRewriter::trackedStore(StoreInst &SI, StringRef Why) {
  IRBuilder<> B(&SI);
  unsigned Bytes = counterBytes(SI.getValueOperand()->getType());
  CallInst *C = B.CreateCall(
      Abi.get(Abi_refcount_store),
      {F.getArg(0), SI.getPointerOperand(),
       B.CreateZExt(SI.getValueOperand(), B.getInt64Ty()), B.getInt32(Bytes),
       Sites.forAccess(SI, SI.getPointerOperand(), AME_SITE_WRITE)});
  copyCallLoc(*C, SI);
  // Empty: the write of an increment whose read has the remark already.
  if (!Why.empty())
    ORE.emit([&] {
      return OptimizationRemarkMissed(PassName, "RefcountTrackedWrite", C)
             << "AME_REFCOUNT field write stays a tracked write: "
             << ore::NV("Why", Why);
    });
  SI.eraseFromParent();
  ++NumRefcountTrackedStores;
}

bool RefcountRewriter::run() {
  SmallVector<LoadInst *, 8> Loads;
  SmallVector<StoreInst *, 8> Stores;
  SmallVector<AtomicRMWInst *, 2> RMWs;
  // Decide privacy before any call takes a pointer (see Instrumenter::run).
  // Anything but a plain access to an integer counter (volatile, atomic
  // loads and stores, other types) goes to the ordinary barriers, which
  // handle every access; its tag is dropped.
  for (Instruction &I : instructions(F)) {
    if (!I.hasMetadata(RefcountMD))
      continue;
    Value *Ptr;
    bool Simple = true;
    Type *Ty;
    if (auto *LI = dyn_cast<LoadInst>(&I)) {
      Ptr = LI->getPointerOperand();
      Simple = LI->isSimple();
      Ty = LI->getType();
    } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
      Ptr = SI->getPointerOperand();
      Simple = SI->isSimple();
      Ty = SI->getValueOperand()->getType();
    } else {
      Ptr = cast<AtomicRMWInst>(I).getPointerOperand();
      Ty = I.getType();
    }
    if (IsPrivate(Ptr)) {
      ++NumRefcountPrivate;
      I.setMetadata(RefcountMD, nullptr);
      continue;
    }
    if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
      RMWs.push_back(RMW);
      continue;
    }
    if (!Simple || !counterBytes(Ty)) {
      ++NumRefcountOrdinary;
      I.setMetadata(RefcountMD, nullptr);
      ORE.emit([&] {
        return OptimizationRemarkMissed(PassName, "RefcountOrdinary", &I)
               << "AME_REFCOUNT field access goes through the ordinary "
                  "barrier: it is not a plain access to an integer of 1, 2, "
                  "4 or 8 bytes";
      });
      continue;
    }
    if (auto *LI = dyn_cast<LoadInst>(&I))
      Loads.push_back(LI);
    else
      Stores.push_back(cast<StoreInst>(&I));
  }
  SmallPtrSet<StoreInst *, 8> Done;
  DominatorTree DT(F); // the rewriting below adds and removes no block
  for (LoadInst *LI : Loads)
    rewriteIncrement(*LI, Done, DT);
  for (AtomicRMWInst *RMW : RMWs)
    rewriteAtomicRMW(*RMW);
  for (StoreInst *SI : Stores)
    if (!Done.count(SI))
      trackedStore(*SI, "it does not store the field's own value plus a "
                        "constant");
  return !Loads.empty() || !Stores.empty() || !RMWs.empty();
}

bool RefcountRewriter::makeAtomicOutside(Function &F,
                                         OptimizationRemarkEmitter &ORE) {
  SmallVector<LoadInst *, 8> Loads;
  for (Instruction &I : instructions(F))
    if (auto *LI = dyn_cast<LoadInst>(&I))
      if (LI->hasMetadata(RefcountMD) && LI->isSimple() &&
          counterBytes(LI->getType()))
        Loads.push_back(LI);
  bool Changed = false;
  DominatorTree DT(F);
  for (LoadInst *LI : Loads) {
    Increment Inc = matchIncrement(*LI, DT);
    if (!Inc.Why.empty())
      continue;
    // A value that is used (the test before a free) needs the other
    // threads' writes to the object before it, and ours before theirs.
    bool Used =
        !Inc.OldTests.empty() || !Inc.NewTests.empty() || !Inc.OtherUse.empty();
    IRBuilder<> B(LI);
    auto Opc = Inc.Op->getOpcode() == Instruction::Add ? AtomicRMWInst::Add
                                                       : AtomicRMWInst::Sub;
    Value *C = B.CreateTrunc(Inc.Amount, LI->getType());
    AtomicRMWInst *RMW = B.CreateAtomicRMW(
        Opc, LI->getPointerOperand(), C, LI->getAlign(),
        Used ? AtomicOrdering::AcquireRelease : AtomicOrdering::Monotonic);
    RMW->setDebugLoc(LI->getDebugLoc());
    Inc.Store->eraseFromParent();
    LI->replaceAllUsesWith(RMW);
    ORE.emit([&] {
      return OptimizationRemark(PassName, "RefcountAtomicOutside", RMW)
             << "AME_REFCOUNT field changed outside transactions becomes an "
                "atomic read-modify-write";
    });
    LI->eraseFromParent();
    ++NumRefcountAtomicOutside;
    Changed = true;
  }
  return Changed;
}
