//===- Instrumenter.h - Barriers for memory accesses ------------*- C++ -*-===//
//
// Rewrites every memory access of a transactional function into a call of
// the runtime: loads/stores -> __ame_load_N/__ame_store_N (N = 1, 2, 4, 8)
// or __ame_load_bytes/__ame_store_bytes; llvm.mem* -> __ame_memcpy & co.;
// C11 atomics and fences stay as they are, after __ame_irrevocable_v2 (the
// transaction becomes inevitable) and __ame_lock_range. Accesses that need
// no barrier (non-escaping locals, constant globals, internal globals no
// block writes, the region's private context, loads of AME_IMMUTABLE data)
// are left alone, each counted and explained in a remark.
//
//   ame::Instrumenter(F, Abi, Sites, Opts, ORE, Unwritten).run();
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_INSTRUMENTER_H
#define AME_PASS_INSTRUMENTER_H

#include "AbiDecls.h"
#include "LineReads.h"
#include "ObjectReads.h"
#include "Options.h"
#include "OwnAllocations.h"
#include "Sites.h"
#include "UnwrittenGlobals.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

#include <optional>

namespace ame {

class Instrumenter {
public:
  /// Reached: a region of this module reaches F by direct calls (as for
  /// CallRewriter); only then does a remark say what a block's atomic does.
  Instrumenter(llvm::Function &F, AbiDecls &Abi, SiteBuilder &Sites,
               const Options &Opts, llvm::OptimizationRemarkEmitter &ORE,
               const GlobalSet &Unwritten, bool Reached)
      : F(F), DL(F.getParent()->getDataLayout()), Abi(Abi), Sites(Sites),
        Opts(Opts), ORE(ORE), Unwritten(Unwritten), Reached(Reached), Own(F) {}

  /// Returns true if F changed.
  bool run();

private:
  void keepAtomicsAtomic();
  /// Gives every by-value argument a copy made through barriers.
  void copyByValArguments();
  bool needsBarrier(llvm::Instruction &I, llvm::Value *Ptr, bool IsLoad);
  bool isImmutable(const llvm::Instruction &I);
  bool skipImmutableLoad(llvm::Instruction &I);
  void remarkImmutableStore(llvm::Instruction &I, const llvm::Value *Ptr);
  void emitChecks();
  void emitCheck(llvm::Instruction &I, llvm::Value *Ptr, llvm::Value *Size,
                 bool Store);
  bool isPrivateLocal(const llvm::Value *Ptr);
  /// In a region thunk, Ptr points into the context struct, or is an
  /// output slot of a promoted local (CtxSlotsMD), even where an
  /// optimization dropped the accesses' !ame.ctx tags.
  bool isContextAccess(const llvm::Value *Ptr);
  bool isPrivateAlloca(const llvm::AllocaInst *AI);
  bool isConstantGlobal(const llvm::Value *Ptr);
  bool isUnwrittenGlobalRead(const llvm::LoadInst &LI);
  bool isInsideOwnAllocation(const llvm::Instruction &I,
                             const llvm::Value *Ptr);
  bool unsupportedAccess(llvm::Instruction &I, llvm::Value *Ptr,
                         llvm::Type *Ty);
  void findReadsForWrite(llvm::ArrayRef<llvm::Instruction *> Accesses);
  void findWriteSlots(llvm::ArrayRef<llvm::Instruction *> Accesses);
  bool underSanitizer() const;
  void readLinesOfLoops();
  void writeLinesOfLoops();
  void handOverBits(llvm::IRBuilder<> &B, llvm::AllocaInst *Mask,
                    llvm::AllocaInst *Bits);
  void readObjectsOnce(llvm::ArrayRef<llvm::Instruction *> Accesses);
  llvm::SmallVector<llvm::LoadInst *, 4>
  readLineOnce(llvm::ArrayRef<const LineRead *> Group, uint64_t Span,
               llvm::AllocaInst *Buf, llvm::AllocaInst *Held);
  bool walksSharedMemory(const llvm::Instruction &I, llvm::Value *P);
  struct HeldLineTest {
    llvm::BasicBlock *Head, *Tail, *Barrier, *Miss, *Enter, *Use;
    llvm::Value *Addr, *InHeld;
  };
  HeldLineTest testHeldLine(llvm::Instruction &I, llvm::Value *Ptr,
                            uint64_t Size, llvm::AllocaInst *Held,
                            const char *MissName, const char *EnterName,
                            const char *UseName, const char *HitName);
  llvm::Value *branchOnHeldLine(llvm::IRBuilder<> &B, llvm::Value *Addr,
                                llvm::AllocaInst *Held, uint64_t Span,
                                llvm::BasicBlock *Hit, llvm::BasicBlock *Miss,
                                const llvm::Twine &Name);
  llvm::Value *branchOnOneLine(llvm::IRBuilder<> &B, llvm::Value *Addr,
                               uint64_t Span, llvm::BasicBlock *Fill,
                               llvm::BasicBlock *Cross, const llvm::Twine &Name);
  llvm::Value *lineStart(llvm::IRBuilder<> &B, llvm::Value *Ptr,
                         const llvm::Twine &Name);
  void copyLine(llvm::IRBuilder<> &B, llvm::LoadInst &Ld, llvm::Value *To,
                llvm::Value *Line);
  llvm::Value *fillLine(llvm::IRBuilder<> &B, llvm::LoadInst &Ld,
                        llvm::AllocaInst *Buf, llvm::AllocaInst *Held);
  std::pair<llvm::Value *, llvm::BasicBlock *>
  readAcrossLines(llvm::BasicBlock *Cross, llvm::BasicBlock *Tail,
                  llvm::LoadInst &Ld, llvm::AllocaInst *Buf,
                  llvm::AllocaInst *Held, llvm::Value *Off);
  llvm::LoadInst *readBuffer(llvm::IRBuilder<> &B, llvm::LoadInst &Ld,
                             llvm::Value *Ptr);
  void pointAtBuffer(llvm::LoadInst &R, llvm::Value *Ptr);
  llvm::Value *readFreshLine(llvm::IRBuilder<> &B, llvm::LoadInst &Ld,
                             llvm::Value *Buf, llvm::Value *Off);
  void countBarrier(llvm::IRBuilder<> &B, bool Write);
  bool findRangeChecked(llvm::Instruction &I, llvm::Value *Ptr);
  llvm::BasicBlock *splitOnRange(llvm::Instruction &I, llvm::Value *Ptr,
                                 llvm::Value *Len);
  void instrumentLoad(llvm::LoadInst &LI);
  void instrumentStore(llvm::StoreInst &SI);
  void instrumentMemIntrinsic(llvm::MemIntrinsic &MI);
  llvm::AllocaInst *temporary(llvm::Type *Ty);
  llvm::Constant *barrierSite(llvm::Instruction &I, llvm::Value *Ptr,
                              bool Write, bool ForWrite = false);

  llvm::Function &F;
  const llvm::DataLayout &DL;
  AbiDecls &Abi;
  SiteBuilder &Sites;
  const Options &Opts;
  llvm::OptimizationRemarkEmitter &ORE;
  /// Internal globals no atomic block writes (UnwrittenGlobals.cpp).
  const GlobalSet &Unwritten;
  bool Reached;
  /// Blocks of F that each attempt runs at most once (F is a thunk that
  /// only __ame_run starts; the block lies on no cycle), once computed.
  std::optional<llvm::SmallPtrSet<const llvm::BasicBlock *, 32>> OncePerAttempt;
  llvm::DenseMap<const llvm::AllocaInst *, bool> PrivateLocals;
  llvm::DenseMap<llvm::Type *, llvm::AllocaInst *> Temps;
  /// The TBAA tags of AME_IMMUTABLE loads (!ame.immutable.tbaa).
  llvm::SmallPtrSet<const llvm::MDNode *, 8> ImmutableTBAA;
  /// Accesses that get an -ame-check-immutable call before them.
  llvm::SmallVector<llvm::Instruction *, 8> Checks;
  /// Loads a store of the same bytes follows in their block.
  llvm::SmallPtrSet<const llvm::LoadInst *, 16> ReadsForWrite;
  /// Of those, the loads whose store follows with nothing between that
  /// runs a barrier or a call (findWriteSlots), and then, once the load is
  /// rewritten, each store's slot: where __ame_open_for_write_N said the
  /// bytes are held.
  llvm::DenseMap<const llvm::LoadInst *, const llvm::StoreInst *> SlotStores;
  llvm::DenseMap<const llvm::StoreInst *, llvm::Value *> StoreSlots;
  /// Barrier sites already given their remark.
  llvm::SmallPtrSet<const llvm::GlobalVariable *, 16> RemarkedSites;
  OwnAllocations Own;
  /// Accesses (and memset/memcpy destinations) that may lie in a block this
  /// execution allocated: checked at run time, plain when inside.
  llvm::DenseMap<const llvm::Instruction *, const llvm::Instruction *>
      RangeChecked;
  /// Accesses of line buffers: loads that read the copy of their line
  /// (LineReads.cpp), stores that write the write log's buffer of their line
  /// and the masks of those lines (LineWrites.cpp); and the blocks holding
  /// the barriers of accesses that cross into the next line.
  llvm::SmallPtrSet<const llvm::Instruction *, 8> LineBufferAccesses;
  llvm::SmallVector<llvm::BasicBlock *, 8> LineCrossingBlocks;
  /// Blocks moved to the stack when small (BlocksOnStack.cpp).
  std::vector<StackBlock> StackBlocks;
  unsigned Loads = 0, Stores = 0, MemOps = 0, Atomics = 0;
};

} // namespace ame

#endif
