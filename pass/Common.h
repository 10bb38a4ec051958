//===- Common.h - Names shared by the AME passes ----------------*- C++ -*-===//
//
// Attribute, metadata and symbol names the three AME passes use to talk to
// each other through the IR, plus small helpers every pass needs.
//
//   if (ame::isTxFunction(F)) ... // a clone or region thunk, first arg = tx
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_COMMON_H
#define AME_PASS_COMMON_H

#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"

#include <vector>

namespace ame {

/// Pass name of every remark (-Rpass=ame) and DEBUG_TYPE of the statistics.
constexpr const char *PassName = "ame";
/// The remarks of each barrier (the conflict profiler's sites): many, so
/// selectable apart. -Rpass-missed=ame shows them with the others,
/// -Rpass-missed='^ame$' leaves them out, -Rpass-missed=ame-barrier shows
/// only them.
constexpr const char *BarrierRemarks = "ame-barrier";
/// Function attribute of transactional functions (first parameter: ptr tx).
constexpr const char *TxAttr = "ame-tx-clone";
/// Function attribute set once a transactional function is instrumented, so
/// a second run (e.g. the plugin loaded again at LTO link time) skips it.
constexpr const char *InstrumentedAttr = "ame-instrumented";
/// Function attribute of clones no region of this module reaches by direct
/// calls (public clones, clone-map entries): likely cold here, so their
/// barriers stay calls instead of inlined fast paths (code size).
constexpr const char *OutlineBarriersAttr = "ame-outline-barriers";
/// Suffix of a transactional clone.
constexpr const char *CloneSuffix = ".ame.tx";
/// Suffix of the outlined body (thunk) of a region.
constexpr const char *RegionSuffix = ".ame.region";
/// Metadata on accesses to the region's context struct (thread-private).
constexpr const char *CtxMD = "ame.ctx";
/// Function metadata of a region thunk: the byte offsets in ctx of the
/// pointers to the output slots of promoted locals. An optimization that
/// rewrites a slot's store (LICM sinking it out of a loop) drops !ame.ctx;
/// the slot is still known by where its pointer comes from.
constexpr const char *CtxSlotsMD = "ame.ctx.slots";
/// Metadata on the loads and stores of every function but the region
/// thunks, set before any inlining and carried onto their barrier calls:
/// inlined into a thunk, they are code the block reaches through calls, not
/// the block's own (FastPathLinker.cpp).
constexpr const char *OutsideBlockMD = "ame.outside.block";
/// Metadata on accesses to AME_IMMUTABLE / AME_REFCOUNT fields.
constexpr const char *ImmutableMD = "ame.immutable";
constexpr const char *RefcountMD = "ame.refcount";
/// Metadata on a plain load of a frame copy of shared bytes that a read
/// barrier took (ObjectReads.cpp): what it loads was read from shared
/// memory, as a barrier's value is.
constexpr const char *SharedCopyMD = "ame.shared.copy";
/// Metadata on a memcpy/memmove whose source is AME_IMMUTABLE data.
constexpr const char *ImmutableSrcMD = "ame.immutable.src";
/// Named metadata: the TBAA access tags of loads tagged !ame.immutable, so
/// a load that lost its tag in an optimization is still recognised.
constexpr const char *ImmutableTBAAMD = "ame.immutable.tbaa";
/// Annotation of the AME_IMMUTABLE_TYPE marker global (include/ame.h).
constexpr const char *ImmutableTypeAnno = "ame.immutable_type";
/// The empty marker function ending a block region (include/ame.h).
constexpr const char *AtomicEndFn = "__ame_atomic_end";

inline bool isTxFunction(const llvm::Function &F) {
  return F.hasFnAttribute(TxAttr);
}

/// The source-level name of F: the debug-info name, or the IR name without
/// the suffixes the pass adds.
std::string sourceName(const llvm::Function &F);

/// Gives New the debug location of Orig; in a function with debug info where
/// Orig has none, a line-0 location in the function's subprogram (calls to
/// functions defined in the module must carry one).
void copyCallLoc(llvm::Instruction &New, const llvm::Instruction &Orig);

/// Gives the empty function Wrapper a body that calls Callee with its own
/// arguments after the first Skip, and returns what Callee returns.
void forwardCall(llvm::Function &Wrapper, llvm::Function &Callee,
                 unsigned Skip = 0);

/// Tags I with an empty metadata node of kind Kind.
void tag(llvm::Instruction &I, llvm::StringRef Kind);

/// An `annotate` attribute on a function (FunctionAnnotations.cpp).
struct FunctionAnnotation {
  llvm::Function *F = nullptr;
  llvm::StringRef Tag, File;
  unsigned Line = 0;
};
std::vector<FunctionAnnotation> functionAnnotations(llvm::Module &M);

} // namespace ame

#endif
