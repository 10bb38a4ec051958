//===- MaskedAccesses.cpp - Masked vector accesses, one lane at a time
//-----===//
//
// A masked vector access touches only the lanes its mask selects; the lanes
// left out may lie past the end of an object, on a page that is not mapped,
// which is why the vectorizer uses them. The runtime's barriers take a
// pointer and a size, so the access becomes what it means lane by lane: for
// each lane, under a branch on its bit (none when the bit is a constant), one
// scalar load or store of the lane's element; a load's result is built from
// the lanes loaded and the pass-through value. The instrumenter then gives
// each lane what it gives any load or store (a barrier, or none for a local
// or a block the transaction allocated), and the transaction keeps running
// with the others, where a call of the intrinsic made it run alone (serial
// mode). Lanes run in order, as the vector access sees them at once: no
// other transaction can see a state in between.
//
//   clang-19 -O2 -mavx2 -fpass-plugin=AMEPass.so ...
//===----------------------------------------------------------------------===//
#include "MaskedAccesses.h"
#include "Common.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/IntrinsicsX86.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <optional>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumMaskedAccesses,
          "Masked vector loads and stores run one lane at a time");

namespace {
/// One masked access, as the lanes see it.
struct Masked {
  enum Kind { Load, Store, Gather, Scatter, Expand, Compress } K;
  Value *Ptr;      ///< base pointer, or the vector of lane pointers
  Value *Mask;     ///< <N x i1>, or x86's <N x iM> (lane on: sign bit set)
  Value *Val;      ///< what a store writes
  Value *PassThru; ///< a load's lanes left out
  Align A;         ///< of the base pointer, or of each lane pointer
  FixedVectorType *VT;

  bool loads() const { return K == Load || K == Gather || K == Expand; }
};
} // namespace

static Align paramAlign(const CallInst &CI, unsigned Arg) {
  return CI.getParamAlign(Arg).valueOrOne();
}
static Align alignArg(const CallInst &CI, unsigned Arg) {
  return cast<ConstantInt>(CI.getArgOperand(Arg))->getAlignValue();
}

static std::optional<Masked> classify(CallInst &CI) {
  Function *Callee = CI.getCalledFunction();
  if (!Callee || !Callee->isIntrinsic())
    return std::nullopt;
  auto Vec = [](Value *V) { return dyn_cast<FixedVectorType>(V->getType()); };
  auto *Ret = dyn_cast<FixedVectorType>(CI.getType());
  auto Arg = [&](unsigned I) { return CI.getArgOperand(I); };
  std::optional<Masked> M;
  switch (Callee->getIntrinsicID()) {
  case Intrinsic::masked_load:
    M = {Masked::Load, Arg(0), Arg(2), nullptr, Arg(3), alignArg(CI, 1), Ret};
    break;
  case Intrinsic::masked_store:
    M = {Masked::Store, Arg(1),          Arg(3),     Arg(0),
         nullptr,       alignArg(CI, 2), Vec(Arg(0))};
    break;
  case Intrinsic::masked_gather:
    M = {Masked::Gather, Arg(0), Arg(2), nullptr, Arg(3), alignArg(CI, 1), Ret};
    break;
  case Intrinsic::masked_scatter:
    M = {Masked::Scatter, Arg(1),          Arg(3),     Arg(0),
         nullptr,         alignArg(CI, 2), Vec(Arg(0))};
    break;
  case Intrinsic::masked_expandload:
    M = {Masked::Expand,    Arg(0), Arg(1), nullptr, Arg(2),
         paramAlign(CI, 0), Ret};
    break;
  case Intrinsic::masked_compressstore:
    M = {Masked::Compress,  Arg(1),     Arg(2), Arg(0), nullptr,
         paramAlign(CI, 1), Vec(Arg(0))};
    break;
  // _mm_maskload_ps and the like: lanes left out read as 0.
  case Intrinsic::x86_avx_maskload_ps:
  case Intrinsic::x86_avx_maskload_pd:
  case Intrinsic::x86_avx_maskload_ps_256:
  case Intrinsic::x86_avx_maskload_pd_256:
  case Intrinsic::x86_avx2_maskload_d:
  case Intrinsic::x86_avx2_maskload_q:
  case Intrinsic::x86_avx2_maskload_d_256:
  case Intrinsic::x86_avx2_maskload_q_256:
    if (Ret)
      M = {Masked::Load, Arg(0), Arg(1), nullptr, Constant::getNullValue(Ret),
           Align(1),     Ret};
    break;
  case Intrinsic::x86_avx_maskstore_ps:
  case Intrinsic::x86_avx_maskstore_pd:
  case Intrinsic::x86_avx_maskstore_ps_256:
  case Intrinsic::x86_avx_maskstore_pd_256:
  case Intrinsic::x86_avx2_maskstore_d:
  case Intrinsic::x86_avx2_maskstore_q:
  case Intrinsic::x86_avx2_maskstore_d_256:
  case Intrinsic::x86_avx2_maskstore_q_256:
    M = {Masked::Store, Arg(0), Arg(1), Arg(2), nullptr, Align(1), Vec(Arg(2))};
    break;
  default:
    break;
  }
  if (!M || !M->VT)
    return std::nullopt;
  return M;
}

/// Lane I's bit of the mask: a constant when the mask is one.
static Value *laneBit(IRBuilder<> &B, Value *Mask, unsigned I) {
  Value *Bit = B.CreateExtractElement(Mask, B.getInt64(I), "ame.lane.bit");
  if (!Bit->getType()->isIntegerTy(1)) // x86: the lane's sign bit
    Bit = B.CreateICmpSLT(Bit, Constant::getNullValue(Bit->getType()),
                          "ame.lane.on");
  return Bit;
}

static void expand(CallInst &CI, const Masked &M) {
  const DataLayout &DL = CI.getModule()->getDataLayout();
  Type *EltTy = M.VT->getElementType();
  uint64_t EltSize = DL.getTypeStoreSize(EltTy);
  AAMDNodes AA = CI.getAAMetadata();
  MDNode *Outside = CI.getMetadata(OutsideBlockMD);
  IRBuilder<> B(&CI);
  Value *Result = M.PassThru;
  // Expand and compress: where the next lane that is on goes.
  Value *Next = M.Ptr;
  for (unsigned I = 0, N = M.VT->getNumElements(); I < N; ++I) {
    Value *Bit = laneBit(B, M.Mask, I);
    auto *Known = dyn_cast<ConstantInt>(Bit);
    if (Known && Known->isZero())
      continue;
    BasicBlock *Head = CI.getParent();
    if (!Known) {
      Instruction *Then = SplitBlockAndInsertIfThen(Bit, &CI, false);
      Then->getParent()->setName("ame.lane");
      CI.getParent()->setName("ame.lane.done");
      B.SetInsertPoint(Then);
    }
    Value *Addr;
    Align LaneAlign;
    switch (M.K) {
    case Masked::Gather:
    case Masked::Scatter:
      Addr = B.CreateExtractElement(M.Ptr, B.getInt64(I), "ame.lane.at");
      LaneAlign = M.A;
      break;
    case Masked::Expand:
    case Masked::Compress:
      Addr = Next;
      LaneAlign = commonAlignment(M.A, EltSize);
      break;
    default:
      Addr = B.CreateConstInBoundsGEP1_64(EltTy, M.Ptr, I, "ame.lane.at");
      LaneAlign = commonAlignment(M.A, I * EltSize);
      break;
    }
    Instruction *Access;
    Value *NewResult = Result;
    if (M.loads()) {
      Access = B.CreateAlignedLoad(EltTy, Addr, LaneAlign);
      NewResult = B.CreateInsertElement(Result, Access, B.getInt64(I));
    } else {
      Value *Elt = B.CreateExtractElement(M.Val, B.getInt64(I));
      Access = B.CreateAlignedStore(Elt, Addr, LaneAlign);
    }
    Access->setDebugLoc(CI.getDebugLoc());
    Access->setAAMetadata(AA);
    if (Outside)
      Access->setMetadata(OutsideBlockMD, Outside);
    Value *NewNext =
        (M.K == Masked::Expand || M.K == Masked::Compress) && I + 1 < N
            ? B.CreateConstInBoundsGEP1_64(EltTy, Next, 1, "ame.lane.after")
            : Next;
    if (Known) {
      Result = NewResult;
      Next = NewNext;
      continue;
    }
    // The branch on the bit joins again just before CI.
    BasicBlock *Then = B.GetInsertBlock();
    B.SetInsertPoint(&CI);
    if (M.loads()) {
      PHINode *P = B.CreatePHI(M.VT, 2, "ame.lanes");
      P->addIncoming(NewResult, Then);
      P->addIncoming(Result, Head);
      Result = P;
    }
    if (NewNext != Next) {
      PHINode *P = B.CreatePHI(Next->getType(), 2, "ame.lane.next");
      P->addIncoming(NewNext, Then);
      P->addIncoming(Next, Head);
      Next = P;
    }
  }
  if (M.loads())
    CI.replaceAllUsesWith(Result);
  CI.eraseFromParent();
}

bool ame::expandMaskedAccesses(Function &F, OptimizationRemarkEmitter &ORE) {
  SmallVector<CallInst *, 8> Found;
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (classify(*CI))
        Found.push_back(CI);
  for (CallInst *CI : Found) {
    // Looked at again: expanding an earlier access replaced its result,
    // which this one may use.
    Masked M = *classify(*CI);
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "MaskedAccess", CI)
             << "masked vector "
             << (M.loads() ? "load runs as a load" : "store runs as a store")
             << " of each lane its mask selects, each instrumented as any "
                "other access";
    });
    expand(*CI, M);
    ++NumMaskedAccesses;
  }
  return !Found.empty();
}
