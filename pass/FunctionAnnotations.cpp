//===- FunctionAnnotations.cpp - annotate attributes on functions ---------===//
//
// clang lists every `annotate` attribute on a function, declaration or
// definition, in llvm.global.annotations: AME_ATOMIC (RegionFinder) and
// AME_SAFE (SafeCallees) are read from there.
//
//   for (const ame::FunctionAnnotation &A : ame::functionAnnotations(M)) ...
//===----------------------------------------------------------------------===//
#include "Common.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

std::vector<ame::FunctionAnnotation> ame::functionAnnotations(Module &M) {
  std::vector<FunctionAnnotation> Result;
  GlobalVariable *GA = M.getGlobalVariable("llvm.global.annotations");
  auto *Arr = GA && GA->hasInitializer()
                  ? dyn_cast<ConstantArray>(GA->getInitializer())
                  : nullptr;
  if (!Arr)
    return Result;
  for (Value *Op : Arr->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(Op);
    if (!Entry || Entry->getNumOperands() < 4)
      continue;
    FunctionAnnotation A;
    A.F = dyn_cast<Function>(Entry->getOperand(0)->stripPointerCasts());
    if (!A.F || !getConstantStringInfo(Entry->getOperand(1), A.Tag))
      continue;
    getConstantStringInfo(Entry->getOperand(2), A.File);
    if (auto *CI = dyn_cast<ConstantInt>(Entry->getOperand(3)))
      A.Line = (unsigned)CI->getZExtValue();
    Result.push_back(A);
  }
  return Result;
}
