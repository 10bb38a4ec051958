//===- Options.cpp - Command-line options of the AME pass -----------------===//
//
// The cl::opt definitions behind ame::Options.
//
//   clang-19 -fpass-plugin=AMEPass.so -mllvm -ame-skip-private-locals=false ...
//===----------------------------------------------------------------------===//
#include "Options.h"

#include "llvm/Support/CommandLine.h"

using namespace llvm;

static cl::opt<std::string>
    ClFastPathBC("ame-fastpath-bc",
                 cl::desc("Bitcode file defining the inlinable AME barrier "
                          "fast paths (default: ame_fastpath.bc next to the "
                          "plugin)"),
                 cl::value_desc("path"), cl::init(""));
static cl::opt<bool>
    ClInlineFastPath("ame-inline-fastpath",
                     cl::desc("Link and inline the AME barrier fast paths"),
                     cl::init(true));
static cl::opt<bool> ClInlineFastPathStraightLine(
    "ame-inline-fastpath-straight-line",
    cl::desc("Inline the barrier fast paths of transactional clones also "
             "outside loops (default: only in loops, calls elsewhere)"),
    cl::init(false));
static cl::opt<bool> ClSkipPrivateLocals(
    "ame-skip-private-locals",
    cl::desc("Do not instrument accesses to non-escaping locals"),
    cl::init(true));
static cl::opt<bool> ClSkipConstantGlobals(
    "ame-skip-constant-globals",
    cl::desc("Do not instrument loads from constant globals"), cl::init(true));

static cl::opt<bool> ClSkipUnwrittenGlobals(
    "ame-skip-unwritten-globals",
    cl::desc("Leave loads from internal globals uninstrumented when no "
             "atomic block writes them and their address goes only into "
             "loads and stores"),
    cl::init(true));

// Off by default: a lock-prefixed instruction on every count change of code
// that may never share its objects with transactions (docs/pass.md).
static cl::opt<bool> ClRefcountAtomicOutside(
    "ame-refcount-atomic-outside",
    cl::desc("Make increments and decrements of AME_REFCOUNT fields outside "
             "transactions atomic read-modify-writes"),
    cl::init(false));

static cl::opt<bool> ClCheckImmutable(
    "ame-check-immutable",
    cl::desc("Check at run time that AME_IMMUTABLE data does not change "
             "(reads checked at commit, writes only into objects the "
             "transaction allocated)"),
    cl::init(false));

static cl::opt<bool> ClSkipOwnAllocationRanges(
    "ame-skip-own-allocation-ranges",
    cl::desc("Let accesses into blocks the transaction allocated, at offsets "
             "or of sizes known only at run time, run without a barrier when "
             "a range check finds them inside the block (loads through inbounds "
             "offsets only: without the check)"),
    cl::init(true));

static cl::opt<bool> ClSmallBlocksOnStack(
    "ame-small-blocks-on-stack",
    cl::desc("Put a block that an atomic block allocates, and whose address "
             "never leaves it, on the attempt's stack when it is small"),
    cl::init(true));
static cl::opt<bool> ClReadForWriteAcrossBlocks(
    "ame-read-for-write-across-blocks",
    cl::desc("Take a load for writing when a store of the same bytes in a "
             "later basic block always follows it (in its block: always)"),
    cl::init(true));
static cl::opt<bool> ClWriteSlots(
    "ame-write-slots",
    cl::desc("Let a load taken for writing return where its bytes are held, "
             "so that its store, when nothing runs between them, is a plain "
             "store there"),
    cl::init(true));

static cl::opt<bool> ClLineReads(
    "ame-line-reads",
    cl::desc("Let loads of an innermost loop that walk shared memory at a "
             "stride below a line, which nothing in the loop writes, read a "
             "copy of their 64-byte line taken by one barrier"),
    cl::init(true));

static cl::opt<bool> ClLineReadsVectorized(
    "ame-line-reads-vectorized",
    cl::desc("Let the vector loads of a loop the vectorizer made read a copy "
             "of their line too (with -ame-line-reads)"),
    cl::init(true));

static cl::opt<bool> ClLineReadsRemainder(
    "ame-line-reads-remainder",
    cl::desc("Let the scalar loads of a vectorized loop's remainder read the "
             "copy of the line the vector loop took (with "
             "-ame-line-reads-vectorized)"),
    cl::init(true));

static cl::opt<bool> ClLineReadsGroup(
    "ame-line-reads-group",
    cl::desc("Let the loads of one iteration that share a line buffer test "
             "its line once and read it together (with -ame-line-reads)"),
    cl::init(true));

static cl::opt<bool> ClLineReadsFreshPieces(
    "ame-line-reads-fresh-pieces",
    cl::desc("Right after a line buffer's fill, let a load that may span two "
             "of the 16-byte pieces the fill stored read both whole and shift "
             "its value out of them, so the stores forward to it (with "
             "-ame-line-reads)"),
    cl::init(true));

static cl::opt<bool> ClLineReadsAcross(
    "ame-line-reads-across",
    cl::desc("Let a line-reading load that runs into the next line read a "
             "copy of both lines instead of taking its barrier (with "
             "-ame-line-reads)"),
    cl::init(true));

static cl::opt<bool> ClLineWrites(
    "ame-line-writes",
    cl::desc("Let stores of an innermost loop that walk shared memory at a "
             "stride below a line, which nothing in the loop reads, write the "
             "write log's buffer of their line, taken by one call when they "
             "enter it"),
    cl::init(true));

static cl::opt<bool> ClObjectReads(
    "ame-object-reads",
    cl::desc("Let loads at constant offsets of one pointer, within 64 bytes, "
             "that nothing between them may write, read a copy of their "
             "bytes taken by one barrier at the first"),
    cl::init(true));

static cl::opt<bool> ClColdBarrierCalls(
    "ame-cold-barrier-calls",
    cl::desc("Call the rare paths of inlined read barriers, and barriers "
             "behind a failed range check, through wrappers that preserve "
             "the caller's registers (preserve_most)"),
    cl::init(true));

static cl::opt<bool> ClEntryPrefetch(
    "ame-entry-prefetch",
    cl::desc("Before an atomic block begins, prefetch the lines and lock "
             "words its barriers touch on paths that run at least half the "
             "time, when their addresses follow from the block's inputs"),
    cl::init(true));

static cl::opt<bool> ClEntryPrefetchW(
    "ame-entry-prefetchw",
    cl::desc("With -ame-entry-prefetch, prefetch the lines a block writes, "
             "and their lock words, for writing (x86-64 prefetchw)"),
    cl::init(true));

static cl::opt<bool> ClPointeePrefetch(
    "ame-pointee-prefetch",
    cl::desc("Where a block reads a pointer and then reads the object it "
             "points to without a barrier, prefetch the object's lock word "
             "when the pointer is read"),
    cl::init(true));

// Off by default: an out-of-line call per barrier; for builds that count
// barriers (bench/shapes.c), never for builds that are timed.
static cl::opt<bool> ClCountBarriers(
    "ame-count-barriers",
    cl::desc("Count every barrier executed (__ame_count_barrier after each; "
             "read with ame_stats)"),
    cl::init(false));

ame::Options ame::Options::fromCommandLine() {
  Options O;
  O.FastPathBC = ClFastPathBC;
  O.InlineFastPath = ClInlineFastPath;
  O.InlineFastPathStraightLine = ClInlineFastPathStraightLine;
  O.SkipPrivateLocals = ClSkipPrivateLocals;
  O.SkipConstantGlobals = ClSkipConstantGlobals;
  O.SkipUnwrittenGlobals = ClSkipUnwrittenGlobals;
  O.RefcountAtomicOutside = ClRefcountAtomicOutside;
  O.CheckImmutable = ClCheckImmutable;
  O.CountBarriers = ClCountBarriers;
  O.RangeCheckOwnAllocations = ClSkipOwnAllocationRanges;
  O.ReadForWriteAcrossBlocks = ClReadForWriteAcrossBlocks;
  O.WriteSlots = ClWriteSlots;
  O.SmallBlocksOnStack = ClSmallBlocksOnStack;
  O.ColdBarrierCalls = ClColdBarrierCalls;
  O.LineReads = ClLineReads;
  O.LineReadsVectorized = ClLineReadsVectorized;
  O.LineReadsRemainder = ClLineReadsRemainder;
  O.EntryPrefetch = ClEntryPrefetch;
  O.EntryPrefetchW = ClEntryPrefetchW;
  O.PointeePrefetch = ClPointeePrefetch;
  O.LineReadsGroup = ClLineReadsGroup;
  O.LineReadsFreshPieces = ClLineReadsFreshPieces;
  O.LineReadsAcross = ClLineReadsAcross;
  O.LineWrites = ClLineWrites;
  O.ObjectReads = ClObjectReads;
  return O;
}
