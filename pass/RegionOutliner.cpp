//===- RegionOutliner.cpp - Outline atomic regions into thunks ------------===//
//
// Part of ame-regions. CodeExtractor (aggregate argument) moves a region's
// blocks into a function whose one argument is the context struct; the
// function's body then moves into the thunk
//   i32 @<fn>.ame.region(ptr %tx, ptr %ctx)
// and the block becomes
//   %exit = call i32 @__ame_run(ptr @site, ptr @<fn>.ame.region, ptr %ctx)
// followed by the branch to the exit taken. Only locals whose lifetime is
// one execution of the block move into the thunk; the others stay in the
// caller's frame, reached through the context.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "RegionOutliner.h"
#include "Common.h"
#include "LocalPromotion.h"
#include "RegionChecks.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumRegionsOutlined, "Atomic blocks outlined");
STATISTIC(NumLocalsSunk, "Locals declared in an atomic block moved into it");
STATISTIC(NumLocalsKept,
          "Locals an atomic block uses left in the function's frame");
STATISTIC(NumRegionsNotExtracted,
          "Atomic blocks CodeExtractor could not outline (errors)");
STATISTIC(NumFunctionRegions, "AME_ATOMIC functions wrapped");
STATISTIC(NumFunctionRegionsRejected, "AME_ATOMIC functions rejected");

namespace {

/// Tags every load/store reached from Ctx through GEPs as a context access.
void tagContextAccesses(Value *Ctx) {
  SmallVector<Value *, 8> Work{Ctx};
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    for (User *U : V->users()) {
      if (isa<GetElementPtrInst>(U))
        Work.push_back(U);
      else if (auto *LI = dyn_cast<LoadInst>(U))
        tag(*LI, CtxMD);
      else if (auto *SI = dyn_cast<StoreInst>(U))
        if (SI->getPointerOperand() == V)
          tag(*SI, CtxMD);
    }
  }
}

/// Records on the thunk T where in ctx the pointers to output slots lie: a
/// pointer loaded from ctx that only tagged stores use as their address
/// (LocalPromotion's slots, which no other access of the region touches).
void recordOutputSlots(Function &T, Argument &Ctx) {
  const DataLayout &DL = T.getDataLayout();
  unsigned Bits = DL.getIndexTypeSizeInBits(Ctx.getType());
  SmallVector<std::pair<Value *, APInt>, 8> Fields{{&Ctx, APInt(Bits, 0)}};
  for (User *U : Ctx.users()) {
    APInt Off(Bits, 0);
    if (auto *GEP = dyn_cast<GetElementPtrInst>(U))
      if (GEP->accumulateConstantOffset(DL, Off))
        Fields.push_back({GEP, Off});
  }
  SmallVector<Metadata *, 4> Offsets;
  for (auto &[Addr, Off] : Fields)
    for (User *U : Addr->users()) {
      auto *L = dyn_cast<LoadInst>(U);
      if (!L || L->getPointerOperand() != Addr || L->use_empty() ||
          !all_of(L->users(), [&](User *S) {
            auto *SI = dyn_cast<StoreInst>(S);
            return SI && SI->getPointerOperand() == L &&
                   SI->getValueOperand() != L && SI->hasMetadata(CtxMD);
          }))
        continue;
      Offsets.push_back(ConstantAsMetadata::get(
          ConstantInt::get(Type::getInt64Ty(T.getContext()), Off)));
    }
  if (!Offsets.empty())
    T.setMetadata(CtxSlotsMD, MDNode::get(T.getContext(), Offsets));
}

/// True if one execution of the region is AI's whole lifetime: all its
/// lifetime markers, at least one start among them, and all its other users
/// are inside the region. That is a local declared inside the block, which
/// C re-creates at every execution, so a slot in the thunk's frame (new at
/// every attempt) is what C promises. Without markers (clang emits none at
/// -O0) nothing shows that the local does not outlive the block.
bool livesInRegion(const AllocaInst &AI,
                   const SmallPtrSetImpl<BasicBlock *> &InRegion) {
  bool Start = false;
  for (const User *U : AI.users()) {
    auto *UI = dyn_cast<Instruction>(U);
    if (!UI || !InRegion.count(UI->getParent()))
      return false;
    if (auto *II = dyn_cast<IntrinsicInst>(UI))
      Start |= II->getIntrinsicID() == Intrinsic::lifetime_start;
  }
  return Start;
}

/// Decides where each local of F that the region uses lives; returns those
/// that move into the thunk. The others stay in F's frame and the thunk
/// reaches them through the context (their accesses are instrumented): a
/// local that outlives the block, e.g. one a loop around the block keeps or
/// that an ame_on_commit action reads after the commit, must not die with
/// the thunk's frame. Their lifetime markers go, because CodeExtractor
/// would otherwise shrink the lifetime of a local whose markers are outside
/// the region and which nothing else touches to the call, and so sink it.
SmallVector<AllocaInst *, 8>
placeLocals(Function &F, const SmallPtrSetImpl<BasicBlock *> &InRegion) {
  SmallVector<AllocaInst *, 8> Sunk;
  SmallVector<IntrinsicInst *, 8> Markers;
  OptimizationRemarkEmitter ORE(&F);
  for (Instruction &I : F.getEntryBlock()) {
    auto *AI = dyn_cast<AllocaInst>(&I);
    if (!AI || InRegion.count(AI->getParent()) ||
        none_of(AI->users(), [&](const User *U) {
          auto *UI = dyn_cast<Instruction>(U);
          return UI && InRegion.count(UI->getParent());
        }))
      continue;
    // An output slot of promoteLocals: written by every attempt before it
    // can commit and read after __ame_run, so it belongs to F's frame.
    if (all_of(AI->users(), [&](const User *U) {
          auto *SI = dyn_cast<StoreInst>(U);
          return !InRegion.count(cast<Instruction>(U)->getParent()) ||
                 (SI && SI->hasMetadata(CtxMD));
        }))
      continue;
    if (livesInRegion(*AI, InRegion)) {
      Sunk.push_back(AI);
      ++NumLocalsSunk;
      continue;
    }
    ++NumLocalsKept;
    for (User *U : AI->users())
      if (auto *II = dyn_cast<IntrinsicInst>(U))
        if (II->isLifetimeStartOrEnd())
          Markers.push_back(II);
    ORE.emit([&] {
      auto [Name, Loc] = localName(AI);
      return OptimizationRemarkAnalysis(PassName, "LocalInCallerFrame",
                                        DiagnosticLocation(Loc),
                                        AI->getParent())
             << "local " << ore::NV("Local", Name.empty() ? "<unnamed>" : Name)
             << " used in an atomic block stays in the function's frame "
                "(it may outlive the block): the block's accesses to it are "
                "instrumented";
    });
  }
  for (IntrinsicInst *II : Markers)
    II->eraseFromParent();
  return Sunk;
}
} // namespace

/// Moves Body's code into a new i32 (ptr tx, ptr ctx) function. Body has no
/// parameter or one pointer to the aggregate of inputs/outputs; it returns
/// void or the index of the exit taken.
Function *RegionOutliner::makeThunk(Function &Body, StringRef Name) {
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C);
  auto *FTy = FunctionType::get(I32, {Ptr, Ptr}, false);
  Function *T = Function::Create(FTy, GlobalValue::InternalLinkage,
                                 Body.getAddressSpace(), Name, &M);
  T->setAttributes(AttributeList::get(C, Body.getAttributes().getFnAttrs(),
                                      AttributeSet(), {}));
  T->addFnAttr(TxAttr);
  T->getArg(0)->setName("tx");
  T->getArg(1)->setName("ctx");
  T->splice(T->begin(), &Body);
  if (Body.arg_size() == 1) {
    Body.getArg(0)->replaceAllUsesWith(T->getArg(1));
    tagContextAccesses(T->getArg(1));
    recordOutputSlots(*T, *T->getArg(1));
  }
  T->setSubprogram(Body.getSubprogram());
  Body.setSubprogram(nullptr);
  SmallVector<ReturnInst *, 4> Rets;
  for (BasicBlock &BB : *T)
    if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator()))
      Rets.push_back(RI);
  for (ReturnInst *RI : Rets) {
    IRBuilder<> B(RI);
    Value *V = RI->getReturnValue();
    Value *Exit = V ? B.CreateZExt(V, I32) : ConstantInt::get(I32, 0);
    B.CreateRet(Exit)->setDebugLoc(RI->getDebugLoc());
    RI->eraseFromParent();
  }
  return T;
}

bool RegionOutliner::outline(BlockRegion &R) {
  Function &F = *R.F;
  SmallPtrSet<BasicBlock *, 16> InRegion(R.Blocks.begin(), R.Blocks.end());
  SmallVector<AllocaInst *, 8> Sunk = placeLocals(F, InRegion);
  for (AllocaInst *AI : Sunk)
    AI->moveBefore(&*R.Blocks.front()->getFirstInsertionPt());
  CodeExtractorAnalysisCache CEAC(F);
  CodeExtractor CE(R.Blocks, /*DT=*/nullptr, /*AggregateArgs=*/true,
                   /*BFI=*/nullptr, /*BPI=*/nullptr, /*AC=*/nullptr,
                   /*AllowVarArgs=*/false, /*AllowAlloca=*/true,
                   /*AllocationBlock=*/nullptr, "ame.body");
  if (!CE.isEligible()) {
    reportRegionError(R, *R.Blocks.front()->getFirstNonPHI(),
                      "atomic region cannot be outlined (a jump into the "
                      "block?)");
    ++NumRegionsNotExtracted;
    return false;
  }
  Function *Body = CE.extractCodeRegion(CEAC);
  if (!Body) {
    reportRegionError(R, *R.Blocks.front()->getFirstNonPHI(),
                      "atomic region cannot be outlined");
    ++NumRegionsNotExtracted;
    return false;
  }
  CallInst *Call = nullptr;
  for (User *U : Body->users())
    if (auto *CI = dyn_cast<CallInst>(U))
      Call = CI;
  assert(Call && Body->hasOneUse() && "extracted body has one call");

  std::string Name = (F.getName() + RegionSuffix).str();
  Function *Thunk = makeThunk(*Body, Name);
  // Back to an entry block, where allocas are static.
  BasicBlock::iterator AllocaPt = Thunk->getEntryBlock().getFirstInsertionPt();
  for (AllocaInst *AI : Sunk)
    AI->moveBefore(Thunk->getEntryBlock(), AllocaPt);
  unsigned Column = R.Loc ? R.Loc.getCol() : 0;
  GlobalVariable *Site = Sites.get(R.File, sourceName(F), R.Line, Column, "");

  IRBuilder<> B(Call);
  Value *Ctx = Call->arg_size() ? Call->getArgOperand(0)
                                : ConstantPointerNull::get(B.getPtrTy());
  CallInst *Run = B.CreateCall(Abi.get(Abi_run), {Site, Thunk, Ctx});
  if (R.Loc)
    Run->setDebugLoc(R.Loc);
  else
    Run->setDebugLoc(Call->getDebugLoc());
  if (!Call->getType()->isVoidTy())
    Call->replaceAllUsesWith(B.CreateTrunc(Run, Call->getType()));
  Call->eraseFromParent();
  Body->eraseFromParent();
  ++NumRegionsOutlined;

  OptimizationRemarkEmitter ORE(&F);
  ORE.emit([&] {
    return OptimizationRemark(PassName, "RegionOutlined", Run)
           << "atomic block at " << ore::NV("File", R.File) << ":"
           << ore::NV("Line", R.Line) << " outlined into "
           << ore::NV("Thunk", Thunk->getName())
           << (R.NestedFlattened ? (" (" + Twine(R.NestedFlattened) +
                                    " nested block(s) flattened)")
                                       .str()
                                 : std::string());
  });
  return true;
}

bool RegionOutliner::wrapFunction(const FunctionRegion &R) {
  Function &F = *R.F;
  if (F.isVarArg()) {
    reportRegionError(F, DebugLoc(), R.File, R.Line,
                      "variadic AME_ATOMIC functions are not supported");
    ++NumFunctionRegionsRejected;
    return false;
  }
  LLVMContext &C = M.getContext();
  const DataLayout &DL = M.getDataLayout();
  SmallVector<Type *, 8> Fields(F.getFunctionType()->params());
  Type *RetTy = F.getReturnType();
  if (!RetTy->isVoidTy())
    Fields.push_back(RetTy);
  StructType *CtxTy = StructType::get(C, Fields);

  // The body moves into the thunk; parameters come from the context.
  Type *Ptr = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C);
  auto *FTy = FunctionType::get(I32, {Ptr, Ptr}, false);
  Function *T =
      Function::Create(FTy, GlobalValue::InternalLinkage, F.getAddressSpace(),
                       F.getName() + RegionSuffix, &M);
  T->setAttributes(
      AttributeList::get(C, F.getAttributes().getFnAttrs(), {}, {}));
  T->addFnAttr(TxAttr);
  Argument *Tx = T->getArg(0), *Ctx = T->getArg(1);
  Tx->setName("tx");
  Ctx->setName("ctx");
  T->splice(T->begin(), &F);
  T->setSubprogram(F.getSubprogram());
  F.setSubprogram(nullptr);
  {
    IRBuilder<> B(&*T->getEntryBlock().getFirstInsertionPt());
    for (Argument &A : F.args()) {
      Value *Addr = B.CreateStructGEP(CtxTy, Ctx, A.getArgNo());
      LoadInst *L = B.CreateLoad(A.getType(), Addr, A.getName());
      A.replaceAllUsesWith(L);
    }
    SmallVector<ReturnInst *, 4> Rets;
    for (BasicBlock &BB : *T)
      if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator()))
        Rets.push_back(RI);
    for (ReturnInst *RI : Rets) {
      B.SetInsertPoint(RI);
      if (Value *V = RI->getReturnValue())
        B.CreateStore(V, B.CreateStructGEP(CtxTy, Ctx, Fields.size() - 1));
      B.CreateRet(ConstantInt::get(I32, 0))->setDebugLoc(RI->getDebugLoc());
      RI->eraseFromParent();
    }
    tagContextAccesses(Ctx);
  }

  // F becomes the wrapper: pack the arguments, run, unpack the result.
  BasicBlock *Entry = BasicBlock::Create(C, "entry", &F);
  IRBuilder<> B(Entry);
  AllocaInst *Frame =
      B.CreateAlloca(CtxTy, DL.getAllocaAddrSpace(), nullptr, "ame.ctx");
  for (Argument &A : F.args())
    B.CreateStore(&A, B.CreateStructGEP(CtxTy, Frame, A.getArgNo()));
  GlobalVariable *Site = Sites.get(R.File, sourceName(*T), R.Line, 0, "");
  B.CreateCall(Abi.get(Abi_run), {Site, T, Frame});
  if (RetTy->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(B.CreateLoad(
        RetTy, B.CreateStructGEP(CtxTy, Frame, Fields.size() - 1)));
  ++NumFunctionRegions;

  OptimizationRemarkEmitter ORE(T);
  ORE.emit([&] {
    return OptimizationRemark(PassName, "FunctionRegion", T)
           << "AME_ATOMIC function " << ore::NV("Function", sourceName(*T))
           << " runs as an atomic region (body in "
           << ore::NV("Thunk", T->getName()) << ")";
  });
  return true;
}
