//===- UnwrittenGlobals.h - Globals no atomic block writes ------*- C++ -*-===//
//
// A global of internal linkage whose address never leaves the loads and
// stores that name it is reached by this module's code only; when none of
// those stores is in a transactional function (a region thunk or a clone),
// only plain code outside blocks writes it, and its bytes never change while
// a transaction runs but by a write that races with it: a read barrier
// would return what a plain load does (docs/pass.md).
//
//   ame::UnwrittenGlobals Unwritten(M);  // after TxCloner::run
//   if (Unwritten.contains(Ptr)) ...     // a load through Ptr needs none
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_UNWRITTENGLOBALS_H
#define AME_PASS_UNWRITTENGLOBALS_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

namespace ame {

class UnwrittenGlobals {
public:
  /// Looks at every global of M; the clones must exist already, since a
  /// store that only a clone holds makes a global written.
  explicit UnwrittenGlobals(llvm::Module &M);

  /// The global Ptr is based on (through GEPs and casts), if it is one.
  const llvm::GlobalVariable *of(const llvm::Value *Ptr) const;

private:
  llvm::SmallPtrSet<const llvm::GlobalVariable *, 16> Globals;
};

} // namespace ame

#endif
