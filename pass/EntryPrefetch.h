//===- EntryPrefetch.h - Lines a block touches, prefetched first -*- C++
//-*-===//
//
// Before each __ame_run call, prefetches the lines (and their lock words)
// that the block's barriers touch on its likely paths, when their addresses
// can be computed from the block's inputs before it begins: the misses then
// overlap each other and the runtime's attempt start.
//
//   ame::prefetchBlockLines(M, Thunks, Opts.EntryPrefetchW);
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_ENTRYPREFETCH_H
#define AME_PASS_ENTRYPREFETCH_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Module.h"

namespace ame {

/// Adds the prefetches before the __ame_run calls of M whose thunk is one
/// of Thunks (functions with their barriers); true if any was added.
/// PrefetchW: lines the block writes use x86-64's prefetchw.
bool prefetchBlockLines(llvm::Module &M,
                        const llvm::SmallPtrSetImpl<llvm::Function *> &Thunks,
                        bool PrefetchW);

} // namespace ame

#endif
