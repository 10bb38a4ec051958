//===- AbiDecls.h - Declarations of the AME runtime ABI ---------*- C++ -*-===//
//
// Declares the __ame_* runtime functions in a module, expanded from
// include/ame/abi.def so names and signatures cannot drift from the runtime.
//
//   ame::AbiDecls Abi(M); IRB.CreateCall(Abi.get(ame::Abi_load_4), {Tx, Ptr});
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_ABIDECLS_H
#define AME_PASS_ABIDECLS_H

#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace ame {

/// One enumerator per entry of abi.def: Abi_run, Abi_load_1, ...
enum AbiFn : unsigned {
#define AME_ABI_FN(name, ret, ...) Abi_##name,
#include "ame/abi.def"
#undef AME_ABI_FN
  Abi_Count
};

class AbiDecls {
public:
  explicit AbiDecls(llvm::Module &M);

  /// The declaration of __ame_<name>, created on first use.
  llvm::FunctionCallee get(AbiFn Fn);
  /// __ame_load_N / __ame_store_N for N = 1, 2, 4, 8 (nullptr-free: asserts).
  llvm::FunctionCallee load(unsigned Bytes);
  llvm::FunctionCallee store(unsigned Bytes);
  /// __ame_load_for_write_N.
  llvm::FunctionCallee loadForWrite(unsigned Bytes);
  /// __ame_open_for_write_N.
  llvm::FunctionCallee openForWrite(unsigned Bytes);

  /// "__ame_<name>".
  static const char *symbol(AbiFn Fn);
  /// True for a name of the form __ame_load_N / __ame_store_N.
  static bool isFastPathName(llvm::StringRef Name);
  /// The address of the lock word of the line of Ptr (a 64-bit pointer),
  /// computed at B's insertion point by the mapping of include/ame/abi.h.
  static llvm::Value *lockWordAddress(llvm::IRBuilderBase &B, llvm::Value *Ptr);

  llvm::Type *sizeType() const { return SizeTy; }
  /// struct __ame_site {ptr file, ptr function, i32 line, i32 column, ptr
  /// detail}
  llvm::StructType *siteType() const { return SiteTy; }

private:
  llvm::FunctionCallee sized(AbiFn Fn1, unsigned Bytes);

  llvm::Module &M;
  llvm::Type *SizeTy;
  llvm::StructType *SiteTy;
  llvm::FunctionCallee Cache[Abi_Count];
};

} // namespace ame

#endif
