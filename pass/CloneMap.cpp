//===- CloneMap.cpp - Find transactional clones through pointers ----------===//
//
// The pairs are registered by a constructor of the module rather than
// gathered by the linker into a section: the runtime then holds the pairs of
// every loaded executable and shared object in one table, and a module's
// destructor takes them out again when dlclose unloads it.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-instrument -S in.ll
//===----------------------------------------------------------------------===//
#include "CloneMap.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

/// void <Name>(void) { Fn(@Map, N); }, internal.
static Function *makeRegistrar(Module &M, StringRef Name, FunctionCallee Fn,
                               GlobalVariable *Map, uint64_t N,
                               Type *SizeTy) {
  LLVMContext &C = M.getContext();
  Function *F = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                 GlobalValue::InternalLinkage, Name, M);
  F->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(C, "entry", F));
  B.CreateCall(Fn, {Map, ConstantInt::get(SizeTy, N)});
  B.CreateRetVoid();
  return F;
}

void ame::emitCloneMap(Module &M, AbiDecls &Abi,
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
  GV->setAlignment(Align(8));
  appendToGlobalCtors(M,
                      makeRegistrar(M, ".ame.clones_register",
                                    Abi.get(Abi_clones_register), GV,
                                    Entries.size(), Abi.sizeType()),
                      /*Priority=*/65535);
  appendToGlobalDtors(M,
                      makeRegistrar(M, ".ame.clones_unregister",
                                    Abi.get(Abi_clones_unregister), GV,
                                    Entries.size(), Abi.sizeType()),
                      /*Priority=*/65535);
}
