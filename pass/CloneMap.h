//===- CloneMap.h - Find transactional clones through pointers --*- C++ -*-===//
//
// Every function whose address is taken gets a clone, and each module lists
// its (function, clone) pairs in the section "ame_clone_map". Transactional
// code calling through a pointer first looks the target up in the map
// (__ame_find_clone, a small internal function scanning the linked section
// between __start_ame_clone_map and __stop_ame_clone_map) and calls the clone
// with tx when there is one; only otherwise the call makes the transaction
// inevitable.
//
//   ame::emitCloneMap(M, Pairs); B.CreateCall(ame::findCloneFn(M), {FnPtr});
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_CLONEMAP_H
#define AME_PASS_CLONEMAP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Module.h"

#include <utility>

namespace ame {

/// Adds the module's (original, clone) pairs to the section "ame_clone_map".
void emitCloneMap(
    llvm::Module &M,
    llvm::ArrayRef<std::pair<llvm::Function *, llvm::Function *>> Pairs);

/// ptr __ame_find_clone(ptr fn): the clone of fn, or null. Created on first
/// use (internal to the module).
llvm::Function *findCloneFn(llvm::Module &M);

} // namespace ame

#endif
