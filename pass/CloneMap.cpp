//===- CloneMap.cpp - Find transactional clones through pointers ----------===//
//
// The linker concatenates the "ame_clone_map" sections of all objects of an
// executable or shared library and defines __start_/__stop_ame_clone_map
// around them (hidden, so each DSO scans its own map; a target in another DSO
// is not found and the call runs inevitably, which is always safe).
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-instrument -S in.ll
//===----------------------------------------------------------------------===//
#include "CloneMap.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

static constexpr const char *Section = "ame_clone_map";

void ame::emitCloneMap(Module &M,
                       ArrayRef<std::pair<Function *, Function *>> Pairs) {
  if (Pairs.empty())
    return;
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  StructType *EntryTy = StructType::get(C, {Ptr, Ptr});
  SmallVector<Constant *, 16> Entries;
  for (auto &[Orig, Clone] : Pairs)
    Entries.push_back(ConstantStruct::get(EntryTy, {Orig, Clone}));
  ArrayType *Ty = ArrayType::get(EntryTy, Entries.size());
  auto *GV = new GlobalVariable(
      M, Ty, /*isConstant=*/true, GlobalValue::InternalLinkage,
      ConstantArray::get(Ty, Entries), ".ame.clone_map");
  GV->setSection(Section);
  GV->setAlignment(Align(8));
  appendToCompilerUsed(M, {GV});
}

Function *ame::findCloneFn(Module &M) {
  const char *Name = "__ame_find_clone";
  if (Function *F = M.getFunction(Name))
    return F;
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  auto Bound = [&](const char *N) {
    auto *GV = cast<GlobalVariable>(M.getOrInsertGlobal(N, Type::getInt8Ty(C)));
    GV->setLinkage(GlobalValue::ExternalWeakLinkage);
    GV->setVisibility(GlobalValue::HiddenVisibility);
    return GV;
  };
  GlobalVariable *Start = Bound("__start_ame_clone_map");
  GlobalVariable *Stop = Bound("__stop_ame_clone_map");

  Function *F = Function::Create(FunctionType::get(Ptr, {Ptr}, false),
                                 GlobalValue::InternalLinkage, Name, M);
  F->addFnAttr(Attribute::NoUnwind);
  Argument *Fn = F->getArg(0);
  Fn->setName("fn");
  BasicBlock *Entry = BasicBlock::Create(C, "entry", F);
  BasicBlock *Loop = BasicBlock::Create(C, "loop", F);
  BasicBlock *Body = BasicBlock::Create(C, "body", F);
  BasicBlock *Found = BasicBlock::Create(C, "found", F);
  BasicBlock *Next = BasicBlock::Create(C, "next", F);
  BasicBlock *Missing = BasicBlock::Create(C, "missing", F);
  IRBuilder<> B(Entry);
  B.CreateBr(Loop);
  B.SetInsertPoint(Loop);
  PHINode *P = B.CreatePHI(Ptr, 2, "cur");
  P->addIncoming(Start, Entry);
  B.CreateCondBr(B.CreateICmpULT(P, Stop), Body, Missing);
  B.SetInsertPoint(Body);
  Value *Key = B.CreateAlignedLoad(Ptr, P, Align(8), "key");
  B.CreateCondBr(B.CreateICmpEQ(Key, Fn), Found, Next);
  B.SetInsertPoint(Found);
  B.CreateRet(B.CreateAlignedLoad(
      Ptr, B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), P, 8), Align(8),
      "clone"));
  B.SetInsertPoint(Next);
  Value *NextP = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), P, 16);
  P->addIncoming(NextP, Next);
  B.CreateBr(Loop);
  B.SetInsertPoint(Missing);
  B.CreateRet(ConstantPointerNull::get(cast<PointerType>(Ptr)));
  return F;
}
