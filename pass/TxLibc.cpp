//===- TxLibc.cpp - Transactional string and memory functions -------------===//
//
// Each function is a byte loop over __ame_load_1 (its fast path is inlined
// with the others): simple and obviously right; word-at-a-time versions can
// replace them behind the same names.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-instrument -S in.ll
//===----------------------------------------------------------------------===//
#include "TxLibc.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/IRBuilder.h"

using namespace llvm;
using namespace ame;

namespace {

enum class Kind {
  Memcmp,
  Memchr,
  Memrchr,
  Memccpy,
  Strlen,
  Strcmp,
  Strncmp,
  Strchr,
  Strcpy,
  Stpcpy,
  Strcat,
  Strnlen,
  Strncpy,
  Stpncpy,
  Strncat
};

struct Builder {
  Module &M;
  AbiDecls &Abi;
  LLVMContext &C;
  Type *Ptr, *I8, *I32, *Size;

  Builder(Module &M, AbiDecls &Abi)
      : M(M), Abi(Abi), C(M.getContext()), Ptr(PointerType::getUnqual(C)),
        I8(Type::getInt8Ty(C)), I32(Type::getInt32Ty(C)), Size(Abi.sizeType()) {
  }

  /// The C type of each function, with tx first.
  FunctionType *txType(Kind K) {
    switch (K) {
    case Kind::Memcmp:
      return FunctionType::get(I32, {Ptr, Ptr, Ptr, Size}, false);
    case Kind::Memchr:
    case Kind::Memrchr:
      return FunctionType::get(Ptr, {Ptr, Ptr, I32, Size}, false);
    case Kind::Memccpy:
      return FunctionType::get(Ptr, {Ptr, Ptr, Ptr, I32, Size}, false);
    case Kind::Strlen:
      return FunctionType::get(Size, {Ptr, Ptr}, false);
    case Kind::Strcmp:
      return FunctionType::get(I32, {Ptr, Ptr, Ptr}, false);
    case Kind::Strncmp:
      return FunctionType::get(I32, {Ptr, Ptr, Ptr, Size}, false);
    case Kind::Strchr:
      return FunctionType::get(Ptr, {Ptr, Ptr, I32}, false);
    case Kind::Strcpy:
    case Kind::Stpcpy:
    case Kind::Strcat:
      return FunctionType::get(Ptr, {Ptr, Ptr, Ptr}, false);
    case Kind::Strnlen:
      return FunctionType::get(Size, {Ptr, Ptr, Size}, false);
    case Kind::Strncpy:
    case Kind::Stpncpy:
    case Kind::Strncat:
      return FunctionType::get(Ptr, {Ptr, Ptr, Ptr, Size}, false);
    }
    llvm_unreachable("bad kind");
  }

  /// Whether the function writes through its first argument (it then gets
  /// a write site, every other pointer argument a read site).
  static bool writesFirst(Kind K) {
    return K == Kind::Strcpy || K == Kind::Stpcpy || K == Kind::Strcat ||
           K == Kind::Strncpy || K == Kind::Stpncpy || K == Kind::Strncat ||
           K == Kind::Memccpy;
  }

  /// The C argument numbers of the pointers it accesses, each with its
  /// site's kind: the sited version takes one site per entry, in order.
  SmallVector<std::pair<unsigned, __ame_site_kind>, 2> siteArgs(Kind K) {
    SmallVector<std::pair<unsigned, __ame_site_kind>, 2> Out;
    FunctionType *Ty = txType(K);
    for (unsigned I = 1; I < Ty->getNumParams(); ++I)
      if (Ty->getParamType(I)->isPointerTy())
        Out.push_back(
            {I - 1, I == 1 && writesFirst(K) ? AME_SITE_WRITE : AME_SITE_READ});
    return Out;
  }

  /// __ame_tx_<name>.at(tx, C arguments..., sites...): the barriers of
  /// each pointer argument name the caller's site for it, so the conflict
  /// profiler points at the call (a null site reads as unknown code).
  Function *createSited(Kind K, StringRef Name) {
    FunctionType *Ty = txType(K);
    SmallVector<Type *, 6> Params(Ty->params());
    Params.append(siteArgs(K).size(), Ptr);
    Function *F = Function::Create(
        FunctionType::get(Ty->getReturnType(), Params, false),
        GlobalValue::InternalLinkage, "__ame_tx_" + Name + ".at", M);
    F->addFnAttr(Attribute::NoUnwind);
    BasicBlock *Entry = BasicBlock::Create(C, "entry", F);
    IRBuilder<> B(Entry);
    Value *Tx = F->getArg(0);
    auto Arg = [&](unsigned I) { return F->getArg(I + 1); };
    Value *Site0 = F->getArg(Ty->getNumParams());
    Value *Site1 = F->arg_size() > Ty->getNumParams() + 1
                       ? F->getArg(Ty->getNumParams() + 1)
                       : nullptr;
    switch (K) {
    case Kind::Memcmp:
      compareLoop(B, F, Tx, Arg(0), Arg(1), Site0, Site1, Arg(2),
                  /*StopAtNul=*/false);
      break;
    case Kind::Strcmp:
      compareLoop(B, F, Tx, Arg(0), Arg(1), Site0, Site1, nullptr,
                  /*StopAtNul=*/true);
      break;
    case Kind::Strncmp:
      compareLoop(B, F, Tx, Arg(0), Arg(1), Site0, Site1, Arg(2),
                  /*StopAtNul=*/true);
      break;
    case Kind::Memchr:
      findLoop(B, F, Tx, Arg(0), Site0, Arg(1), Arg(2), /*StopAtNul=*/false);
      break;
    case Kind::Strchr:
      findLoop(B, F, Tx, Arg(0), Site0, Arg(1), nullptr, /*StopAtNul=*/true);
      break;
    case Kind::Memrchr:
      findLastLoop(B, F, Tx, Arg(0), Site0, Arg(1), Arg(2));
      break;
    case Kind::Memccpy:
      findLoop(B, F, Tx, Arg(1), Site1, Arg(2), Arg(3), /*StopAtNul=*/false,
               Arg(0), Site0);
      break;
    case Kind::Strlen:
      B.CreateRet(strlen(B, F, Tx, Arg(0), Site0));
      break;
    case Kind::Strcpy:
      copyString(B, F, Tx, Arg(0), Arg(1), Site0, Site1);
      B.CreateRet(Arg(0));
      break;
    case Kind::Stpcpy: {
      // Where the NUL went.
      Value *Len = copyString(B, F, Tx, Arg(0), Arg(1), Site0, Site1);
      B.CreateRet(B.CreateGEP(I8, Arg(0), Len));
      break;
    }
    case Kind::Strcat: {
      Value *End = B.CreateGEP(I8, Arg(0), strlen(B, F, Tx, Arg(0), Site0));
      copyString(B, F, Tx, End, Arg(1), Site0, Site1);
      B.CreateRet(Arg(0));
      break;
    }
    case Kind::Strnlen:
      B.CreateRet(strlen(B, F, Tx, Arg(0), Site0, Arg(1)));
      break;
    case Kind::Strncpy:
    case Kind::Stpncpy: {
      // The string's first n bytes, then NULs up to n; stpncpy returns the
      // first of those NULs, or the end when there is none.
      Value *Len = strlen(B, F, Tx, Arg(1), Site1, Arg(2));
      B.CreateCall(Abi.get(Abi_memcpy), {Tx, Arg(0), Arg(1), Len, Site0});
      Value *End = B.CreateGEP(I8, Arg(0), Len);
      B.CreateCall(Abi.get(Abi_memset), {Tx, End, ConstantInt::get(I32, 0),
                                         B.CreateSub(Arg(2), Len), Site0});
      B.CreateRet(K == Kind::Stpncpy ? End : Arg(0));
      break;
    }
    case Kind::Strncat: {
      // At most n bytes of the string after the destination's, then a NUL.
      Value *End = B.CreateGEP(I8, Arg(0), strlen(B, F, Tx, Arg(0), Site0));
      Value *Len = strlen(B, F, Tx, Arg(1), Site1, Arg(2));
      B.CreateCall(Abi.get(Abi_memcpy), {Tx, End, Arg(1), Len, Site0});
      B.CreateCall(Abi.store(1), {Tx, B.CreateGEP(I8, End, Len),
                                  ConstantInt::get(I8, 0), Site0});
      B.CreateRet(Arg(0));
      break;
    }
    }
    return F;
  }

  /// __ame_tx_<name>(tx, C arguments...), a transactional clone's
  /// signature, for calls through a pointer to the libc function: it
  /// passes null sites, since no call site is known there.
  Function *createPlain(Kind K, StringRef Name, Function *Sited) {
    Function *F = Function::Create(txType(K), GlobalValue::InternalLinkage,
                                   "__ame_tx_" + Name, M);
    F->addFnAttr(Attribute::NoUnwind);
    IRBuilder<> B(BasicBlock::Create(C, "entry", F));
    SmallVector<Value *, 6> Args;
    for (Argument &A : F->args())
      Args.push_back(&A);
    Args.append(siteArgs(K).size(),
                ConstantPointerNull::get(cast<PointerType>(Ptr)));
    CallInst *Call = B.CreateCall(Sited, Args);
    B.CreateRet(Call);
    return F;
  }

  Value *loadByte(IRBuilder<> &B, Value *Tx, Value *Base, Value *I,
                  Value *Site) {
    return B.CreateCall(Abi.load(1), {Tx, B.CreateGEP(I8, Base, I), Site});
  }

  /// for (i = 0; i != Max; i++) if (s[i] == 0) break; then i (no bound
  /// without Max; leaves B after the loop). s[Max] is never read.
  Value *strlen(IRBuilder<> &B, Function *F, Value *Tx, Value *S, Value *Site,
                Value *Max = nullptr) {
    BasicBlock *Pre = B.GetInsertBlock();
    BasicBlock *Loop = BasicBlock::Create(C, "strlen.loop", F);
    BasicBlock *Body = Max ? BasicBlock::Create(C, "strlen.body", F) : Loop;
    BasicBlock *Done = BasicBlock::Create(C, "strlen.done", F);
    B.CreateBr(Loop);
    B.SetInsertPoint(Loop);
    PHINode *I = B.CreatePHI(Size, 2, "i");
    I->addIncoming(ConstantInt::get(Size, 0), Pre);
    if (Max) {
      B.CreateCondBr(B.CreateICmpEQ(I, Max), Done, Body);
      B.SetInsertPoint(Body);
    }
    Value *Ch = loadByte(B, Tx, S, I, Site);
    I->addIncoming(B.CreateAdd(I, ConstantInt::get(Size, 1)), Body);
    B.CreateCondBr(B.CreateICmpEQ(Ch, ConstantInt::get(I8, 0)), Done, Loop);
    B.SetInsertPoint(Done); // from the bound (i == Max) or a NUL at i
    return I;
  }

  /// __ame_memcpy(tx, d, s, strlen(s) + 1); returns strlen(s).
  Value *copyString(IRBuilder<> &B, Function *F, Value *Tx, Value *D, Value *S,
                    Value *SiteD, Value *SiteS) {
    Value *Len = strlen(B, F, Tx, S, SiteS);
    Value *N = B.CreateAdd(Len, ConstantInt::get(Size, 1));
    B.CreateCall(Abi.get(Abi_memcpy), {Tx, D, S, N, SiteD});
    return Len;
  }

  /// Byte-wise comparison returning a[i] - b[i] at the first difference;
  /// N bounds the length (if given), StopAtNul ends at a common NUL.
  void compareLoop(IRBuilder<> &B, Function *F, Value *Tx, Value *A, Value *Bp,
                   Value *SiteA, Value *SiteB, Value *N, bool StopAtNul) {
    BasicBlock *Entry = B.GetInsertBlock();
    BasicBlock *Loop = BasicBlock::Create(C, "loop", F);
    BasicBlock *Body = BasicBlock::Create(C, "body", F);
    BasicBlock *Differ = BasicBlock::Create(C, "differ", F);
    BasicBlock *Same = BasicBlock::Create(C, "same", F);
    BasicBlock *Next = BasicBlock::Create(C, "next", F);
    B.CreateBr(Loop);
    B.SetInsertPoint(Loop);
    PHINode *I = B.CreatePHI(Size, 2, "i");
    I->addIncoming(ConstantInt::get(Size, 0), Entry);
    if (N)
      B.CreateCondBr(B.CreateICmpEQ(I, N), Same, Body);
    else
      B.CreateBr(Body);
    B.SetInsertPoint(Body);
    Value *X = loadByte(B, Tx, A, I, SiteA), *Y = loadByte(B, Tx, Bp, I, SiteB);
    B.CreateCondBr(B.CreateICmpNE(X, Y), Differ, Next);
    B.SetInsertPoint(Next);
    I->addIncoming(B.CreateAdd(I, ConstantInt::get(Size, 1)), Next);
    if (StopAtNul)
      B.CreateCondBr(B.CreateICmpEQ(X, ConstantInt::get(I8, 0)), Same, Loop);
    else
      B.CreateBr(Loop);
    B.SetInsertPoint(Differ);
    B.CreateRet(B.CreateSub(B.CreateZExt(X, I32), B.CreateZExt(Y, I32)));
    B.SetInsertPoint(Same);
    B.CreateRet(ConstantInt::get(I32, 0));
  }

  /// The address of the first byte equal to (unsigned char)Ch, or null; N
  /// bounds the search (memchr), StopAtNul ends it after the NUL (strchr,
  /// which also finds the NUL itself when Ch is 0). With CopyTo (memccpy),
  /// each byte read is also written there (at CopyToSite), and a byte found
  /// gives the address after its copy.
  void findLoop(IRBuilder<> &B, Function *F, Value *Tx, Value *S, Value *Site,
                Value *Ch, Value *N, bool StopAtNul, Value *CopyTo = nullptr,
                Value *CopyToSite = nullptr) {
    BasicBlock *Entry = B.GetInsertBlock();
    BasicBlock *Loop = BasicBlock::Create(C, "loop", F);
    BasicBlock *Body = BasicBlock::Create(C, "body", F);
    BasicBlock *Found = BasicBlock::Create(C, "found", F);
    BasicBlock *Missing = BasicBlock::Create(C, "missing", F);
    BasicBlock *Next = BasicBlock::Create(C, "next", F);
    Value *Want = B.CreateTrunc(Ch, I8);
    B.CreateBr(Loop);
    B.SetInsertPoint(Loop);
    PHINode *I = B.CreatePHI(Size, 2, "i");
    I->addIncoming(ConstantInt::get(Size, 0), Entry);
    if (N)
      B.CreateCondBr(B.CreateICmpEQ(I, N), Missing, Body);
    else
      B.CreateBr(Body);
    B.SetInsertPoint(Body);
    Value *X = loadByte(B, Tx, S, I, Site);
    if (CopyTo)
      B.CreateCall(Abi.store(1), {Tx, B.CreateGEP(I8, CopyTo, I), X, CopyToSite});
    Value *After = B.CreateAdd(I, ConstantInt::get(Size, 1));
    B.CreateCondBr(B.CreateICmpEQ(X, Want), Found, Next);
    B.SetInsertPoint(Next);
    I->addIncoming(After, Next);
    if (StopAtNul)
      B.CreateCondBr(B.CreateICmpEQ(X, ConstantInt::get(I8, 0)), Missing, Loop);
    else
      B.CreateBr(Loop);
    B.SetInsertPoint(Found);
    B.CreateRet(CopyTo ? B.CreateGEP(I8, CopyTo, After) : B.CreateGEP(I8, S, I));
    B.SetInsertPoint(Missing);
    B.CreateRet(ConstantPointerNull::get(cast<PointerType>(Ptr)));
  }

  /// memrchr: the address of the last of the first N bytes equal to
  /// (unsigned char)Ch, or null; reads from the end backwards.
  void findLastLoop(IRBuilder<> &B, Function *F, Value *Tx, Value *S,
                    Value *Site, Value *Ch, Value *N) {
    BasicBlock *Entry = B.GetInsertBlock();
    BasicBlock *Loop = BasicBlock::Create(C, "loop", F);
    BasicBlock *Body = BasicBlock::Create(C, "body", F);
    BasicBlock *Found = BasicBlock::Create(C, "found", F);
    BasicBlock *Missing = BasicBlock::Create(C, "missing", F);
    Value *Want = B.CreateTrunc(Ch, I8);
    B.CreateBr(Loop);
    B.SetInsertPoint(Loop);
    PHINode *Left = B.CreatePHI(Size, 2, "left");
    Left->addIncoming(N, Entry);
    B.CreateCondBr(B.CreateICmpEQ(Left, ConstantInt::get(Size, 0)), Missing,
                   Body);
    B.SetInsertPoint(Body);
    Value *I = B.CreateSub(Left, ConstantInt::get(Size, 1), "i");
    Value *X = loadByte(B, Tx, S, I, Site);
    Left->addIncoming(I, Body);
    B.CreateCondBr(B.CreateICmpEQ(X, Want), Found, Loop);
    B.SetInsertPoint(Found);
    B.CreateRet(B.CreateGEP(I8, S, I));
    B.SetInsertPoint(Missing);
    B.CreateRet(ConstantPointerNull::get(cast<PointerType>(Ptr)));
  }
};

} // namespace

/// The kind of libc function Name, if it has a transactional version and
/// FTy is its C signature.
static std::optional<Kind> kindOf(Builder &Bld, StringRef Name,
                                  FunctionType *FTy) {
  std::optional<Kind> K = StringSwitch<std::optional<Kind>>(Name)
                              .Cases("memcmp", "bcmp", Kind::Memcmp)
                              .Case("memchr", Kind::Memchr)
                              .Case("memrchr", Kind::Memrchr)
                              .Case("memccpy", Kind::Memccpy)
                              .Case("strlen", Kind::Strlen)
                              .Case("strcmp", Kind::Strcmp)
                              .Case("strncmp", Kind::Strncmp)
                              .Cases("strchr", "index", Kind::Strchr)
                              .Case("strcpy", Kind::Strcpy)
                              .Case("stpcpy", Kind::Stpcpy)
                              .Case("strcat", Kind::Strcat)
                              .Case("strnlen", Kind::Strnlen)
                              .Case("strncpy", Kind::Strncpy)
                              .Case("stpncpy", Kind::Stpncpy)
                              .Case("strncat", Kind::Strncat)
                              .Default(std::nullopt);
  if (!K)
    return std::nullopt;
  FunctionType *TxTy = Bld.txType(*K);
  // The call must have the C signature (minus tx).
  if (FTy->isVarArg() || FTy->getReturnType() != TxTy->getReturnType() ||
      FTy->getNumParams() + 1 != TxTy->getNumParams())
    return std::nullopt;
  for (unsigned I = 0; I < FTy->getNumParams(); ++I)
    if (FTy->getParamType(I) != TxTy->getParamType(I + 1))
      return std::nullopt;
  return K;
}

static Function *sitedVersion(Builder &Bld, Kind K, StringRef Name) {
  if (Function *F = Bld.M.getFunction(("__ame_tx_" + Name + ".at").str()))
    return F;
  return Bld.createSited(K, Name);
}

Function *ame::txLibcFunction(Module &M, AbiDecls &Abi, StringRef Name,
                              FunctionType *FTy) {
  Builder Bld(M, Abi);
  std::optional<Kind> K = kindOf(Bld, Name, FTy);
  if (!K)
    return nullptr;
  if (Function *F = M.getFunction(("__ame_tx_" + Name).str()))
    return F;
  return Bld.createPlain(*K, Name, sitedVersion(Bld, *K, Name));
}

std::optional<TxLibcSited> ame::txLibcSited(Module &M, AbiDecls &Abi,
                                            StringRef Name, FunctionType *FTy) {
  Builder Bld(M, Abi);
  std::optional<Kind> K = kindOf(Bld, Name, FTy);
  if (!K)
    return std::nullopt;
  return TxLibcSited{sitedVersion(Bld, *K, Name), Bld.siteArgs(*K)};
}
