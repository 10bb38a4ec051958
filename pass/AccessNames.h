//===- AccessNames.h - What a memory access touches, in source terms -*- C++ -*-===//
//
// Names the data behind an instrumented access for the conflict profiler and
// the barrier remarks: "struct account.balance", "global counter",
// "global keys, struct key.hash" (an element at a variable index), "*text"
// (through a pointer kept in a global), "local buf", or "" when the pass
// cannot tell. Fields come from struct-path
// TBAA (kept by optimizations) or from a GEP on a named struct type, their
// member names from debug information (without it: "struct account+8").
//
//   ame::AccessNamer Names(M); Names.name(LoadInst, LoadInst.getOperand(0))
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_ACCESSNAMES_H
#define AME_PASS_ACCESSNAMES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"

#include <string>

namespace ame {

class AccessNamer {
public:
  explicit AccessNamer(const llvm::Module &M) : M(M) {}

  /// What the access I through Ptr touches, or "".
  std::string name(const llvm::Instruction &I, const llvm::Value *Ptr);
  /// Names the accesses a pass is about to rewrite, while their pointers
  /// still come from the original loads (a pointer loaded from a global
  /// names what it points to: `*text`); name() then returns these.
  void prepare(const llvm::Instruction &I, const llvm::Value *Ptr) {
    Prepared[{&I, Ptr}] = name(I, Ptr);
  }
  /// Forgets them (the instructions are gone).
  void clearPrepared() { Prepared.clear(); }

private:
  std::string global(const llvm::GlobalVariable &GV, uint64_t Offset,
                     bool KnownOffset);
  std::string local(const llvm::Value &Alloca);
  /// The member at Offset bytes into what Base points to, when Base is a
  /// pointer variable whose debug type points to a struct.
  std::string pointee(const llvm::Value &Base, uint64_t Offset);
  /// "struct T.a.b" for the member at Offset bytes into the struct (or
  /// typedef) named Name.
  std::string field(llvm::StringRef Name, uint64_t Offset);
  const llvm::DICompositeType *composite(llvm::StringRef Name);

  std::string compute(const llvm::Instruction &I, const llvm::Value *Ptr);

  const llvm::Module &M;
  bool Indexed = false;
  llvm::DenseMap<std::pair<const llvm::Instruction *, const llvm::Value *>,
                 std::string>
      Prepared;
  /// Struct/union tags and typedef names of composites, from debug info.
  llvm::StringMap<const llvm::DIType *> Types;
};

} // namespace ame

#endif
