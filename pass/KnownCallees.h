//===- KnownCallees.h - Library calls that run beside others ----*- C++ -*-===//
//
// Library functions (stdio output, write/read, clocks, sleeps) whose only
// accesses to the program's memory go through their pointer arguments, with
// sizes the pass computes at the call. Before such a call a transaction only
// becomes inevitable and locks those ranges (__ame_lock_range,
// __ame_lock_string); other transactions keep running. Every other call the
// pass cannot instrument, and a known one whose ranges it cannot bound (a
// format that is not a constant, a va_list), runs in serial mode.
//
//   ame::KnownCall K = ame::classifyKnownCall(CB);
//   if (K.Known && K.SerialReason.empty()) ame::emitLocks(B, Tx, Abi, Sites,
//   CB, K);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_KNOWNCALLEES_H
#define AME_PASS_KNOWNCALLEES_H

#include "AbiDecls.h"
#include "Sites.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstrTypes.h"

#include <string>

namespace ame {

/// Memory a call reads or writes through argument Ptr: Scale times the
/// product of the SizeArgs arguments bytes, or a NUL-terminated string.
struct ArgAccess {
  unsigned Ptr;
  bool String = false;
  bool Write = false;
  uint64_t Scale = 0;
  llvm::SmallVector<unsigned, 2> SizeArgs;
};

struct KnownCall {
  /// The callee is in the table (with the prototype it expects).
  bool Known = false;
  /// Non-empty: known, but what it touches cannot be bounded at this call
  /// (e.g. "its format string is not a constant"); it runs in serial mode.
  std::string SerialReason;
  llvm::SmallVector<ArgAccess, 4> Accesses;
  /// From the program's AME_SAFE annotations, not the table.
  bool DeclaredSafe = false;
};

/// What the call CB to a declaration does to the program's memory.
KnownCall classifyKnownCall(const llvm::CallBase &CB);

/// Before CB (B's insertion point, after __ame_irrevocable_v2): the lock calls
/// for K's accesses, each with the barrier site of its pointer argument.
void emitLocks(llvm::IRBuilder<> &B, llvm::Value *Tx, AbiDecls &Abi,
               SiteBuilder &Sites, const llvm::CallBase &CB,
               const KnownCall &K);

} // namespace ame

#endif
