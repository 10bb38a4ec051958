//===- RegionOutliner.cpp - Outline atomic regions (ame-regions) ----------===//
//
// PipelineStart. Each outermost atomic block becomes a function
//   i32 @<fn>.ame.region(ptr %tx, ptr %ctx)   ; attribute "ame-tx-clone"
// (CodeExtractor with an aggregate argument; locals used only inside the
// block are sunk into it), and the block becomes
//   %exit = call i32 @__ame_run(ptr @site, ptr @<fn>.ame.region, ptr %ctx)
// followed by the branch to the exit taken. An AME_ATOMIC function's body
// moves into such a thunk and the function becomes a wrapper calling
// __ame_run. Runs before any optimization, so the IR has the front end's
// shape at every -O level.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-regions in.ll
//===----------------------------------------------------------------------===//
#include "AbiDecls.h"
#include "Common.h"
#include "Passes.h"
#include "RegionFinder.h"
#include "Remarks.h"
#include "Sites.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

#include <map>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumRegionsOutlined, "Atomic blocks outlined");
STATISTIC(NumRegionsRejected, "Atomic blocks rejected with an error");
STATISTIC(NumFunctionRegions, "AME_ATOMIC functions wrapped");
STATISTIC(NumFunctionRegionsRejected, "AME_ATOMIC functions rejected");
STATISTIC(NumLocalsPromoted,
          "Locals used in an atomic block promoted to registers before "
          "outlining");

namespace {

const char *LongjmpNames[] = {"longjmp", "_longjmp", "siglongjmp",
                              "__longjmp_chk", "__libc_longjmp"};

bool isLongjmp(const Function *F) {
  if (!F)
    return false;
  for (const char *N : LongjmpNames)
    if (F->getName() == N)
      return true;
  return false;
}

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

struct RegionOutliner {
  Module &M;
  AbiDecls Abi;
  SiteBuilder Sites;

  explicit RegionOutliner(Module &M) : M(M), Abi(M), Sites(M, Abi) {}

  bool run();
  void promoteLocals(Function &F, const std::vector<BlockRegion> &Regions,
                     const SmallPtrSetImpl<AllocaInst *> &Tokens);
  bool checkRegion(const BlockRegion &R);
  bool outline(BlockRegion &R);
  bool wrapFunction(const FunctionRegion &R);
  Function *makeThunk(Function &Body, StringRef Name);
};

/// Errors for what cannot run in a transaction; true if the region is fine.
bool RegionOutliner::checkRegion(const BlockRegion &R) {
  bool OK = true;
  std::string Where = R.where();
  for (BasicBlock *BB : R.Blocks)
    for (Instruction &I : *BB) {
      if (I.isEHPad() || isa<InvokeInst>(I) || isa<ResumeInst>(I)) {
        reportError(I,
                    "exception handling is not supported inside an "
                    "atomic region",
                    Where);
        OK = false;
      } else if (isa<IndirectBrInst>(I) || isa<CallBrInst>(I)) {
        reportError(I,
                    "computed goto and asm goto are not supported inside "
                    "an atomic region",
                    Where);
        OK = false;
      } else if (isa<ReturnInst>(I)) {
        reportError(I,
                    "atomic region reaches a return without its end "
                    "marker",
                    Where);
        OK = false;
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (CB->hasFnAttr(Attribute::ReturnsTwice)) {
          reportError(I,
                      "setjmp (a returns_twice call) is not supported "
                      "inside an atomic region",
                      Where);
          OK = false;
        } else if (isLongjmp(CB->getCalledFunction())) {
          reportError(I, "longjmp is not supported inside an atomic region",
                      Where);
          OK = false;
        }
      }
    }
  return OK;
}

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
  if (!checkRegion(R)) {
    ++NumRegionsRejected;
    return false;
  }
  // Locals used only inside the block move into the thunk (CodeExtractor
  // only sinks allocas that have lifetime markers, i.e. not at -O0).
  SmallPtrSet<BasicBlock *, 16> InRegion(R.Blocks.begin(), R.Blocks.end());
  SmallVector<AllocaInst *, 8> Sunk;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (!InRegion.count(AI->getParent()) && !AI->use_empty() &&
          all_of(AI->users(), [&](User *U) {
            auto *UI = dyn_cast<Instruction>(U);
            return UI && InRegion.count(UI->getParent());
          }))
        Sunk.push_back(AI);
  for (AllocaInst *AI : Sunk)
    AI->moveBefore(&*R.Blocks.front()->getFirstInsertionPt());
  CodeExtractorAnalysisCache CEAC(F);
  CodeExtractor CE(R.Blocks, /*DT=*/nullptr, /*AggregateArgs=*/true,
                   /*BFI=*/nullptr, /*BPI=*/nullptr, /*AC=*/nullptr,
                   /*AllowVarArgs=*/false, /*AllowAlloca=*/true,
                   /*AllocationBlock=*/nullptr, "ame.body");
  if (!CE.isEligible()) {
    reportError(*R.Blocks.front()->getFirstNonPHI(),
                "atomic region cannot be outlined (a jump into the block?)",
                R.where());
    ++NumRegionsRejected;
    return false;
  }
  Function *Body = CE.extractCodeRegion(CEAC);
  if (!Body) {
    reportError(*R.Blocks.front()->getFirstNonPHI(),
                "atomic region cannot be outlined", R.where());
    ++NumRegionsRejected;
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
    reportError(F, "variadic AME_ATOMIC functions are not supported",
                R.where());
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

/// The name and place of a local, from its debug variable if any.
static std::pair<std::string, DebugLoc> localName(AllocaInst *AI) {
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
void RegionOutliner::promoteLocals(Function &F,
                                   const std::vector<BlockRegion> &Regions,
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
  for (AllocaInst *AI : Promote) {
    // The region tokens (their markers are gone by now) go too, silently.
    if (Tokens.count(AI))
      continue;
    ++NumLocalsPromoted;
    ORE.emit([&] {
      auto [Name, Loc] = localName(AI);
      return OptimizationRemark(PassName, "LocalPromoted",
                                DiagnosticLocation(Loc), AI->getParent())
             << "local " << ore::NV("Local", Name.empty() ? "<unnamed>" : Name)
             << " used in an atomic block is kept in a register";
    });
  }
  DominatorTree DT(F);
  PromoteMemToReg(Promote, DT);
  // Values the regions define and the rest of F uses leave through a slot
  // of F's frame (CodeExtractor's own outputs are not used: with aggregate
  // arguments LLVM 19 crashes in emitCallAndSwitchStatement on the outputs
  // these regions have, a loop-header phi or an exit phi). The region stores the value right after
  // each definition; the slot is written by every attempt before it can
  // commit, so like the context struct it needs no barrier (tagged
  // !ame.ctx); it is read after __ame_run returns.
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
          LoadInst *L = B.CreateLoad(I.getType(), Slot, I.getName() + ".reload");
          tag(*L, CtxMD);
          U->set(L);
        }
      }
  }

}

bool RegionOutliner::run() {
  bool Changed = false;
  SmallVector<Function *, 16> Funcs;
  for (Function &F : M)
    if (!F.isDeclaration())
      Funcs.push_back(&F);
  for (Function *F : Funcs) {
    SmallPtrSet<AllocaInst *, 4> Tokens;
    for (Instruction &I : F->getEntryBlock())
      if (auto *AI = dyn_cast<AllocaInst>(&I))
        if (any_of(AI->users(), [](User *U) {
              auto *II = dyn_cast<IntrinsicInst>(U);
              return II && II->getIntrinsicID() == Intrinsic::var_annotation;
            }))
          Tokens.insert(AI);
    std::vector<BlockRegion> Regions = findBlockRegions(*F);
    Changed |= !Regions.empty();
    if (!Regions.empty())
      promoteLocals(*F, Regions, Tokens);
    for (BlockRegion &R : Regions)
      outline(R);
  }
  for (const FunctionRegion &R : findFunctionRegions(M))
    Changed |= wrapFunction(R);
  // The end marker is an empty static function; drop it once unused.
  if (Function *End = M.getFunction(AtomicEndFn))
    if (End->use_empty() && (End->hasLocalLinkage() || End->isDeclaration())) {
      End->eraseFromParent();
      Changed = true;
    }
  return Changed;
}

} // namespace

PreservedAnalyses ame::RegionsPass::run(Module &M, ModuleAnalysisManager &) {
  bool Changed = tagFieldAnnotations(M);
  Changed |= RegionOutliner(M).run();
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
