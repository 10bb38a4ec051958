//===- Sites.cpp - struct __ame_site constants ----------------------------===//
//
// Private constant {ptr file, ptr function, i32 line, i32 column, ptr detail,
// i32 kind} globals named ".ame.site", and their strings. The strings are
// given as offsets from the site (kind | AME_SITE_RELATIVE), which need no
// relocation when the program loads.
//
//   ame::SiteBuilder(M, Abi).get("a.c", "f", 5, 0, "")
//===----------------------------------------------------------------------===//
#include "Sites.h"
#include "Common.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"

using namespace llvm;
using namespace ame;

Constant *SiteBuilder::string(StringRef S) {
  auto It = Strings.find(S);
  if (It != Strings.end())
    return It->second;
  Constant *Init = ConstantDataArray::getString(M.getContext(), S);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init, ".ame.str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  Strings[S] = GV;
  return GV;
}

GlobalVariable *SiteBuilder::get(StringRef File, StringRef Function,
                                 unsigned Line, unsigned Column,
                                 StringRef Detail, __ame_site_kind Kind) {
  auto Key = std::make_tuple(File.str(), Function.str(), Line, Column,
                             Detail.str(), unsigned(Kind));
  auto It = Sites.find(Key);
  if (It != Sites.end())
    return It->second;
  LLVMContext &C = M.getContext();
  Type *I32 = Type::getInt32Ty(C);
  Constant *FileS = string(File), *FunctionS = string(Function);
  Constant *DetailS = Detail.empty() ? nullptr : string(Detail);
  // Before its initializer, which refers to it.
  auto *GV =
      new GlobalVariable(M, Abi.siteType(), /*isConstant=*/true,
                         GlobalValue::PrivateLinkage, nullptr, ".ame.site");
  GV->setAlignment(Align(8));
  // The string's offset from the site, in a pointer field
  // (AME_SITE_RELATIVE): the linker resolves it, the loader has nothing to
  // relocate.
  Type *IntPtr = M.getDataLayout().getIntPtrType(C);
  PointerType *Ptr = PointerType::getUnqual(C);
  auto Offset = [&](Constant *Str) {
    return ConstantExpr::getIntToPtr(
        ConstantExpr::getSub(ConstantExpr::getPtrToInt(Str, IntPtr),
                             ConstantExpr::getPtrToInt(GV, IntPtr)),
        Ptr);
  };
  Constant *DetailC = DetailS ? Offset(DetailS) : ConstantPointerNull::get(Ptr);
  GV->setInitializer(ConstantStruct::get(
      Abi.siteType(),
      {Offset(FileS), Offset(FunctionS), ConstantInt::get(I32, Line),
       ConstantInt::get(I32, Column), DetailC,
       ConstantInt::get(I32, unsigned(Kind) | AME_SITE_RELATIVE)}));
  Sites[Key] = GV;
  return GV;
}

GlobalVariable *SiteBuilder::forCall(const Instruction &I, StringRef Detail,
                                     __ame_site_kind Kind) {
  const Function &F = *I.getFunction();
  if (const DILocation *Loc = I.getDebugLoc().get())
    return get(Loc->getFilename(), sourceName(F), Loc->getLine(),
               Loc->getColumn(), Detail, Kind);
  // Without debug info the ABI says: file "" and line 0.
  return get("", sourceName(F), 0, 0, Detail, Kind);
}

GlobalVariable *SiteBuilder::forAccess(const Instruction &I, const Value *Ptr,
                                      __ame_site_kind Kind) {
  return forCall(I, Names.name(I, Ptr), Kind);
}

void ame::placeSitesBesideUsers(Module &M) {
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.hasPrivateLinkage() || GV.hasSection() ||
        !GV.getName().starts_with(".ame.site"))
      continue;
    const Function *Only = nullptr;
    bool One = true;
    // Constant users are the site's own initializer (its strings' offsets
    // from it). The linker keeps whatever a kept section refers to, so a
    // site in the wrong section costs bytes, never correctness.
    for (const User *U : GV.users()) {
      if (isa<Constant>(U))
        continue;
      const auto *I = dyn_cast<Instruction>(U);
      const Function *F = I ? I->getFunction() : nullptr;
      if (!F || (Only && F != Only)) {
        One = false;
        break;
      }
      Only = F;
    }
    if (!One || !Only || !Only->getSection().starts_with(".text."))
      continue;
    GV.setSection((".rodata." + Only->getSection().substr(6)).str());
  }
}

std::string ame::sourceName(const Function &F) {
  StringRef N = F.getName();
  if (const DISubprogram *SP = F.getSubprogram())
    if (!SP->getName().empty())
      N = SP->getName();
  // CodeExtractor names the outlined body "<fn>.ame.body"; clones and
  // thunks get ".ame.tx" / ".ame.region".
  return N.substr(0, N.find(".ame.")).str();
}

void ame::copyCallLoc(Instruction &New, const Instruction &Orig) {
  if (DebugLoc DL = Orig.getDebugLoc()) {
    New.setDebugLoc(DL);
    return;
  }
  if (DISubprogram *SP = New.getFunction()->getSubprogram())
    New.setDebugLoc(DILocation::get(New.getContext(), 0, 0, SP));
}

void ame::forwardCall(Function &Wrapper, Function &Callee, unsigned Skip) {
  IRBuilder<> B(BasicBlock::Create(Wrapper.getContext(), "entry", &Wrapper));
  SmallVector<Value *, 6> Args;
  for (Argument &A : drop_begin(Wrapper.args(), Skip))
    Args.push_back(&A);
  CallInst *Call = B.CreateCall(&Callee, Args);
  if (Wrapper.getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(Call);
}

void ame::tag(Instruction &I, StringRef Kind) {
  I.setMetadata(Kind, MDNode::get(I.getContext(), {}));
}
