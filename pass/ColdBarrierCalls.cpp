//===- ColdBarrierCalls.cpp - Rare barrier paths keep the registers -----===//
//
// Part of ame-inline-fastpath at -O1 and above, after the fast paths are
// inlined. A call from an inlined read fast path of a fixed size to
// libame's slow path (__ame_slow_load_v8, __ame_slow_load_bytes_v8 of 16 or
// 32 bytes), and an out-of-line barrier behind a range check that found its
// access outside the block (OwnAllocations.cpp), runs rarely; with the C
// calling convention it still clobbers nine registers, so the register
// allocator keeps the loop's values away from them or spills them around
// each call, and the hot path pays for it. Such a call goes instead to an
// internal wrapper with the preserve_most convention (all general registers
// but r11 preserved by the callee), which saves what it clobbers only when
// it runs.
//
//   clang-19 -O2 -fpass-plugin=AMEPass.so ...   (on; off with
//   -mllvm -ame-cold-barrier-calls=false)
//===----------------------------------------------------------------------===//
#include "ColdBarrierCalls.h"
#include "AbiDecls.h"
#include "Common.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

#define DEBUG_TYPE "ame"

STATISTIC(NumColdBarrierCalls,
          "Calls of barrier slow paths made through preserve_most wrappers");

/// The slow paths of the inlined read barriers of a fixed size: a line
/// crossing, a line newer than the snapshot or held, a full read-log chunk.
/// A byte range of a size known only at run time (a memcpy) always takes
/// __ame_slow_load_bytes: not rare.
/// The first write of each line goes to __ame_slow_store, a path taken once
/// per line written (yada's blocks take it a dozen times each), where saving
/// the registers cost more than keeping them saved: those calls stay as they
/// are.
static bool isColdReadPath(const CallInst &CI, StringRef Name) {
  if (Name.starts_with("__ame_slow_load_bytes"))
    return isa<ConstantInt>(CI.getArgOperand(3));
  return Name.starts_with("__ame_slow_load");
}

static Function *wrapperOf(Function &Callee) {
  Module &M = *Callee.getParent();
  std::string Name = (Callee.getName() + ".ame.cold").str();
  if (Function *W = M.getFunction(Name))
    return W;
  Function *W = Function::Create(Callee.getFunctionType(),
                                 GlobalValue::InternalLinkage, Name, M);
  W->setCallingConv(CallingConv::PreserveMost);
  W->addFnAttr(Attribute::NoInline);
  W->addFnAttr(Attribute::Cold);
  W->addFnAttr(Attribute::NoUnwind);
  ame::forwardCall(*W, Callee);
  return W;
}

bool ame::wrapColdBarrierCalls(Module &M, ArrayRef<Function *> Fns) {
  // The convention is defined this way for x86-64 (and AArch64) only.
  if (Triple(M.getTargetTriple()).getArch() != Triple::x86_64)
    return false;
  bool Changed = false;
  for (Function *F : Fns) {
    unsigned N = 0;
    for (BasicBlock &BB : *F)
      for (Instruction &I : BB) {
        auto *CI = dyn_cast<CallInst>(&I);
        Function *Callee = CI ? CI->getCalledFunction() : nullptr;
        if (!Callee || !Callee->isDeclaration() || CI->isMustTailCall())
          continue;
        StringRef Name = Callee->getName();
        if (!isColdReadPath(*CI, Name) &&
            !(CI->isNoInline() && AbiDecls::isFastPathName(Name)))
          continue;
        CI->setCalledFunction(wrapperOf(*Callee));
        CI->setCallingConv(CallingConv::PreserveMost);
        ++NumColdBarrierCalls;
        ++N;
      }
    if (!N)
      continue;
    Changed = true;
    OptimizationRemarkEmitter ORE(F);
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(ame::PassName, "ColdBarrierCalls",
                                        F->getSubprogram(), &F->getEntryBlock())
             << ore::NV("Calls", N)
             << " rare barrier paths keep the caller's registers "
                "(preserve_most): "
             << ore::NV("Function", ame::sourceName(*F));
    });
  }
  return Changed;
}
