//===- SafeCallees.h - Functions the program declares AME_SAFE ---*- C++ -*-===//
//
// A declaration annotated AME_SAFE (a function of a library built without
// AME) is the user's promise of what it touches: nothing of the program
// (it runs as it is inside blocks), or only the ranges the AME_SAFE_READS /
// AME_SAFE_WRITES / AME_SAFE_STRING annotations describe through its
// arguments (the block becomes inevitable, others keep running, and those
// ranges are locked first, as for known I/O calls). GCC's transaction_pure
// is the first kind.
//
//   ame::SafeCallees Safe(M);
//   if (std::optional<ame::KnownCall> K = Safe.classify(CB)) ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_SAFECALLEES_H
#define AME_PASS_SAFECALLEES_H

#include "KnownCallees.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Module.h"

#include <optional>

namespace ame {

class SafeCallees {
public:
  /// Reads the module's annotations.
  explicit SafeCallees(llvm::Module &M);

  /// What a call to an AME_SAFE function may touch: Known set and no
  /// accesses (runs as it is), or accesses to lock; SerialReason set when an
  /// annotation does not fit the call (an argument index out of range or not
  /// a pointer). std::nullopt: the callee is not declared AME_SAFE.
  std::optional<KnownCall> classify(const llvm::CallBase &CB) const;

private:
  /// Each AME_SAFE function's annotated ranges: "r:P:N", "w:P:N", "s:P" (an
  /// empty list: it touches no memory of the program).
  llvm::DenseMap<const llvm::Function *, llvm::SmallVector<std::string, 2>>
      Specs;
};

} // namespace ame

#endif
