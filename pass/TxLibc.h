//===- TxLibc.h - Transactional string and memory functions -----*- C++ -*-===//
//
// Transactional versions of the common read-mostly libc string/memory
// functions (memcmp, bcmp, memchr, strlen, strcmp, strncmp, strchr, strcpy,
// strcat), generated as internal IR functions __ame_tx_<name>(tx, ...) built
// on the byte barrier and __ame_memcpy, so a call to them inside a
// transaction does not make it inevitable.
//
//   if (Function *TxF = ame::txLibcFunction(M, Abi, "strlen",
//   CB.getFunctionType())) ...
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_TXLIBC_H
#define AME_PASS_TXLIBC_H

#include "AbiDecls.h"

#include "llvm/IR/Module.h"

namespace ame {

/// The transactional version of libc function Name for a call of type FTy
/// (created on first use), or nullptr when there is none or the call's type
/// is not the C one.
llvm::Function *txLibcFunction(llvm::Module &M, AbiDecls &Abi,
                               llvm::StringRef Name, llvm::FunctionType *FTy);

} // namespace ame

#endif
