//===- UnwrittenGlobals.h - Globals no atomic block writes ------*- C++ -*-===//
//
// The module's internal globals that no transactional function writes and
// whose address goes nowhere but into loads and stores: their bytes change
// only outside atomic blocks, so a block reads them plainly.
//
//   auto Unwritten = ame::findUnwrittenGlobals(M); // cloned, not rewritten
//   if (Unwritten.count(GV)) ...   // a load from GV needs no barrier
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_UNWRITTENGLOBALS_H
#define AME_PASS_UNWRITTENGLOBALS_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

namespace ame {

using GlobalSet = llvm::SmallPtrSet<const llvm::GlobalVariable *, 16>;

/// The globals of M with local linkage, not constant, not thread-local and
/// not externally initialized, whose every use (through constant and
/// instruction GEPs) is the address of a load, or the address of a store
/// in a function that is not transactional (a region thunk or a clone:
/// TxCloner gives every clone the attribute, so this comes after cloning).
/// Decided on the IR before any access is rewritten into a barrier call.
GlobalSet findUnwrittenGlobals(llvm::Module &M);

} // namespace ame

#endif
