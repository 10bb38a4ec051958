//===- Options.h - Command-line options of the AME pass ---------*- C++ -*-===//
//
// Every -ame-* option, merged into one struct the passes read. No getenv.
//
//   opt-19 -load-pass-plugin=build/lib/AMEPass.so -passes=ame
//   -ame-fastpath-bc=x.bc
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_OPTIONS_H
#define AME_PASS_OPTIONS_H

#include <string>

namespace ame {

struct Options {
  /// Bitcode with the __ame_load_N/__ame_store_N fast paths; empty = the
  /// ame_fastpath.bc next to the plugin.
  std::string FastPathBC;
  /// Link and inline the fast paths at all.
  bool InlineFastPath = true;
  /// In transactional clones, inline fast paths outside loops too (region
  /// thunks always get them).
  bool InlineFastPathStraightLine = false;
  /// Leave accesses to non-escaping locals of a clone uninstrumented.
  bool SkipPrivateLocals = true;
  /// Leave loads from constant globals uninstrumented.
  bool SkipConstantGlobals = true;
  /// Leave loads from internal globals that no atomic block writes (and
  /// whose address only loads and stores use) uninstrumented.
  bool SkipUnwrittenGlobals = true;
  /// Outside transactions, make increments and decrements of AME_REFCOUNT
  /// fields atomicrmw (off: they stay plain, as the source wrote them).
  bool RefcountAtomicOutside = false;
  /// Debug mode: call the runtime around each AME_IMMUTABLE access so it
  /// reports a field that changes while published.
  bool CheckImmutable = false;
  /// Accesses that may lie in a block this execution allocated (any offset
  /// or size) run plainly after a range check at run time.
  bool RangeCheckOwnAllocations = true;
  /// A block an atomic block allocates and frees and whose address never
  /// leaves it lives on the attempt's stack when small.
  bool SmallBlocksOnStack = true;
  /// A load whose store of the same bytes is in another basic block that
  /// always follows it is taken for writing too (not only in one block).
  bool ReadForWriteAcrossBlocks = true;
  /// A load taken for writing whose store follows with nothing of the
  /// transaction in between gets the address of its held bytes, and the
  /// store becomes a plain store there.
  bool WriteSlots = true;
  /// Loads of a loop that walk shared memory nothing in the loop writes, at
  /// a stride below a line, read a copy of their line taken by one barrier.
  bool LineReads = true;
  /// So do the vector loads of a loop the vectorizer made (not its scalar
  /// remainder).
  bool LineReadsVectorized = true;
  /// With LineReadsVectorized: the scalar remainder's loads go on reading
  /// the copy of the line its vector loop took.
  bool LineReadsRemainder = true;
  /// With LineReads: the loads of one iteration that share a buffer test
  /// its line once, at the first of them.
  bool LineReadsGroup = true;
  /// With LineReads: right after a fill, a load that may span two of the
  /// 16-byte pieces the fill stored reads both pieces whole and shifts its
  /// value out of them (store-to-load forwarding).
  bool LineReadsFreshPieces = true;
  /// With LineReads: a load that runs into the next line reads it from a
  /// copy of both lines, after which the buffer holds the next one.
  bool LineReadsAcross = true;
  /// Stores of a loop that walk shared memory nothing in the loop reads,
  /// at a stride below a line, write the write log's buffer of their line,
  /// which one call takes when they enter it.
  bool LineWrites = true;
  /// Loads of one object (constant offsets of one pointer, within 64
  /// bytes) that nothing between them may write read a copy of their bytes
  /// taken by one barrier at the first.
  bool ObjectReads = true;
  /// Rare barrier paths (read slow paths, barriers behind a failed range
  /// check) are called through preserve_most wrappers.
  bool ColdBarrierCalls = true;
  /// Before __ame_run, prefetch the lines (and lock words) a block's
  /// barriers touch on every path, when the block's inputs give their
  /// addresses.
  bool EntryPrefetch = true;
  /// With EntryPrefetch, on x86-64: the lines a block writes, and their
  /// lock words, are prefetched for writing (prefetchw).
  bool EntryPrefetchW = true;
  /// Where a pointer is read and the object it points to is then read
  /// without a barrier, prefetch the object's lock word.
  bool PointeePrefetch = true;
  /// Call __ame_count_barrier after every barrier (for barrier counts).
  bool CountBarriers = false;

  /// The values given on the command line (or the defaults).
  static Options fromCommandLine();
};

} // namespace ame

#endif
