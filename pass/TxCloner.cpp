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
#include "CloneMap.h"
#include "Common.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/AttributeMask.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
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

bool ame::isRuntimeFunction(const Function &F) {
  StringRef N = F.getName();
  return N.starts_with("__ame_") || N.starts_with("ame_");
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

Function *TxCloner::cloneOf(Function &F, bool &Created) {
  Created = false;
  auto It = Clones.find(&F);
  if (It != Clones.end())
    return It->second;
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
  Clones[&F] = NF;
  Created = true;
  ++NumClones;
  return NF;
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
  SmallVector<std::pair<Function *, Function *>, 16> AddressTaken;
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
    TxFns.push_back(Clone);
    if (F->hasAddressTaken(nullptr, false, true, true)) {
      AddressTaken.push_back({F, Clone});
      ++NumAddressTakenClones;
    } else {
      ++NumPublicClones;
    }
  }
  emitCloneMap(M, AddressTaken);
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
  return TxFns;
}
