//===- UnwrittenGlobals.cpp - Globals no atomic block writes -------------===//
//
// A global that only this module can name, whose address never leaves the
// loads and stores that use it, and that no region thunk or transactional
// clone stores to, changes only outside atomic blocks (or in a block that
// runs serially, with every other attempt ended, through an original
// function). A barrier on a read of it would return the bytes in memory,
// and its read-log entry could only fail for a change to other bytes of the
// line; so a read that each attempt runs at most once runs plainly
// (Instrumenter.cpp says where; docs/pass.md why this keeps opacity and
// serializability). Static tables filled before the threads start, the
// pointers to shared structures that main sets up, counts and sizes: every
// block that looks them up pays a barrier and a log entry for each.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame-instrument in.ll
//   (on; off with -ame-skip-unwritten-globals=false)
//===----------------------------------------------------------------------===//
#include "UnwrittenGlobals.h"
#include "Common.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

/// Every use of the address V (a global, or a GEP of it) is the address of
/// a load, or of a store outside transactional functions.
static bool onlyLoadsAndPlainStores(const Value *V, unsigned Depth = 0) {
  // A chain of GEPs this deep is not worth following: keep the barriers.
  if (Depth > 8)
    return false;
  for (const Use &U : V->uses()) {
    const User *Usr = U.getUser();
    if (const auto *CE = dyn_cast<ConstantExpr>(Usr)) {
      if (CE->getOpcode() != Instruction::GetElementPtr ||
          U.getOperandNo() != 0 || !onlyLoadsAndPlainStores(CE, Depth + 1))
        return false;
      continue;
    }
    const auto *I = dyn_cast<Instruction>(Usr);
    if (!I)
      return false; // another global's initializer, llvm.used, ...
    if (const auto *LI = dyn_cast<LoadInst>(I)) {
      if (U.getOperandNo() != LI->getPointerOperandIndex())
        return false;
      continue;
    }
    if (const auto *SI = dyn_cast<StoreInst>(I)) {
      if (U.getOperandNo() != SI->getPointerOperandIndex() ||
          ame::isTxFunction(*SI->getFunction()))
        return false;
      continue;
    }
    if (const auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
      if (U.getOperandNo() != GEP->getPointerOperandIndex() ||
          !onlyLoadsAndPlainStores(GEP, Depth + 1))
        return false;
      continue;
    }
    // A call, a phi, a select, a comparison, an atomic: the address goes
    // where this walk does not follow it.
    return false;
  }
  return true;
}

ame::GlobalSet ame::findUnwrittenGlobals(Module &M) {
  GlobalSet Unwritten;
  for (const GlobalVariable &GV : M.globals())
    if (GV.hasLocalLinkage() && !GV.isConstant() && !GV.isThreadLocal() &&
        !GV.isExternallyInitialized() && GV.hasInitializer() &&
        onlyLoadsAndPlainStores(&GV))
      Unwritten.insert(&GV);
  return Unwritten;
}
