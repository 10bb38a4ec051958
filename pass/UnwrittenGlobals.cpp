//===- UnwrittenGlobals.cpp - Globals no atomic block writes --------------===//
//
// ame-instrument, before any barrier: the mutable globals whose every use
// the module sees and no transactional function stores to, so their loads
// in transactions need no barrier (a configuration pointer set before the
// threads start, a table's base, a size read by every block).
//
//   -mllvm -ame-skip-unwritten-globals=false   (instruments them again)
//===----------------------------------------------------------------------===//
#include "UnwrittenGlobals.h"
#include "Common.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

using namespace llvm;
using namespace ame;

/// Every use of Addr (an address inside one global) is a simple load, a
/// simple store to it outside transactional functions, or an address
/// computation whose uses are the same. Anything else (a call, a store of
/// the address itself, a compare, a phi, an initializer of another global,
/// llvm.used, an atomic or volatile access, a memory intrinsic) may write
/// it, or let code this check does not see write it.
static bool onlyPlainCodeWrites(const Value *Addr) {
  for (const Use &U : Addr->uses()) {
    const User *Usr = U.getUser();
    if (const auto *LI = dyn_cast<LoadInst>(Usr)) {
      if (!LI->isSimple())
        return false;
    } else if (const auto *SI = dyn_cast<StoreInst>(Usr)) {
      if (U.getOperandNo() != StoreInst::getPointerOperandIndex() ||
          !SI->isSimple() || isTxFunction(*SI->getFunction()))
        return false;
    } else if (isa<GEPOperator>(Usr) || isa<BitCastOperator>(Usr)) {
      if (U.getOperandNo() != 0 || !onlyPlainCodeWrites(Usr))
        return false;
    } else {
      return false;
    }
  }
  return true;
}

UnwrittenGlobals::UnwrittenGlobals(Module &M) {
  for (const GlobalVariable &GV : M.globals())
    if (GV.hasLocalLinkage() && GV.hasInitializer() && !GV.isConstant() &&
        !GV.isThreadLocal() && GV.getAddressSpace() == 0 &&
        onlyPlainCodeWrites(&GV))
      Globals.insert(&GV);
}

const GlobalVariable *UnwrittenGlobals::of(const Value *Ptr) const {
  const auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Ptr, 0));
  return GV && Globals.count(GV) ? GV : nullptr;
}
