//===- FortifiedCalls.cpp - glibc's checked string calls in transactions --===//
//
// __X_chk(args..., destlen) does what X does after checking that X writes at
// most destlen bytes, and calls __chk_fail (which stops the program) if not.
// Here it becomes that check, computed with the functions the pass
// instruments (strlen, strnlen: their transactional versions), then either
// X itself (llvm.memcpy, .memmove, .memset, strncpy, stpncpy, memccpy, which
// CallRewriter then gives their transactional versions; the other string
// functions as a memcpy of the bytes the check measured, plus strncat's NUL)
// or, when the check fails, the original call. That call is one the pass cannot
// instrument, so the transaction first becomes inevitable, which validates
// it: an attempt that computed a bad length from data it must not have seen
// rolls back instead, and a consistent one fails the check again inside the
// C library, which stops the program with glibc's message.
//
//   clang-19 -O2 -D_FORTIFY_SOURCE=2 -fpass-plugin=AMEPass.so ...
//===----------------------------------------------------------------------===//
#include "FortifiedCalls.h"
#include "Common.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <optional>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumUnfortified,
          "_FORTIFY_SOURCE checking calls run as their check and the "
          "transactional function");

namespace {
enum class Checked {
  Memcpy,
  Mempcpy,
  Memmove,
  Memset,
  Strcpy,
  Stpcpy,
  Strcat,
  Strncpy,
  Stpncpy,
  Strncat,
  Memccpy
};
} // namespace

/// Which checking function CI calls, if it has glibc's signature (all
/// pointers and sizes, memset's value and memccpy's stop byte an int,
/// destlen last).
static std::optional<Checked> checkedKind(const CallInst &CI) {
  const Function *Callee = CI.getCalledFunction();
  if (!Callee || !Callee->isDeclaration())
    return std::nullopt;
  std::optional<Checked> K =
      StringSwitch<std::optional<Checked>>(Callee->getName())
          .Case("__memcpy_chk", Checked::Memcpy)
          .Case("__mempcpy_chk", Checked::Mempcpy)
          .Case("__memmove_chk", Checked::Memmove)
          .Case("__memset_chk", Checked::Memset)
          .Case("__strcpy_chk", Checked::Strcpy)
          .Case("__stpcpy_chk", Checked::Stpcpy)
          .Case("__strcat_chk", Checked::Strcat)
          .Case("__strncpy_chk", Checked::Strncpy)
          .Case("__stpncpy_chk", Checked::Stpncpy)
          .Case("__strncat_chk", Checked::Strncat)
          .Case("__memccpy_chk", Checked::Memccpy)
          .Default(std::nullopt);
  if (!K)
    return std::nullopt;
  const DataLayout &DL = CI.getModule()->getDataLayout();
  Type *Size = DL.getIntPtrType(CI.getContext());
  FunctionType *FTy = Callee->getFunctionType();
  unsigned Params =
      *K == Checked::Strcpy || *K == Checked::Stpcpy || *K == Checked::Strcat
          ? 3
      : *K == Checked::Memccpy ? 5
                               : 4;
  if (FTy->isVarArg() || FTy->getNumParams() != Params ||
      !FTy->getReturnType()->isPointerTy() ||
      !FTy->getParamType(0)->isPointerTy() ||
      FTy->getParamType(Params - 1) != Size)
    return std::nullopt;
  Type *Second = FTy->getParamType(1);
  if (*K == Checked::Memset ? !Second->isIntegerTy(32) : !Second->isPointerTy())
    return std::nullopt;
  if (*K == Checked::Memccpy)
    return FTy->getParamType(2)->isIntegerTy(32) && FTy->getParamType(3) == Size
               ? K
               : std::nullopt;
  if (Params == 4 && FTy->getParamType(2) != Size)
    return std::nullopt;
  return K;
}

/// A call of the C library's Name(Args), of type Ret(Args' types).
static CallInst *callLibc(IRBuilder<> &B, StringRef Name, Type *Ret,
                          ArrayRef<Value *> Args) {
  SmallVector<Type *, 3> Types;
  for (Value *A : Args)
    Types.push_back(A->getType());
  Module *M = B.GetInsertBlock()->getModule();
  FunctionCallee F =
      M->getOrInsertFunction(Name, FunctionType::get(Ret, Types, false));
  return B.CreateCall(F, Args);
}

static void unfortify(CallInst &CI, Checked K) {
  IRBuilder<> B(&CI);
  B.SetCurrentDebugLocation(CI.getDebugLoc());
  Type *Size = CI.getArgOperand(CI.arg_size() - 1)->getType();
  Value *Dst = CI.getArgOperand(0), *Src = CI.getArgOperand(1);
  Value *DestLen = CI.getArgOperand(CI.arg_size() - 1);
  Value *Len =
      CI.arg_size() >= 4 ? CI.getArgOperand(CI.arg_size() - 2) : nullptr;
  auto Strlen = [&](Value *S) { return callLibc(B, "strlen", Size, {S}); };
  auto At = [&](Value *P, Value *Off) {
    return B.CreateInBoundsGEP(B.getInt8Ty(), P, Off);
  };
  // Whether X would write more than DestLen bytes, as glibc decides it. The
  // string functions but strncpy then copy the bytes the check measured
  // (Bytes of Src to To), as glibc's own strcpy_chk does, rather than
  // scanning Src again: each scan reads byte by byte through barriers.
  Value *Fails = nullptr, *To = Dst, *Bytes = nullptr;
  switch (K) {
  case Checked::Memcpy:
  case Checked::Mempcpy:
  case Checked::Memmove:
  case Checked::Memset:
  case Checked::Strncpy:
  case Checked::Stpncpy:
  case Checked::Memccpy:
    Fails = B.CreateICmpUGT(Len, DestLen);
    break;
  case Checked::Strcpy:
  case Checked::Stpcpy:
    Len = Strlen(Src);
    Fails = B.CreateICmpUGE(Len, DestLen);
    Bytes = B.CreateAdd(Len, ConstantInt::get(Size, 1));
    break;
  case Checked::Strcat:
  case Checked::Strncat: {
    Value *Had = Strlen(Dst);
    Value *Adds = K == Checked::Strcat
                      ? Strlen(Src)
                      : callLibc(B, "strnlen", Size, {Src, Len});
    Fails = B.CreateICmpUGE(B.CreateAdd(Had, Adds), DestLen);
    To = At(Dst, Had);
    // strncat writes its NUL itself, strcat copies Src's.
    Bytes = K == Checked::Strcat ? B.CreateAdd(Adds, ConstantInt::get(Size, 1))
                                 : Adds;
    break;
  }
  }
  Instruction *FailTerm, *OkTerm;
  SplitBlockAndInsertIfThenElse(Fails, &CI, &FailTerm, &OkTerm);
  FailTerm->getParent()->setName("ame.chk.fail");
  OkTerm->getParent()->setName("ame.chk.ok");
  CI.getParent()->setName("ame.chk.done");
  Instruction *Checking = CI.clone();
  Checking->insertBefore(FailTerm);
  Checking->setMetadata(FailedCheckMD, MDNode::get(CI.getContext(), {}));
  B.SetInsertPoint(OkTerm);
  Value *Done = Dst;
  switch (K) {
  case Checked::Memcpy:
  case Checked::Mempcpy:
    B.CreateMemCpy(Dst, MaybeAlign(), Src, MaybeAlign(), Len);
    if (K == Checked::Mempcpy)
      Done = At(Dst, Len);
    break;
  case Checked::Memmove:
    B.CreateMemMove(Dst, MaybeAlign(), Src, MaybeAlign(), Len);
    break;
  case Checked::Memset:
    B.CreateMemSet(Dst, B.CreateTrunc(Src, B.getInt8Ty()), Len, MaybeAlign());
    break;
  case Checked::Strncpy:
  case Checked::Stpncpy:
    Done = callLibc(B, K == Checked::Strncpy ? "strncpy" : "stpncpy",
                    CI.getType(), {Dst, Src, Len});
    break;
  case Checked::Memccpy:
    Done = callLibc(B, "memccpy", CI.getType(),
                    {Dst, Src, CI.getArgOperand(2), Len});
    break;
  case Checked::Strcpy:
  case Checked::Stpcpy:
  case Checked::Strcat:
  case Checked::Strncat:
    B.CreateMemCpy(To, MaybeAlign(), Src, MaybeAlign(), Bytes);
    if (K == Checked::Strncat)
      B.CreateStore(B.getInt8(0), At(To, Bytes));
    // stpcpy returns where the NUL went.
    if (K == Checked::Stpcpy)
      Done = At(Dst, Len);
    break;
  }
  B.SetInsertPoint(&CI);
  PHINode *Result = B.CreatePHI(CI.getType(), 2, "ame.chk.result");
  Result->addIncoming(Checking, FailTerm->getParent());
  Result->addIncoming(Done, OkTerm->getParent());
  CI.replaceAllUsesWith(Result);
  CI.eraseFromParent();
}

bool ame::unfortifyCalls(Function &F, OptimizationRemarkEmitter &ORE) {
  SmallVector<std::pair<CallInst *, Checked>, 4> Found;
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (std::optional<Checked> K = checkedKind(*CI))
        Found.push_back({CI, *K});
  for (auto &[CI, K] : Found) {
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "Unfortified", CI)
             << "call to " << ore::NV("Callee", CI->getCalledFunction())
             << " runs as its length check and the transactional function; "
                "only a failing check calls it, after the transaction "
                "becomes inevitable";
    });
    unfortify(*CI, K);
    ++NumUnfortified;
  }
  return !Found.empty();
}
