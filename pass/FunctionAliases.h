//===- FunctionAliases.h - Alias analysis outside the pipeline --*- C++ -*-===//
//
// The alias analysis a pass plugin's own analyses ask about one function
// when they run outside the pass manager's: basic (over a dominator tree
// they may use too), scoped no-alias and type-based, as the default
// pipeline stacks them.
//
//   ame::FunctionAliases A(F);
//   A.AA.isNoAlias(LocA, LocB); A.DT.dominates(...);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_FUNCTIONALIASES_H
#define AME_PASS_FUNCTIONALIASES_H

#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/BasicAliasAnalysis.h"
#include "llvm/Analysis/ScopedNoAliasAA.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/TypeBasedAliasAnalysis.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace ame {

struct FunctionAliases {
  explicit FunctionAliases(llvm::Function &F)
      : TLII(llvm::Triple(F.getParent()->getTargetTriple())), TLI(TLII, &F),
        AC(F), DT(F), BAA(F.getDataLayout(), F, TLI, AC, &DT), AA(TLI) {
    AA.addAAResult(BAA);
    AA.addAAResult(SNA);
    AA.addAAResult(TBAA);
  }

  llvm::TargetLibraryInfoImpl TLII;
  llvm::TargetLibraryInfo TLI;
  llvm::AssumptionCache AC;
  llvm::DominatorTree DT;
  llvm::BasicAAResult BAA;
  llvm::ScopedNoAliasAAResult SNA;
  llvm::TypeBasedAAResult TBAA;
  llvm::AAResults AA;
};

} // namespace ame

#endif
