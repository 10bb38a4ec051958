//===- CloneMap.h - Find transactional clones through pointers --*- C++ -*-===//
//
// Every function whose address is taken, and every external function, gets
// a clone. Each module lists its (function, clone) pairs in an array that
// its constructor registers with the runtime (__ame_clones_register) and its
// destructor unregisters, at exit or dlclose. Transactional code calling
// through a pointer asks __ame_find_clone for the target's clone, whichever
// loaded module defines it, and calls the clone with tx when there is one;
// only otherwise the call makes the transaction inevitable.
//
//   ame::emitCloneMap(M, Abi, Pairs);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_CLONEMAP_H
#define AME_PASS_CLONEMAP_H

#include "AbiDecls.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Module.h"

#include <utility>

namespace ame {

/// Adds the module's (original, clone) pairs and the constructor and
/// destructor that register and unregister them.
void emitCloneMap(
    llvm::Module &M, AbiDecls &Abi,
    llvm::ArrayRef<std::pair<llvm::Function *, llvm::Function *>> Pairs);

} // namespace ame

#endif
