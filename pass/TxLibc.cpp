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
  Strlen,
  Strcmp,
  Strncmp,
  Strchr,
  Strcpy,
  Strcat,
  Strnlen,
  Strncpy,
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
      return FunctionType::get(Ptr, {Ptr, Ptr, I32, Size}, false);
    case Kind::Strlen:
      return FunctionType::get(Size, {Ptr, Ptr}, false);
    case Kind::Strcmp:
      return FunctionType::get(I32, {Ptr, Ptr, Ptr}, false);
    case Kind::Strncmp:
      return FunctionType::get(I32, {Ptr, Ptr, Ptr, Size}, false);
    case Kind::Strchr:
      return FunctionType::get(Ptr, {Ptr, Ptr, I32}, false);
    case Kind::Strcpy:
    case Kind::Strcat:
      return FunctionType::get(Ptr, {Ptr, Ptr, Ptr}, false);
    case Kind::Strnlen:
      return FunctionType::get(Size, {Ptr, Ptr, Size}, false);
    case Kind::Strncpy:
    case Kind::Strncat:
      return FunctionType::get(Ptr, {Ptr, Ptr, Ptr, Size}, false);
    }
    llvm_unreachable("bad kind");
  }

  Function *create(Kind K, StringRef Name) {
    Function *F = Function::Create(txType(K), GlobalValue::InternalLinkage,
                                   "__ame_tx_" + Name, M);
    F->addFnAttr(Attribute::NoUnwind);
    BasicBlock *Entry = BasicBlock::Create(C, "entry", F);
    IRBuilder<> B(Entry);
    Value *Tx = F->getArg(0);
    auto Arg = [&](unsigned I) { return F->getArg(I + 1); };
    switch (K) {
    case Kind::Memcmp:
      compareLoop(B, F, Tx, Arg(0), Arg(1), Arg(2), /*StopAtNul=*/false);
      break;
    case Kind::Strcmp:
      compareLoop(B, F, Tx, Arg(0), Arg(1), nullptr, /*StopAtNul=*/true);
      break;
    case Kind::Strncmp:
      compareLoop(B, F, Tx, Arg(0), Arg(1), Arg(2), /*StopAtNul=*/true);
      break;
    case Kind::Memchr:
      findLoop(B, F, Tx, Arg(0), Arg(1), Arg(2), /*StopAtNul=*/false);
      break;
    case Kind::Strchr:
      findLoop(B, F, Tx, Arg(0), Arg(1), nullptr, /*StopAtNul=*/true);
      break;
    case Kind::Strlen:
      B.CreateRet(strlen(B, F, Tx, Arg(0)));
      break;
    case Kind::Strcpy:
      copyString(B, F, Tx, Arg(0), Arg(1));
      B.CreateRet(Arg(0));
      break;
    case Kind::Strcat: {
      Value *End = B.CreateGEP(I8, Arg(0), strlen(B, F, Tx, Arg(0)));
      copyString(B, F, Tx, End, Arg(1));
      B.CreateRet(Arg(0));
      break;
    }
    case Kind::Strnlen:
      B.CreateRet(strlen(B, F, Tx, Arg(0), Arg(1)));
      break;
    case Kind::Strncpy: {
      // The string's first n bytes, then NULs up to n.
      Value *Len = strlen(B, F, Tx, Arg(1), Arg(2));
      B.CreateCall(Abi.get(Abi_memcpy), {Tx, Arg(0), Arg(1), Len, noSite()});
      B.CreateCall(Abi.get(Abi_memset),
                   {Tx, B.CreateGEP(I8, Arg(0), Len), ConstantInt::get(I32, 0),
                    B.CreateSub(Arg(2), Len), noSite()});
      B.CreateRet(Arg(0));
      break;
    }
    case Kind::Strncat: {
      // At most n bytes of the string after the destination's, then a NUL.
      Value *End = B.CreateGEP(I8, Arg(0), strlen(B, F, Tx, Arg(0)));
      Value *Len = strlen(B, F, Tx, Arg(1), Arg(2));
      B.CreateCall(Abi.get(Abi_memcpy), {Tx, End, Arg(1), Len, noSite()});
      B.CreateCall(Abi.store(1), {Tx, B.CreateGEP(I8, End, Len),
                                  ConstantInt::get(I8, 0), noSite()});
      B.CreateRet(Arg(0));
      break;
    }
    }
    return F;
  }

  /// The C library's accesses have no source site of the program's.
  Constant *noSite() { return ConstantPointerNull::get(PointerType::getUnqual(C)); }

  Value *loadByte(IRBuilder<> &B, Value *Tx, Value *Base, Value *I) {
    return B.CreateCall(Abi.load(1),
                        {Tx, B.CreateGEP(I8, Base, I), noSite()});
  }

  /// for (i = 0; i != Max; i++) if (s[i] == 0) break; then i (no bound
  /// without Max; leaves B after the loop). s[Max] is never read.
  Value *strlen(IRBuilder<> &B, Function *F, Value *Tx, Value *S,
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
    Value *Ch = loadByte(B, Tx, S, I);
    I->addIncoming(B.CreateAdd(I, ConstantInt::get(Size, 1)), Body);
    B.CreateCondBr(B.CreateICmpEQ(Ch, ConstantInt::get(I8, 0)), Done, Loop);
    B.SetInsertPoint(Done); // from the bound (i == Max) or a NUL at i
    return I;
  }

  /// __ame_memcpy(tx, d, s, strlen(s) + 1)
  void copyString(IRBuilder<> &B, Function *F, Value *Tx, Value *D, Value *S) {
    Value *N = B.CreateAdd(strlen(B, F, Tx, S), ConstantInt::get(Size, 1));
    B.CreateCall(Abi.get(Abi_memcpy), {Tx, D, S, N, noSite()});
  }

  /// Byte-wise comparison returning a[i] - b[i] at the first difference;
  /// N bounds the length (if given), StopAtNul ends at a common NUL.
  void compareLoop(IRBuilder<> &B, Function *F, Value *Tx, Value *A, Value *Bp,
                   Value *N, bool StopAtNul) {
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
    Value *X = loadByte(B, Tx, A, I), *Y = loadByte(B, Tx, Bp, I);
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
  /// which also finds the NUL itself when Ch is 0).
  void findLoop(IRBuilder<> &B, Function *F, Value *Tx, Value *S, Value *Ch,
                Value *N, bool StopAtNul) {
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
    Value *X = loadByte(B, Tx, S, I);
    B.CreateCondBr(B.CreateICmpEQ(X, Want), Found, Next);
    B.SetInsertPoint(Next);
    I->addIncoming(B.CreateAdd(I, ConstantInt::get(Size, 1)), Next);
    if (StopAtNul)
      B.CreateCondBr(B.CreateICmpEQ(X, ConstantInt::get(I8, 0)), Missing, Loop);
    else
      B.CreateBr(Loop);
    B.SetInsertPoint(Found);
    B.CreateRet(B.CreateGEP(I8, S, I));
    B.SetInsertPoint(Missing);
    B.CreateRet(ConstantPointerNull::get(cast<PointerType>(Ptr)));
  }
};

} // namespace

Function *ame::txLibcFunction(Module &M, AbiDecls &Abi, StringRef Name,
                              FunctionType *FTy) {
  std::optional<Kind> K = StringSwitch<std::optional<Kind>>(Name)
                              .Cases("memcmp", "bcmp", Kind::Memcmp)
                              .Case("memchr", Kind::Memchr)
                              .Case("strlen", Kind::Strlen)
                              .Case("strcmp", Kind::Strcmp)
                              .Case("strncmp", Kind::Strncmp)
                              .Cases("strchr", "index", Kind::Strchr)
                              .Case("strcpy", Kind::Strcpy)
                              .Case("strcat", Kind::Strcat)
                              .Case("strnlen", Kind::Strnlen)
                              .Case("strncpy", Kind::Strncpy)
                              .Case("strncat", Kind::Strncat)
                              .Default(std::nullopt);
  if (!K)
    return nullptr;
  Builder Bld(M, Abi);
  FunctionType *TxTy = Bld.txType(*K);
  // The call must have the C signature (minus tx).
  if (FTy->isVarArg() || FTy->getReturnType() != TxTy->getReturnType() ||
      FTy->getNumParams() + 1 != TxTy->getNumParams())
    return nullptr;
  for (unsigned I = 0; I < FTy->getNumParams(); ++I)
    if (FTy->getParamType(I) != TxTy->getParamType(I + 1))
      return nullptr;
  std::string Sym = ("__ame_tx_" + Name).str();
  if (Function *F = M.getFunction(Sym))
    return F;
  return Bld.create(*K, Name);
}
