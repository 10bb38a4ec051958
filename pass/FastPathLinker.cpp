//===- FastPathLinker.cpp - Inline the barrier fast paths -----------------===//
//
// OptimizerLast, after ame-instrument (pass ame-inline-fastpath). Links the
// definitions of __ame_load_N/__ame_store_N from ame_fastpath.bc (next to the
// plugin, or -ame-fastpath-bc=<path>) into the module, makes them internal,
// inlines every call and deletes them. Everything else the bitcode defines
// is turned into a declaration first, so only the fast paths are copied and
// the slow paths stay in libame. Functions left unoptimized (optnone, as at
// -O0) keep the calls. At -O1 and above the changed functions get a small
// cleanup (EarlyCSE, InstCombine, SimplifyCFG).
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-inline-fastpath
//          -ame-fastpath-bc=build/lib/ame_fastpath.bc in.ll
//===----------------------------------------------------------------------===//
#include "AbiDecls.h"
#include "ColdBarrierCalls.h"
#include "Common.h"
#include "Passes.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <dlfcn.h>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumFastPathsInlined, "Barrier fast paths inlined");
STATISTIC(NumFastPathSkipped, "Modules whose fast paths were not inlined");
STATISTIC(NumFastPathCallsOptSize,
          "Barrier calls left out of line in functions optimized for size");
STATISTIC(NumFastPathCallsStraightLine,
          "Barrier calls left out of line outside loops of clones");
STATISTIC(NumFastPathCallsUnoptimized,
          "Barrier calls left out of line in optnone functions");

namespace {

/// ame_fastpath.bc in the directory of this plugin.
std::string defaultFastPathPath() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&defaultFastPathPath), &Info) ||
      !Info.dli_fname)
    return "";
  SmallString<256> Path(sys::path::parent_path(Info.dli_fname));
  sys::path::append(Path, "ame_fastpath.bc");
  return std::string(Path);
}

struct FastPathLinker {
  FastPathLinker(Module &M, const Options &Opts) : M(M), Opts(Opts) {}

  Module &M;
  const Options &Opts;
  SetVector<Function *> Changed;

  /// The first transactional function, to hang module-level remarks on.
  Function *anchor() {
    for (Function &F : M)
      if (isTxFunction(F) && !F.isDeclaration())
        return &F;
    return nullptr;
  }

  /// Loops of the clones whose barriers are being placed, built on demand
  /// (LoopInfo keeps nothing of the dominator tree it is built from).
  DenseMap<Function *, std::unique_ptr<LoopInfo>> Loops;

  bool inLoop(CallBase &CB) {
    Function *F = CB.getFunction();
    std::unique_ptr<LoopInfo> &LI = Loops[F];
    if (!LI)
      LI = std::make_unique<LoopInfo>(DominatorTree(*F));
    return LI->getLoopFor(CB.getParent()) != nullptr;
  }

  bool shouldInline(CallBase &CB) {
    Function *Caller = CB.getFunction();
    if (Caller->hasFnAttribute(OutlineBarriersAttr))
      return false;
    // Unoptimized code (optnone: every function at -O0) gets nothing from
    // inlining: the fast register allocator gives every value the fast path
    // keeps across its branches a stack slot of its own, so each barrier
    // grew the frame (a recursive clone's 40 bytes became 536), and the
    // calls to libame's optimized out-of-line barriers are faster too.
    if (Caller->hasOptNone()) {
      ++NumFastPathCallsUnoptimized;
      return false;
    }
    // -Os/-Oz: an inlined fast path is about 250 bytes of code, the call
    // about 20.
    if (Caller->hasOptSize()) {
      ++NumFastPathCallsOptSize;
      return false;
    }
    // Marked by the instrumenter: a barrier on a path that runs only when a
    // range check fails (OwnAllocations.cpp).
    if (CB.isNoInline())
      return false;
    // Blocks reach much of a program through calls: with every fast path
    // inlined, the clones were about 12 times the size of their originals.
    // A call costs a few cycles per access, which matters where accesses
    // repeat: in loops. Outside loops only a block's own accesses keep
    // their fast paths, not those of the functions it calls (inlined into
    // its thunk or not), which RegionsPass tagged.
    if (!Opts.InlineFastPathStraightLine && CB.hasMetadata(OutsideBlockMD) &&
        !inLoop(CB)) {
      ++NumFastPathCallsStraightLine;
      return false;
    }
    return true;
  }

  void skip(const Twine &Why) {
    ++NumFastPathSkipped;
    if (Function *F = anchor()) {
      OptimizationRemarkEmitter ORE(F);
      ORE.emit([&] {
        return OptimizationRemarkMissed(PassName, "FastPathNotInlined", F)
               << "barrier fast paths not inlined: " << Why.str();
      });
    }
  }

  bool run() {
    // Nothing to do unless the module calls a fast path.
    bool Uses = false;
    for (Function &F : M)
      if (F.isDeclaration() && AbiDecls::isFastPathName(F.getName()) &&
          !F.use_empty())
        Uses = true;
    if (!Uses)
      return false;
    std::string Path =
        Opts.FastPathBC.empty() ? defaultFastPathPath() : Opts.FastPathBC;
    if (Path.empty() || !sys::fs::exists(Path)) {
      skip("'" + Path + "' not found");
      return false;
    }
    SMDiagnostic Err;
    std::unique_ptr<Module> Src = parseIRFile(Path, Err, M.getContext());
    if (!Src) {
      skip("cannot read '" + Path + "': " + Err.getMessage());
      return false;
    }
    if (Src->getTargetTriple() != M.getTargetTriple() ||
        Src->getDataLayoutStr() != M.getDataLayoutStr()) {
      skip("'" + Path + "' was built for " + Src->getTargetTriple() +
           " and this module is " + M.getTargetTriple());
      return false;
    }
    // Keep only the fast paths (and internal helpers): the rest stays in
    // libame and must not be defined twice.
    for (Function &F : *Src)
      if (!F.isDeclaration() && !F.hasLocalLinkage() &&
          !AbiDecls::isFastPathName(F.getName()))
        F.deleteBody();
    for (GlobalVariable &GV : Src->globals())
      if (GV.hasInitializer() && !GV.hasLocalLinkage()) {
        GV.setInitializer(nullptr);
        GV.setLinkage(GlobalValue::ExternalLinkage);
        GV.setComdat(nullptr);
      }
    // The fast paths take none of the flags of the compilation that built
    // them: its "PIE Level" made a -fPIC shared library's module look like
    // an executable's, whose thread-local variables codegen then reaches
    // with the local- and initial-exec models, which a shared object cannot
    // use (or, for one loaded with dlopen, may not).
    if (NamedMDNode *Flags = Src->getModuleFlagsMetadata())
      Src->eraseNamedMetadata(Flags);
    if (Linker::linkModules(M, std::move(Src), Linker::LinkOnlyNeeded)) {
      skip("linking '" + Path + "' failed");
      return false;
    }
    SmallVector<Function *, 8> FastPaths;
    for (Function &F : M)
      if (!F.isDeclaration() && AbiDecls::isFastPathName(F.getName()))
        FastPaths.push_back(&F);
    // Every decision is taken on the CFGs as instrumented, before any
    // inlining adds blocks.
    SmallVector<CallBase *, 64> Calls;
    for (Function *FP : FastPaths) {
      FP->setLinkage(GlobalValue::InternalLinkage);
      for (User *U : FP->users())
        if (auto *CB = dyn_cast<CallBase>(U))
          if (CB->getCalledFunction() == FP && shouldInline(*CB))
            Calls.push_back(CB);
    }
    bool Any = false;
    for (CallBase *CB : Calls) {
      Function *Caller = CB->getFunction();
      InlineFunctionInfo IFI;
      if (InlineFunction(*CB, IFI).isSuccess()) {
        ++NumFastPathsInlined;
        Changed.insert(Caller);
        Any = true;
      }
    }
    for (Function *FP : FastPaths) {
      // Calls left out of line go to libame's definition.
      if (FP->use_empty())
        FP->eraseFromParent();
      else {
        FP->deleteBody();
        FP->setDSOLocal(false); // libame.a or libame.so
      }
    }
    return Any;
  }
};

} // namespace

PreservedAnalyses ame::InlineFastPathPass::run(Module &M,
                                               ModuleAnalysisManager &MAM) {
  if (!Opts.InlineFastPath)
    return PreservedAnalyses::all();
  FastPathLinker L(M, Opts);
  if (!L.run())
    return PreservedAnalyses::none(); // linking may have added declarations
  // Unoptimized code keeps every value on the stack anyway.
  if (Level != OptimizationLevel::O0 && Opts.ColdBarrierCalls)
    wrapColdBarrierCalls(M, L.Changed.getArrayRef());
  if (Level != OptimizationLevel::O0) {
    FunctionAnalysisManager &FAM =
        MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
    FunctionPassManager FPM;
    FPM.addPass(EarlyCSEPass());
    FPM.addPass(InstCombinePass());
    FPM.addPass(SimplifyCFGPass());
    for (Function *F : L.Changed) {
      FAM.invalidate(*F, PreservedAnalyses::none());
      PreservedAnalyses PA = FPM.run(*F, FAM);
      FAM.invalidate(*F, PA);
    }
  }
  return PreservedAnalyses::none();
}
