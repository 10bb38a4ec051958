//===- RegionChecks.h - What an atomic block may not contain ----*- C++ -*-===//
//
// Compile-time errors for atomic blocks that cannot run as a transaction or
// cannot be outlined. Run after local promotion, before outlining.
//
//   if (ame::checkRegion(R)) Outliner.outline(R);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_REGIONCHECKS_H
#define AME_PASS_REGIONCHECKS_H

#include "RegionFinder.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/DebugLoc.h"

namespace ame {

/// Reports an error for every construct of R that AME cannot run in a
/// transaction; true if there is none.
bool checkRegion(const BlockRegion &R);

/// An error about R at I: at I's debug location, else at the region's start
/// (its debug location, else the file:line of its annotation, so the error
/// has a location without -g too).
void reportRegionError(const BlockRegion &R, const llvm::Instruction &I,
                       const llvm::Twine &Msg);
/// An error in F at Loc, else at F's subprogram, else (no -g) at File:Line.
void reportRegionError(const llvm::Function &F, llvm::DebugLoc Loc,
                       llvm::StringRef File, unsigned Line,
                       const llvm::Twine &Msg);

} // namespace ame

#endif
