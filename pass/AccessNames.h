//===- AccessNames.h - What a memory access touches, in source terms -*- C++ -*-===//
//
// Names the data behind an instrumented access for the conflict profiler and
// the barrier remarks: "struct account.balance", "global counter",
// "local buf", or "" when the pass cannot tell. Fields come from struct-path
// TBAA (kept by optimizations) or from a GEP on a named struct type, their
// member names from debug information (without it: "struct account+8").
//
//   ame::AccessNamer Names(M); Names.name(LoadInst, LoadInst.getOperand(0))
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_ACCESSNAMES_H
#define AME_PASS_ACCESSNAMES_H

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

  const llvm::Module &M;
  bool Indexed = false;
  /// Struct/union tags and typedef names of composites, from debug info.
  llvm::StringMap<const llvm::DIType *> Types;
};

} // namespace ame

#endif
