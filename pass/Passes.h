//===- Passes.h - The AME passes --------------------------------*- C++ -*-===//
//
// The three module passes of the plugin, in pipeline order:
//   ame-regions          (PipelineStart) outline regions, build thunks
//   ame-instrument       (OptimizerLast) clone, rewrite calls, instrument
//   ame-inline-fastpath  (OptimizerLast) link + inline barrier fast paths
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame in.ll   (all three)
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_PASSES_H
#define AME_PASS_PASSES_H

#include "Options.h"

#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"

namespace ame {

struct RegionsPass : llvm::PassInfoMixin<RegionsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

struct InstrumentPass : llvm::PassInfoMixin<InstrumentPass> {
  explicit InstrumentPass(Options O) : Opts(std::move(O)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  Options Opts;
};

struct InlineFastPathPass : llvm::PassInfoMixin<InlineFastPathPass> {
  InlineFastPathPass(Options O, llvm::OptimizationLevel Level)
      : Opts(std::move(O)), Level(Level) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  Options Opts;
  llvm::OptimizationLevel Level;
};

/// Tags accesses to AME_IMMUTABLE fields and AME_IMMUTABLE_TYPE structs and
/// removes their annotations (PipelineStart; part of ame-regions, before
/// tagFieldAnnotations). Returns true if it changed the IR.
bool findImmutableAccesses(llvm::Module &M);

/// Tags accesses through AME_IMMUTABLE / AME_REFCOUNT fields (PipelineStart;
/// part of ame-regions). Returns true if it changed the IR.
bool tagFieldAnnotations(llvm::Module &M);

} // namespace ame

#endif
