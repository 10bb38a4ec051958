//===- Plugin.cpp - AME pass plugin entry point ---------------------------===//
//
// Registers the AME passes with the new pass manager:
//   PipelineStart  -> ame-regions (outline atomic regions, before any
//                     optimization, at every -O level)
//   OptimizerLast  -> ame-instrument, then ame-inline-fastpath
// Both extension points also run in buildO0DefaultPipeline, and the passes
// are isRequired(), so optnone (-O0) functions are processed too. The names
// ame-regions, ame-instrument, ame-inline-fastpath and ame (all three) are
// available to opt -passes= for tests.
//
//   clang-19 -O2 -fpass-plugin=build/lib/AMEPass.so -Iinclude -c bank.c
//===----------------------------------------------------------------------===//
#include "Passes.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(ame::RegionsPass());
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        ame::Options Opts = ame::Options::fromCommandLine();
        MPM.addPass(ame::InstrumentPass(Opts));
        MPM.addPass(ame::InlineFastPathPass(Opts, Level));
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        ame::Options Opts = ame::Options::fromCommandLine();
        if (Name == "ame-regions" || Name == "ame")
          MPM.addPass(ame::RegionsPass());
        if (Name == "ame-instrument" || Name == "ame")
          MPM.addPass(ame::InstrumentPass(Opts));
        if (Name == "ame-inline-fastpath" || Name == "ame")
          MPM.addPass(ame::InlineFastPathPass(Opts, OptimizationLevel::O0));
        return Name == "ame" || Name == "ame-regions" ||
               Name == "ame-instrument" || Name == "ame-inline-fastpath";
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "AME", "0.1", registerCallbacks};
}
