//===- TxCloner.cpp - Transactional clones of reachable functions ---------===//
//
// OptimizerLast (first step of ame-instrument). Cloning after the optimizer
// rather than at PipelineStart keeps the `tx` parameter alive: a clone that
// does not touch memory yet would otherwise lose it to dead-argument
// elimination before instrumentation adds its uses.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions,ame-instrument
//===----------------------------------------------------------------------===//
#include "TxCloner.h"
#include "Common.h"
#include "Remarks.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/AttributeMask.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumClones, "Transactional clones created");
STATISTIC(NumCallsRedirected, "Calls redirected to transactional clones");
STATISTIC(NumAddressTakenClones,
          "Clones of address-taken functions (clone map)");
STATISTIC(NumPublicClones, "Public clones of external functions");
STATISTIC(NumLabelTables, "Label tables copied for transactional clones");
STATISTIC(NumUnclonable,
          "Functions without a clone: their label addresses may leave them");

bool ame::isRuntimeFunction(const Function &F) {
  StringRef N = F.getName();
  if (N.starts_with("__ame_"))
    return true;
  // The public API of include/ame.h, by name: the runtime is never built with
  // the pass, so a definition (or another name) is the program's own function
  // and gets a clone like any other.
  if (!F.isDeclaration() || !N.starts_with("ame_"))
    return false;
  return StringSwitch<bool>(N)
      .Cases("ame_in_transaction", "ame_on_commit", "ame_private", true)
      .Cases("ame_stats_thread", "ame_stats_total", "ame_stats_print", true)
      .Cases("ame_profile_start", "ame_profile_stop", true)
      .Cases("ame_parallel_for", "ame_set_workers", "ame_workers", true)
      .Cases("ame_queue_new", "ame_queue_add", "ame_queue_run",
             "ame_queue_free", true)
      .Default(N.starts_with("ame_testing_"));
}

static AttributeMask fnMask() {
  AttributeMask AM;
  for (Attribute::AttrKind K :
       {Attribute::Memory, Attribute::NoSync, Attribute::NoFree,
        Attribute::WillReturn, Attribute::Speculatable, Attribute::NoCallback,
        Attribute::ReadNone, Attribute::ReadOnly, Attribute::WriteOnly})
    AM.addAttribute(K);
  return AM;
}

static AttributeMask paramMask() {
  AttributeMask AM;
  for (Attribute::AttrKind K :
       {Attribute::ReadNone, Attribute::ReadOnly, Attribute::WriteOnly,
        Attribute::NoCapture, Attribute::Initializes})
    AM.addAttribute(K);
  return AM;
}

void TxCloner::stripTxFalseAttributes(Function &F) {
  F.removeFnAttrs(fnMask());
  AttributeMask PM = paramMask();
  for (unsigned I = 0, E = F.arg_size(); I < E; ++I)
    F.removeParamAttrs(I, PM);
}

void TxCloner::stripTxFalseAttributes(CallBase &CB) {
  CB.removeFnAttrs(fnMask());
  AttributeMask PM = paramMask();
  for (unsigned I = 0, E = CB.arg_size(); I < E; ++I)
    CB.removeParamAttrs(I, PM);
}

namespace {
/// Follows the label addresses of a function (its blockaddress constants,
/// what is computed from them, what is loaded from memory holding them) to
/// every place they reach. The clone may have its own labels only if none
/// leaves the function's frame: a label of the original reaching the clone,
/// or one of the clone reaching the original, would jump from one body into
/// the other with the wrong frame.
class LabelFlow {
public:
  explicit LabelFlow(Function &F) : F(F) {}

  /// False if a label address may leave F.
  bool run();
  /// Where it leaves (null: a use outside any function).
  const Instruction *leak() const { return Leak; }
  /// Globals holding label addresses of F that only F reads.
  ArrayRef<GlobalVariable *> tables() const { return Tables; }

private:
  /// A label address (or a value computed from one), or a pointer to memory
  /// holding them (a table, or a local slot).
  enum Kind { Label, Memory };
  void push(Value *V, Kind K) {
    if ((K == Label ? SeenLabels : SeenMemory).insert(V).second)
      Work.push_back({V, K});
  }
  bool labelUser(User *U, Value *V);
  bool memoryUser(User *U, Value *P);
  bool privateSlot(Value *Ptr);
  bool leaks(User *U) {
    Leak = dyn_cast<Instruction>(U);
    return false;
  }

  Function &F;
  SmallVector<std::pair<Value *, Kind>, 16> Work;
  SmallPtrSet<Value *, 16> SeenLabels, SeenMemory;
  SmallVector<GlobalVariable *, 2> Tables;
  const Instruction *Leak = nullptr;
};
} // namespace

bool LabelFlow::run() {
  for (BasicBlock &BB : F)
    if (BlockAddress *BA = BlockAddress::lookup(&BB))
      push(BA, Label);
  while (!Work.empty()) {
    auto [V, K] = Work.pop_back_val();
    for (User *U : V->users()) {
      if (auto *I = dyn_cast<Instruction>(U))
        if (I->getFunction() != &F)
          return leaks(U);
      if (!(K == Label ? labelUser(U, V) : memoryUser(U, V)))
        return false;
    }
  }
  return true;
}

bool LabelFlow::labelUser(User *U, Value *V) {
  // A label in the initializer of a global: a table, which the clone may
  // copy if nothing else can reach or write it.
  if (auto *GV = dyn_cast<GlobalVariable>(U)) {
    if (!GV->hasLocalLinkage() || GV->isExternallyInitialized())
      return leaks(U);
    if (!SeenMemory.count(GV))
      Tables.push_back(GV);
    push(GV, Memory);
    return true;
  }
  if (isa<GlobalValue>(U))
    return leaks(U);
  // Constant expressions and aggregates (e.g. the differences of labels GCC
  // documents for position-independent tables).
  if (isa<Constant>(U)) {
    push(U, Label);
    return true;
  }
  auto *I = cast<Instruction>(U);
  if (isa<IndirectBrInst>(I) || isa<ICmpInst>(I) || isa<SwitchInst>(I))
    return true;
  if (isa<PHINode>(I) || isa<SelectInst>(I) || isa<CastInst>(I) ||
      isa<GetElementPtrInst>(I) || isa<BinaryOperator>(I) ||
      isa<FreezeInst>(I)) {
    push(I, Label);
    return true;
  }
  if (auto *SI = dyn_cast<StoreInst>(I))
    if (SI->getValueOperand() == V && privateSlot(SI->getPointerOperand()))
      return true;
  return leaks(I);
}

bool LabelFlow::memoryUser(User *U, Value *P) {
  if (isa<ConstantExpr>(U)) {
    push(U, Memory);
    return true;
  }
  auto *I = dyn_cast<Instruction>(U);
  if (!I)
    return leaks(U);
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    push(LI, Label);
    return true;
  }
  if ((isa<GetElementPtrInst>(I) &&
       cast<GetElementPtrInst>(I)->getPointerOperand() == P) ||
      isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) || isa<PHINode>(I) ||
      (isa<SelectInst>(I) && cast<SelectInst>(I)->getCondition() != P)) {
    push(I, Memory);
    return true;
  }
  // Writing a local slot is the function's own business; writing a table
  // would make the clone's copy differ from it.
  bool Slot = isa<AllocaInst>(getUnderlyingObject(P));
  if (I->isLifetimeStartOrEnd())
    return true;
  if (auto *SI = dyn_cast<StoreInst>(I))
    if (SI->getPointerOperand() == P && Slot)
      return true;
  if (auto *MI = dyn_cast<MemIntrinsic>(I)) {
    if (MI->getRawDest() == P && Slot)
      return true;
    if (auto *MT = dyn_cast<MemTransferInst>(MI))
      if (MT->getRawSource() == P && privateSlot(MT->getRawDest()))
        return true;
  }
  return leaks(I);
}

bool LabelFlow::privateSlot(Value *Ptr) {
  auto *AI = dyn_cast<AllocaInst>(getUnderlyingObject(Ptr));
  if (!AI || AI->getFunction() != &F)
    return false;
  // Every use of the slot is then followed as memory holding labels, which
  // rejects any use that lets its address (so its labels) out.
  push(AI, Memory);
  return true;
}

/// The clone reads its own copy of each label table, with its own labels:
/// CloneFunctionInto maps the labels of instructions (VMap holds
/// blockaddress(F, bb) -> blockaddress(Clone, bb')) but not those of global
/// initializers.
void TxCloner::copyLabelTables(Function &F, Function &Clone,
                               ArrayRef<GlobalVariable *> Tables,
                               ValueToValueMapTy &VMap) {
  ValueToValueMapTy TableMap;
  for (GlobalVariable *G : Tables) {
    auto *NG = new GlobalVariable(
        M, G->getValueType(), /*isConstant=*/true, GlobalValue::PrivateLinkage,
        MapValue(G->getInitializer(), VMap, RF_NoModuleLevelChanges),
        G->getName() + CloneSuffix, nullptr, G->getThreadLocalMode(),
        G->getAddressSpace());
    NG->setAlignment(G->getAlign());
    NG->setUnnamedAddr(G->getUnnamedAddr());
    if (G->hasSection())
      NG->setSection(G->getSection());
    TableMap[G] = NG;
    ++NumLabelTables;
    OptimizationRemarkEmitter ORE(&F);
    ORE.emit([&] {
      return OptimizationRemark(PassName, "LabelTable", &F)
             << "label table " << ore::NV("Table", G->getName())
             << " copied for the transactional clone "
             << ore::NV("Clone", Clone.getName());
    });
  }
  // Only the clone's references change: the constants are uniqued, so they
  // are rebuilt rather than updated in place.
  for (Instruction &I : instructions(Clone))
    for (Use &Op : I.operands())
      if (auto *C = dyn_cast<Constant>(Op.get()))
        if (Value *NC = MapValue(C, TableMap, RF_NoModuleLevelChanges);
            NC && NC != C)
          Op.set(NC);
}

Function *TxCloner::cloneOf(Function &F, bool &Created) {
  Created = false;
  auto It = Clones.find(&F);
  if (It != Clones.end())
    return It->second;
  if (Unclonable.count(&F))
    return nullptr;
  LabelFlow Labels(F);
  if (!Labels.run()) {
    Unclonable[&F] = Labels.leak();
    ++NumUnclonable;
    OptimizationRemarkEmitter ORE(&F);
    ORE.emit([&] {
      const Instruction *At = Labels.leak();
      OptimizationRemarkMissed R(PassName, "NoClone",
                                 At ? DiagnosticLocation(At->getDebugLoc())
                                    : DiagnosticLocation(F.getSubprogram()),
                                 &F.getEntryBlock());
      return R << "no transactional clone of "
               << ore::NV("Function", sourceName(F))
               << ": the address of one of its labels may leave it here, "
                  "so calls from transactions run the original inevitably";
    });
    return nullptr;
  }
  LLVMContext &C = M.getContext();
  SmallVector<Type *, 8> Params{PointerType::getUnqual(C)};
  append_range(Params, F.getFunctionType()->params());
  auto *FTy = FunctionType::get(F.getReturnType(), Params, F.isVarArg());
  Function *NF =
      Function::Create(FTy, GlobalValue::InternalLinkage, F.getAddressSpace(),
                       F.getName() + CloneSuffix, &M);
  ValueToValueMapTy VMap;
  for (Argument &A : F.args()) {
    VMap[&A] = NF->getArg(A.getArgNo() + 1);
    NF->getArg(A.getArgNo() + 1)->setName(A.getName());
  }
  SmallVector<ReturnInst *, 4> Rets;
  CloneFunctionInto(NF, &F, VMap, CloneFunctionChangeType::LocalChangesOnly,
                    Rets);
  if (!Labels.tables().empty())
    copyLabelTables(F, *NF, Labels.tables(), VMap);
  // The clone of an external function is public, with the function's
  // visibility: other modules compiled with the pass call it (through an
  // extern_weak reference). Every other clone is internal.
  NF->setComdat(nullptr);
  NF->setDLLStorageClass(GlobalValue::DefaultStorageClass);
  if (F.hasExternalLinkage()) {
    NF->setLinkage(GlobalValue::ExternalLinkage);
    NF->setVisibility(F.getVisibility());
    NF->setDSOLocal(F.isDSOLocal());
  } else {
    NF->setLinkage(GlobalValue::InternalLinkage);
    NF->setVisibility(GlobalValue::DefaultVisibility);
  }
  NF->getArg(0)->setName("tx");
  NF->addFnAttr(TxAttr);
  stripTxFalseAttributes(*NF);
  // The original's type signature for -fsanitize=function and KCFI would
  // not match the clone's (tx first): the runtime calls clones it finds in
  // the clone map through pointers, and a wrong signature is a false report.
  NF->setMetadata(LLVMContext::MD_func_sanitize, nullptr);
  NF->setMetadata(LLVMContext::MD_kcfi_type, nullptr);
  // A section of its own, as -ffunction-sections would give it, so that
  // -Wl,--gc-sections drops the clones no call and no clone map reaches.
  if (!NF->hasSection())
    NF->setSection((".text." + NF->getName()).str());
  Clones[&F] = NF;
  Created = true;
  ++NumClones;
  return NF;
}

Function *TxCloner::blockBodyPassedTo(const CallBase &CB) {
  Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration())
    return nullptr;
  unsigned BodyArg = StringSwitch<unsigned>(Callee->getName())
                         .Case("ame_parallel_for", 2)
                         .Case("ame_queue_add", 1)
                         .Default(~0u);
  if (BodyArg >= CB.arg_size())
    return nullptr;
  return dyn_cast<Function>(CB.getArgOperand(BodyArg)->stripPointerCasts());
}

void TxCloner::redirect(CallBase &CB, Function &Clone, Value *Tx) {
  SmallVector<Value *, 8> Args{Tx};
  append_range(Args, CB.args());
  SmallVector<OperandBundleDef, 1> Bundles;
  CB.getOperandBundlesAsDefs(Bundles);
  auto *CI = cast<CallInst>(&CB);
  CallInst *New = CallInst::Create(Clone.getFunctionType(), &Clone, Args,
                                   Bundles, "", CI->getIterator());
  New->takeName(CI);
  New->setCallingConv(CI->getCallingConv());
  New->setTailCallKind(CI->getTailCallKind());
  New->copyMetadata(*CI);
  copyCallLoc(*New, *CI);
  AttributeList Old = CI->getAttributes();
  SmallVector<AttributeSet, 8> ParamAttrs{AttributeSet()};
  for (unsigned I = 0, E = CI->arg_size(); I < E; ++I)
    ParamAttrs.push_back(Old.getParamAttrs(I));
  New->setAttributes(AttributeList::get(M.getContext(), Old.getFnAttrs(),
                                        Old.getRetAttrs(), ParamAttrs));
  stripTxFalseAttributes(*New);
  CI->replaceAllUsesWith(New);
  CI->eraseFromParent();
  ++NumCallsRedirected;
}

std::vector<Function *> TxCloner::run() {
  std::vector<Function *> TxFns;
  for (Function &F : M)
    if (isTxFunction(F) && !F.isDeclaration())
      TxFns.push_back(&F);
  // Functions whose address is taken get a clone even if no region calls
  // them here: transactional code anywhere in the program may call them
  // through a pointer and find the clone in the clone map.
  SmallVector<Function *, 16> Candidates;
  // Likewise every external function: transactional code of other modules
  // may call it, and finds its public clone by name.
  for (Function &F : M)
    if (!F.isDeclaration() && !F.hasAvailableExternallyLinkage() &&
        !F.isIntrinsic() && !isTxFunction(F) && !isRuntimeFunction(F) &&
        (F.hasExternalLinkage() ||
         F.hasAddressTaken(nullptr, /*IgnoreCallbackUses=*/false,
                           /*IgnoreAssumeLikeCalls=*/true,
                           /*IgnoreLLVMUsed=*/true)) &&
        F.getName() != "main")
      Candidates.push_back(&F);
  for (Function *F : Candidates) {
    bool Created;
    Function *Clone = cloneOf(*F, Created);
    if (!Clone)
      continue;
    TxFns.push_back(Clone);
    // A pointer to F comes from this module, which takes its address; from
    // another module that takes it (that module's map names this clone,
    // below); or, in a shared library, from dlsym. Other clones stay out of
    // the map, so the linker may drop those no call reaches.
    bool Exported = F->hasExternalLinkage() && F->hasDefaultVisibility() &&
                    M.getPICLevel() != PICLevel::NotPIC &&
                    M.getPIELevel() == PIELevel::Default;
    if (F->hasAddressTaken(nullptr, false, true, true) || Exported)
      MapPairs.push_back({F, Clone});
    if (F->hasAddressTaken(nullptr, false, true, true))
      ++NumAddressTakenClones;
    else
      ++NumPublicClones;
  }
  // Functions of other modules whose address is taken here: their public
  // clone, referenced extern_weak (null if that module was built without
  // AME, and then left out at registration).
  for (Function &D : M) {
    if (!D.isDeclaration() || D.isIntrinsic() || isRuntimeFunction(D) ||
        isTxFunction(D) || D.getName().ends_with(CloneSuffix) ||
        !D.hasAddressTaken(nullptr, false, true, true))
      continue;
    SmallVector<Type *, 8> Params{PointerType::getUnqual(M.getContext())};
    append_range(Params, D.getFunctionType()->params());
    auto *TxTy = FunctionType::get(D.getReturnType(), Params,
                                   D.getFunctionType()->isVarArg());
    auto *Public = dyn_cast<Function>(
        M.getOrInsertFunction((D.getName() + CloneSuffix).str(), TxTy)
            .getCallee());
    if (!Public || Public->getFunctionType() != TxTy)
      continue;
    if (Public->isDeclaration())
      Public->setLinkage(GlobalValue::ExternalWeakLinkage);
    MapPairs.push_back({&D, Public});
  }
  for (size_t K = 0; K < TxFns.size(); ++K) {
    Function *F = TxFns[K];
    Value *Tx = F->getArg(0);
    SmallVector<CallInst *, 16> Calls;
    for (Instruction &I : instructions(*F))
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction())
          if (!Callee->isDeclaration() && !Callee->isIntrinsic() &&
              !isTxFunction(*Callee) && !isRuntimeFunction(*Callee) &&
              CI->getFunctionType() == Callee->getFunctionType())
            Calls.push_back(CI);
    for (CallInst *CI : Calls) {
      Function &Callee = *CI->getCalledFunction();
      bool Created;
      Function *Clone = cloneOf(Callee, Created);
      if (!Clone) {
        CallsToUnclonable.push_back(CI);
        continue;
      }
      if (Created) {
        TxFns.push_back(Clone);
        OptimizationRemarkEmitter ORE(F);
        ORE.emit([&] {
          return OptimizationRemark(PassName, "Cloned", CI)
                 << "transactional clone " << ore::NV("Clone", Clone->getName())
                 << " of " << ore::NV("Callee", sourceName(Callee))
                 << " created";
        });
      }
      redirect(*CI, *Clone, Tx);
    }
  }
  // Which of them a region reaches by direct calls (and nested regions).
  DenseSet<Function *> Made;
  for (auto &KV : Clones)
    Made.insert(KV.second);
  SmallVector<Function *, 16> Work;
  for (Function *F : TxFns)
    if (!Made.count(F) && Reachable.insert(F).second) // region thunks
      Work.push_back(F);
  // The bodies of parallel loops and tasks run as blocks of their own (the
  // runtime calls their clones through the clone map): as hot as a region.
  for (Function &Caller : M)
    for (Instruction &I : instructions(Caller)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Body = CB ? blockBodyPassedTo(*CB) : nullptr;
      if (!Body)
        continue;
      Function *Clone = isTxFunction(*Body) ? Body : Clones.lookup(Body);
      if (Clone && !Clone->isDeclaration() && Reachable.insert(Clone).second)
        Work.push_back(Clone);
    }
  while (!Work.empty()) {
    Function *F = Work.pop_back_val();
    for (Instruction &I : instructions(*F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        for (Value *Op : CB->operands())
          if (auto *Callee = dyn_cast<Function>(Op->stripPointerCasts()))
            if (isTxFunction(*Callee) && !Callee->isDeclaration() &&
                Reachable.insert(Callee).second)
              Work.push_back(Callee);
  }
  reportUnclonable();
  return TxFns;
}

/// A region reaching a function without a clone is an error (at the place
/// its label leaves it); elsewhere the call stays, and CallRewriter makes it
/// inevitable like any call into uninstrumented code.
void TxCloner::reportUnclonable() {
  DenseSet<Function *> Reported;
  for (CallInst *CI : CallsToUnclonable) {
    Function *Callee = CI->getCalledFunction();
    if (!Reachable.count(CI->getFunction()) || !Reported.insert(Callee).second)
      continue;
    std::string Msg = "computed goto in '" + sourceName(*Callee) +
                      "', called from an atomic block, is supported only "
                      "when the addresses of its labels stay inside it";
    // Without debug info clang places the error at the function.
    const Instruction *At = Unclonable.lookup(Callee);
    if (At && At->getDebugLoc())
      reportError(*At, Msg + "; here one may leave it");
    else if (At)
      reportError(*At, Msg + " (compile with -g to see where one leaves)");
    else
      reportError(*Callee, Msg);
  }
}
