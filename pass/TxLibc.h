//===- TxLibc.h - Transactional string and memory functions -----*- C++ -*-===//
//
// Transactional versions of the common libc string/memory functions
// (memcmp, bcmp, memchr, memrchr, memccpy, strlen, strnlen, strcmp, strncmp,
// strchr, strcpy, stpcpy, strcat, strncpy, stpncpy, strncat), generated as
// internal IR functions __ame_tx_<name>(tx, ...) built on the byte barrier
// and __ame_memcpy, so a call to them inside a transaction does not make it
// inevitable.
//
//   if (auto TxF = ame::txLibcSited(M, Abi, "strlen", CB.getFunctionType()))
//     ... call TxF->F with the call's arguments and one site per TxF->Sites
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_TXLIBC_H
#define AME_PASS_TXLIBC_H

#include "AbiDecls.h"
#include "ame/abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"

#include <optional>

namespace ame {

/// The transactional version of libc function Name for a call of type FTy
/// (created on first use), or nullptr when there is none or the call's type
/// is not the C one. It has a clone's signature (tx first), for pointers to
/// the function; its barriers have no site.
llvm::Function *txLibcFunction(llvm::Module &M, AbiDecls &Abi,
                               llvm::StringRef Name, llvm::FunctionType *FTy);

/// The version for a direct call: after the C arguments it takes one site
/// per entry of Sites, the barrier site (read, or write for a destination)
/// of the pointer argument that entry numbers, so that the conflict
/// profiler names the call and what it touched.
struct TxLibcSited {
  llvm::Function *F;
  llvm::SmallVector<std::pair<unsigned, __ame_site_kind>, 2> Sites;
};
std::optional<TxLibcSited> txLibcSited(llvm::Module &M, AbiDecls &Abi,
                                       llvm::StringRef Name,
                                       llvm::FunctionType *FTy);

} // namespace ame

#endif
