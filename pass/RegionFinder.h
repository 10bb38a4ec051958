//===- RegionFinder.h - Find the atomic regions of a module -----*- C++ -*-===//
//
// Block regions: from llvm.var.annotation(%token, "ame.atomic", file, line)
// to every call __ame_atomic_end(%token). Unreachable blocks are removed
// first; blocks are split at the start and before each end call; the region
// is every block reachable from the start without passing an end call of the
// same token. Regions nested in another lose their markers (flattening).
// Function regions: the functions listed in llvm.global.annotations as
// "ame.atomic_fn".
//
//   for (ame::BlockRegion &R : ame::findBlockRegions(F)) outline(R);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_REGIONFINDER_H
#define AME_PASS_REGIONFINDER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/Function.h"

#include <string>
#include <vector>

namespace ame {

struct BlockRegion {
  llvm::Function *F = nullptr;
  std::string File; ///< from the annotation (available without -g)
  unsigned Line = 0;
  llvm::DebugLoc Loc; ///< of the start marker, if any
  /// The region's blocks, the entry first.
  llvm::SmallVector<llvm::BasicBlock *, 16> Blocks;
  unsigned NestedFlattened = 0;
};

/// The outermost block regions of F. Markers are removed from the IR (those
/// of nested regions too); the blocks are split so each region is a set of
/// whole blocks.
std::vector<BlockRegion> findBlockRegions(llvm::Function &F);

struct FunctionRegion {
  llvm::Function *F = nullptr;
  std::string File;
  unsigned Line = 0;
};

/// The defined functions annotated "ame.atomic_fn".
std::vector<FunctionRegion> findFunctionRegions(llvm::Module &M);

} // namespace ame

#endif
