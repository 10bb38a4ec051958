//===- CallRewriter.cpp - Calls inside transactional functions ------------===//
//
// OptimizerLast (inside ame-instrument, after cloning, before the memory
// accesses are instrumented).
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions,ame-instrument
//===----------------------------------------------------------------------===//
#include "CallRewriter.h"
#include "CLibrary.h"
#include "Common.h"
#include "FortifiedCalls.h"
#include "KnownCallees.h"
#include "PureCallees.h"
#include "Remarks.h"
#include "TxCloner.h"
#include "TxLibc.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <optional>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumIrrevocableExternal, "External calls made irrevocable");
STATISTIC(NumKnownIO,
          "Known I/O calls run inevitably with their argument memory locked");
STATISTIC(NumKnownUnbounded,
          "Known callees run serially (their arguments cannot be bounded)");
STATISTIC(NumIrrevocableIndirect, "Indirect calls made irrevocable");
STATISTIC(NumIndirectViaCloneMap, "Indirect calls looking up a clone first");
STATISTIC(NumExternalViaWeakClone,
          "External calls trying the callee's public clone first");
STATISTIC(NumIrrevocableAsm, "Inline asm made irrevocable");
STATISTIC(NumAsmKept, "Inline asm without memory operands kept as it is");
STATISTIC(NumIrrevocableIntrinsic, "Memory intrinsics made irrevocable");
STATISTIC(NumAllocRewritten, "malloc-family calls made transactional");
STATISTIC(NumLibcRewritten, "String/memory libc calls made transactional");
STATISTIC(NumFormatsPrivate,
          "snprintf calls formatting into a private buffer");
STATISTIC(NumFormatsInRuntime,
          "printf-family calls formatting in the runtime, conversion by "
          "conversion");
STATISTIC(NumScansInRuntime,
          "sscanf-family calls matching in the runtime, directive by "
          "directive");
STATISTIC(NumStringReadersOnCopies,
          "String searches and comparisons run on private copies");
STATISTIC(NumSortRewritten, "qsort/bsearch calls made transactional");
STATISTIC(NumConversionsOnCopy,
          "String-to-number conversions run on a private copy");
STATISTIC(NumPureCallsKept, "Calls to functions without memory access kept");
STATISTIC(NumSafeCallsKept, "Calls to AME_SAFE functions kept as they are");
STATISTIC(NumSafeCallsLocked,
          "Calls to AME_SAFE functions run inevitably with their ranges locked");
STATISTIC(NumMathOutputsPrivate,
          "Math calls run as they are with their pointer results in private "
          "slots");
STATISTIC(NumPureLibraryCallsKept,
          "Calls to C library functions without program memory kept");
STATISTIC(NumHarmlessIntrinsics, "Intrinsics without tracked memory kept");
STATISTIC(NumRuntimeCallsKept, "Calls to the AME runtime kept");
STATISTIC(NumNestedRunsJoined, "Nested __ame_run calls turned into joins");
STATISTIC(NumJumpCallsKept, "setjmp/longjmp calls kept as plain calls");
STATISTIC(NumThreadExitWarnings,
          "pthread_exit/thrd_exit calls in blocks warned about");
STATISTIC(NumCallErrors, "Unsupported calls reported as errors");
STATISTIC(NumUnsupportedMadeIrrevocable,
          "Unsupported calls in clone-map-only clones made irrevocable");

bool ame::isHarmlessIntrinsic(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isIntrinsic())
    return false;
  switch (Callee->getIntrinsicID()) {
  case Intrinsic::lifetime_start:
  case Intrinsic::lifetime_end:
  case Intrinsic::assume:
  case Intrinsic::var_annotation:
  case Intrinsic::ptr_annotation:
  case Intrinsic::annotation:
  case Intrinsic::invariant_start:
  case Intrinsic::invariant_end:
  case Intrinsic::launder_invariant_group:
  case Intrinsic::strip_invariant_group:
  case Intrinsic::experimental_noalias_scope_decl:
  case Intrinsic::sideeffect:
  case Intrinsic::prefetch:
  case Intrinsic::objectsize:
  case Intrinsic::stacksave:
  case Intrinsic::stackrestore:
  case Intrinsic::vastart:
  case Intrinsic::vaend:
  case Intrinsic::vacopy:
  case Intrinsic::trap:
  case Intrinsic::debugtrap:
  case Intrinsic::ubsantrap:
  case Intrinsic::dbg_declare:
  case Intrinsic::dbg_value:
  case Intrinsic::dbg_label:
  case Intrinsic::dbg_assign:
  case Intrinsic::expect:
  case Intrinsic::expect_with_probability:
  case Intrinsic::is_constant:
  case Intrinsic::pseudoprobe:
  case Intrinsic::codeview_annotation:
  case Intrinsic::donothing:
    return true;
  default:
    return CB.doesNotAccessMemory() || CB.onlyAccessesInaccessibleMemory();
  }
}

/// Inline asm that cannot touch the program's memory: no memory operand, and
/// no "memory" clobber unless its text is empty (a compiler barrier, which
/// emits no instruction). Per GCC's rules an asm touches only what its
/// operands and clobbers declare, so such an asm is as safe to run inside an
/// attempt, and to run again, as the arithmetic around it. Sets Why to what
/// makes it unsafe otherwise.
static bool asmTouchesNoMemory(const InlineAsm &IA, std::string &Why) {
  bool MemoryClobber = false;
  for (const InlineAsm::ConstraintInfo &C : IA.ParseConstraints()) {
    if (C.isIndirect) {
      Why = "inline asm with a memory operand";
      return false;
    }
    for (const std::string &Code : C.Codes)
      if (C.Type == InlineAsm::isClobber && Code == "{memory}")
        MemoryClobber = true;
  }
  if (MemoryClobber && !StringRef(IA.getAsmString()).trim().empty()) {
    Why = "inline asm that clobbers memory";
    return false;
  }
  return true;
}

/// The setjmp and longjmp families libame knows: its longjmp commits the
/// block first when the target lies outside it.
static bool isSetjmpOrLongjmpName(StringRef N) {
  return StringSwitch<bool>(N)
      .Cases("setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp", true)
      .Cases("longjmp", "_longjmp", "siglongjmp", "__longjmp_chk", true)
      .Default(false);
}

static AbiFn allocationFn(StringRef N, bool &Found) {
  Found = true;
  if (N == "malloc")
    return Abi_malloc;
  if (N == "calloc")
    return Abi_calloc;
  if (N == "realloc")
    return Abi_realloc;
  if (N == "free")
    return Abi_free;
  if (N == "aligned_alloc")
    return Abi_aligned_alloc;
  if (N == "posix_memalign")
    return Abi_posix_memalign;
  if (N == "strdup" || N == "__strdup")
    return Abi_strdup;
  if (N == "strndup" || N == "__strndup")
    return Abi_strndup;
  // Not allocations of the program's memory, but rewritten the same way:
  // the runtime undoes what they did to the thread if the attempt aborts.
  if (N == "uselocale")
    return Abi_uselocale;
  if (N == "newlocale")
    return Abi_newlocale;
  if (N == "duplocale")
    return Abi_duplocale;
  if (N == "freelocale")
    return Abi_freelocale;
  // They write into the string they split (libc_copies.c).
  if (N == "strtok_r" || N == "__strtok_r")
    return Abi_strtok_r;
  if (N == "strsep" || N == "__strsep")
    return Abi_strsep;
  // Its state is the caller's seed (libc_rand.c).
  if (N == "rand_r")
    return Abi_rand_r;
  // environ and its strings may be the program's (libc_env.c).
  if (N == "getenv")
    return Abi_getenv;
  if (N == "secure_getenv")
    return Abi_secure_getenv;
  Found = false;
  return Abi_Count;
}

/// String-to-number conversions: the index of their end-pointer argument,
/// -1 for none; std::nullopt for other names.
static std::optional<int> numberConversionEndArg(StringRef N) {
  return StringSwitch<std::optional<int>>(N)
      .Cases("atoi", "atol", "atoll", "atof", -1)
      .Cases("strtol", "strtoll", "strtoul", "strtoull", 1)
      .Cases("strtoimax", "strtoumax", "strtoq", "strtouq", 1)
      .Cases("strtod", "strtof", "strtold", 1)
      .Default(std::nullopt);
}

static std::optional<FormatCall> formatCall(StringRef N) {
  return StringSwitch<std::optional<FormatCall>>(N)
      .Case("vsnprintf", FormatCall{0, 1, -1, 2, true})
      .Case("vsprintf", FormatCall{0, -1, -1, 1, true})
      .Case("__vsnprintf_chk", FormatCall{0, 1, 3, 4, true})
      .Case("__vsprintf_chk", FormatCall{0, -1, 2, 3, true})
      .Case("snprintf", FormatCall{0, 1, -1, 2, false})
      .Case("sprintf", FormatCall{0, -1, -1, 1, false})
      .Case("__snprintf_chk", FormatCall{0, 1, 3, 4, false})
      .Case("__sprintf_chk", FormatCall{0, -1, 2, 3, false})
      .Default(std::nullopt);
}

/// Calls rewriteWithSite takes: the runtime function, the call's arguments
/// before its va_list or variadic ones, one it drops (the _chk forms' flag).
struct WithSite {
  AbiFn Fn;
  unsigned Named;
  int Dropped;
  const char *RemarkName, *What;
};
static std::optional<WithSite> withSiteCall(StringRef N) {
  const char *Scan = " matches in the runtime, directive by directive, on a "
                     "private copy of its input";
  const char *Format = " formats in the runtime, conversion by conversion, "
                       "from private copies of its strings";
  return StringSwitch<std::optional<WithSite>>(N)
      .Cases("sscanf", "__isoc99_sscanf",
             WithSite{Abi_sscanf, 2, -1, "ScanInRuntime", Scan})
      .Cases("vsscanf", "__isoc99_vsscanf",
             WithSite{Abi_vsscanf, 2, -1, "ScanInRuntime", Scan})
      .Case("asprintf",
            WithSite{Abi_asprintf, 2, -1, "FormatInRuntime", Format})
      .Case("__asprintf_chk",
            WithSite{Abi_asprintf, 3, 1, "FormatInRuntime", Format})
      .Case("vasprintf",
            WithSite{Abi_vasprintf, 2, -1, "FormatInRuntime", Format})
      .Case("__vasprintf_chk",
            WithSite{Abi_vasprintf, 3, 1, "FormatInRuntime", Format})
      .Default(std::nullopt);
}

static std::optional<StringReader> stringReader(StringRef N) {
  if (N == "strspn" || N == "strcspn" || N == "strcoll" || N == "strcasecmp" ||
      N == "strverscmp")
    return StringReader{{0, 1}, false};
  if (N == "nan" || N == "nanf" || N == "nanl")
    return StringReader{{0}, false};
  if (N == "memmem")
    return StringReader{{0, 2}, true, -1, /*Ranges=*/true};
  if (N == "strpbrk" || N == "strstr" || N == "strcasestr")
    return StringReader{{0, 1}, true};
  if (N == "strrchr" || N == "rindex" || N == "strchrnul")
    return StringReader{{0}, true};
  // Its strings need no terminator within the first n bytes.
  if (N == "strncasecmp")
    return StringReader{{0, 1}, false, 2};
  return std::nullopt;
}

/// The site's kind tells the runtime what the pass decided: a known callee
/// whose argument memory is locked here needs only inevitability; anything
/// else runs in serial mode.
void CallRewriter::makeIrrevocable(CallBase &CB, StringRef Detail,
                                   const KnownCall &Known, bool IsFallback) {
  bool IO = Known.Known && Known.SerialReason.empty();
  IRBuilder<> B(&CB);
  CallInst *Irr = B.CreateCall(
      Abi.get(Abi_irrevocable_v2),
      {F.getArg(0),
       Sites.forCall(CB, Detail, IO ? AME_SITE_IO : AME_SITE_SERIAL)});
  copyCallLoc(*Irr, CB);
  if (IO)
    emitLocks(B, F.getArg(0), Abi, Sites, CB, Known);
  bool Indirect = !CB.getCalledFunction() && !CB.isInlineAsm();
  if (!Strict || CB.hasMetadata(FailedCheckMD))
    return;
  // A C library function LLVM's table does not know: it surely goes serial
  // (the clone lookup stays, in case the program defines such a function).
  if (IsFallback && !Indirect && isCLibraryFunction(Detail)) {
    ORE.emit([&] {
      return OptimizationRemarkMissed(PassName, "Serial", &CB)
             << "call to " << ore::NV("Callee", Detail)
             << ", a C library function without a transactional version: "
                "the transaction runs alone from here (serial mode)";
    });
    return;
  }
  if (IsFallback) {
    ORE.emit([&] {
      OptimizationRemarkAnalysis R(PassName, "CloneLookup", &CB);
      if (Indirect)
        return R << "indirect call runs the target's transactional clone when "
                    "its module was built with AME, else the transaction "
                    "runs alone from here (serial mode; AME_STATS=1 lists "
                    "such sites)";
      return R << "call to " << ore::NV("Callee", Detail)
               << " runs its transactional clone when its module was built "
                  "with AME, else the transaction runs alone from here "
                  "(serial mode; AME_STATS=1 lists such sites)";
    });
    return;
  }
  ORE.emit([&] {
    OptimizationRemarkMissed R(PassName, IO ? "Inevitable" : "Serial", &CB);
    if (IO)
      return R << "call to " << ore::NV("Callee", Detail)
               << (Known.DeclaredSafe ? " is declared AME_SAFE"
                                      : " is known I/O")
               << ": the transaction becomes inevitable here "
                  "and others keep running (what it reads or writes through "
                  "its arguments is locked first)";
    if (Indirect) // a musttail call, which cannot be wrapped in a lookup
      return R << "indirect call: the transaction runs alone from here "
                  "(serial mode)";
    R << "call to " << ore::NV("Callee", Detail);
    if (Known.Known)
      R << " cannot be bounded (" << ore::NV("Reason", Known.SerialReason)
        << ")";
    else
      R << " cannot be instrumented";
    return R << ": the transaction runs alone from here (serial mode)";
  });
}

/// In code a region reaches by direct calls: a compile-time error. In a
/// clone that only exists for the clone map (an address-taken function no
/// region calls directly) the program may never run it in a transaction, so
/// it must still compile: there the construct makes the transaction
/// inevitable, which never rolls back, so the construct runs once, as in
/// plain C.
void CallRewriter::unsupported(CallBase &CB, const Twine &Msg) {
  if (Strict) {
    reportError(CB, Msg);
    ++NumCallErrors;
    return;
  }
  Function *Callee = CB.getCalledFunction();
  makeIrrevocable(CB, Callee ? Callee->getName() : "invoke");
  ++NumUnsupportedMadeIrrevocable;
}

/// For the runtime's C library helpers that take a barrier site last: the
/// argument whose memory they access (the conflict profiler blames the site
/// for it) and how.
static std::optional<std::pair<unsigned, __ame_site_kind>>
accessSiteArg(AbiFn Fn) {
  switch (Fn) {
  case Abi_strtok_r:
  case Abi_strsep:
  case Abi_rand_r:
  case Abi_qsort:
    return std::make_pair(0u, AME_SITE_WRITE);
  case Abi_getenv:
  case Abi_secure_getenv:
    return std::make_pair(0u, AME_SITE_READ);
  default:
    return std::nullopt;
  }
}

bool CallRewriter::rewriteAllocation(CallBase &CB, AbiFn Fn) {
  FunctionCallee Target = Abi.get(Fn);
  FunctionType *TTy = Target.getFunctionType();
  std::optional<std::pair<unsigned, __ame_site_kind>> SiteArg =
      accessSiteArg(Fn);
  if (TTy->getNumParams() != CB.arg_size() + 1 + (SiteArg ? 1 : 0) ||
      TTy->getReturnType() != CB.getType())
    return false;
  SmallVector<Value *, 6> Args{F.getArg(0)};
  for (unsigned I = 0, E = CB.arg_size(); I < E; ++I) {
    if (CB.getArgOperand(I)->getType() != TTy->getParamType(I + 1))
      return false;
    Args.push_back(CB.getArgOperand(I));
  }
  if (SiteArg)
    Args.push_back(
        Sites.forAccess(CB, CB.getArgOperand(SiteArg->first), SiteArg->second));
  IRBuilder<> B(&CB);
  CallInst *New = B.CreateCall(Target, Args);
  copyCallLoc(*New, CB);
  New->takeName(&CB);
  CB.replaceAllUsesWith(New);
  CB.eraseFromParent();
  ++NumAllocRewritten;
  return true;
}

/// qsort(base, n, size, cmp) and bsearch(key, base, n, size, cmp) become
/// __ame_qsort / __ame_bsearch(tx, ...), which call cmp's clone.
bool CallRewriter::rewriteSortOrSearch(CallBase &CB, AbiFn Fn) {
  // The rewrite erases the call: the remark keeps only where it was.
  DebugLoc Loc = CB.getDebugLoc();
  BasicBlock *BB = CB.getParent();
  if (!rewriteAllocation(CB, Fn))
    return false;
  ++NumSortRewritten;
  ORE.emit([&] {
    return OptimizationRemark(PassName, "SortSearch", Loc, BB)
           << "call to "
           << ore::NV("Callee", Fn == Abi_qsort ? "qsort" : "bsearch")
           << " runs transactionally with its comparison function's clone";
  });
  return true;
}

/// The place in Orig of a pointer P into Copy, a private copy of Orig.
static Value *intoOriginal(IRBuilder<> &B, Value *P, Value *Copy,
                           Value *Orig) {
  Value *Offset = B.CreatePtrDiff(B.getInt8Ty(), P, Copy);
  return B.CreateGEP(B.getInt8Ty(), Orig, Offset, "ame.in");
}

/// strtol(s, end, base) and the others run as they are on a private copy of
/// the part of s they can read (__ame_number_prefix reads it through
/// barriers); the end pointer they give is mapped back into s and stored
/// through a barrier like any store of the block.
bool CallRewriter::rewriteNumberConversion(CallBase &CB, int EndArg) {
  if (CB.arg_size() < 1 || !CB.getArgOperand(0)->getType()->isPointerTy() ||
      (EndArg >= 0 && ((unsigned)EndArg >= CB.arg_size() ||
                       !CB.getArgOperand(EndArg)->getType()->isPointerTy())))
    return false;
  LLVMContext &C = F.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  IRBuilder<> B(&CB);
  Value *S = CB.getArgOperand(0);
  CallInst *Copy = B.CreateCall(
      Abi.get(Abi_number_prefix),
      {F.getArg(0), S, Sites.forAccess(CB, S, AME_SITE_READ)}, "ame.number");
  copyCallLoc(*Copy, CB);
  CB.setArgOperand(0, Copy);
  Value *End = EndArg >= 0 ? CB.getArgOperand(EndArg) : nullptr;
  if (End && !isa<ConstantPointerNull>(End)) {
    IRBuilder<> EB(&*F.getEntryBlock().getFirstInsertionPt());
    AllocaInst *Slot = EB.CreateAlloca(Ptr, nullptr, "ame.number.end");
    CB.setArgOperand(EndArg, Slot);
    B.SetInsertPoint(CB.getNextNode());
    Value *InS = intoOriginal(B, B.CreateLoad(Ptr, Slot), Copy, S);
    // A plain store here: the instrumenter, which runs next, gives it its
    // barrier if End may be shared.
    B.CreateStore(InS, End);
  }
  ++NumConversionsOnCopy;
  ORE.emit([&] {
    return OptimizationRemark(PassName, "NumberConversion", &CB)
           << "call to "
           << ore::NV("Callee", CB.getCalledFunction()->getName())
           << " runs as it is on a private copy of its string";
  });
  return true;
}

/// lgamma(x) (and glibc's gamma, each with f and l) as lgamma_r(x,
/// &signgam): glibc's lgamma computes lgamma_r into a local and then stores
/// it to signgam. The call is then one of the math functions below, so the
/// store to signgam becomes the block's own, through a barrier, where the
/// C library's plain store made the block serial. Null for other calls.
CallBase *CallRewriter::lgammaAsReentrant(CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || !isa<CallInst>(CB) ||
      CB.arg_size() != 1)
    return nullptr;
  StringRef N = Callee->getName();
  N.consume_front("l");
  if (!N.consume_front("gamma") || N.size() > 1)
    return nullptr;
  Type *FP = CB.getType();
  bool Prototype = N.empty()  ? FP->isDoubleTy()
                   : N == "f" ? FP->isFloatTy()
                              : N == "l" && FP->isFloatingPointTy() &&
                                    !FP->isFloatTy() && !FP->isDoubleTy();
  if (!Prototype || CB.getArgOperand(0)->getType() != FP || Callee->isVarArg())
    return nullptr;
  Module &M = *F.getParent();
  Type *I32 = Type::getInt32Ty(M.getContext());
  Constant *Signgam = M.getOrInsertGlobal("signgam", I32);
  FunctionCallee Reentrant = M.getOrInsertFunction(
      ("lgamma" + N + "_r").str(),
      FunctionType::get(FP, {FP, PointerType::getUnqual(M.getContext())},
                        false));
  IRBuilder<> B(&CB);
  CallInst *New = B.CreateCall(Reentrant, {CB.getArgOperand(0), Signgam});
  copyCallLoc(*New, CB);
  New->takeName(&CB);
  CB.replaceAllUsesWith(New);
  CB.eraseFromParent();
  return New;
}

/// frexp(x, p) and the other math functions that write results through
/// pointers run as they are, writing into private slots of the frame; each
/// result then goes to the program's pointer through a plain store, which
/// the instrumenter gives a barrier when the pointer may be shared.
bool CallRewriter::rewriteMathOutputs(CallBase &CB) {
  SmallVector<MathOutput, 2> Outs = mathOutputs(CB);
  if (Outs.empty() || !isa<CallInst>(CB))
    return false;
  IRBuilder<> EB(&*F.getEntryBlock().getFirstInsertionPt());
  IRBuilder<> B(CB.getNextNode());
  for (const MathOutput &O : Outs) {
    AllocaInst *Slot = EB.CreateAlloca(O.Type, nullptr, "ame.math.out");
    Value *Dst = CB.getArgOperand(O.Arg);
    CB.setArgOperand(O.Arg, Slot);
    // They only write the result there (clang says so of frexp, not of
    // lgamma_r): the slot stays a local that never escapes, read plainly.
    CB.addParamAttr(O.Arg, Attribute::NoCapture);
    B.CreateStore(B.CreateLoad(O.Type, Slot), Dst);
  }
  ++NumMathOutputsPrivate;
  ORE.emit([&] {
    return OptimizationRemark(PassName, "MathOutputs", &CB)
           << "call to " << ore::NV("Callee", CB.getCalledFunction()->getName())
           << " runs as it is: it writes its results into private slots, "
              "stored to the program's memory through barriers";
  });
  return true;
}

/// Before CB: S, or its private copy read through barriers (slot 0 or 1)
/// when it is not null (the C library prints "(null)" for a null %s).
Value *CallRewriter::privateString(CallBase &CB, Value *S, unsigned Slot) {
  Value *NonNull = IRBuilder<>(&CB).CreateIsNotNull(S);
  Instruction *Then =
      SplitBlockAndInsertIfThen(NonNull, &CB, /*Unreachable=*/false);
  BasicBlock *Head = Then->getParent()->getSinglePredecessor();
  IRBuilder<> TB(Then);
  Value *Copy = TB.CreateCall(Abi.get(Abi_string_copy),
                              {F.getArg(0), S, TB.getInt32(Slot),
                               Sites.forAccess(CB, S, AME_SITE_READ)});
  PHINode *P = IRBuilder<>(&CB).CreatePHI(S->getType(), 2, "ame.string");
  P->addIncoming(Copy, Then->getParent());
  P->addIncoming(S, Head);
  return P;
}

/// snprintf into the program's buffer, with a constant size and a format
/// that reads at most two whole strings of the program (%s without a
/// precision) and writes nothing else (no %n): it formats into a private
/// buffer of that size, as it is, from private copies of the strings
/// (__ame_string_copy, read through barriers), and the bytes it wrote go to
/// the program's buffer through a barriered copy. No inevitability.
bool CallRewriter::formatIntoPrivateBuffer(CallBase &CB, const KnownCall &K) {
  StringRef N = CB.getCalledFunction()->getName();
  if ((N != "snprintf" && N != "__snprintf_chk") || !K.SerialReason.empty() ||
      K.Accesses.empty() || K.Accesses[0].Ptr != 0 ||
      !CB.getType()->isIntegerTy(32))
    return false;
  // __ame_string_copy keeps two copies apart.
  ArrayRef<ArgAccess> Strings = ArrayRef(K.Accesses).drop_front();
  if (Strings.size() > 2 || any_of(Strings, [](const ArgAccess &A) {
        return !A.String || A.Write || A.Ptr == 0;
      }))
    return false;
  auto *Size = dyn_cast<ConstantInt>(CB.getArgOperand(1));
  if (!Size || Size->isZero() || Size->getZExtValue() > 4096)
    return false;
  uint64_t Bytes = Size->getZExtValue();
  LLVMContext &C = F.getContext();
  for (unsigned Slot = 0; Slot < Strings.size(); ++Slot)
    CB.setArgOperand(
        Strings[Slot].Ptr,
        privateString(CB, CB.getArgOperand(Strings[Slot].Ptr), Slot));
  IRBuilder<> EB(&*F.getEntryBlock().getFirstInsertionPt());
  AllocaInst *Private =
      EB.CreateAlloca(ArrayType::get(Type::getInt8Ty(C), Bytes), nullptr,
                      "ame.format");
  Value *Dst = CB.getArgOperand(0);
  CB.setArgOperand(0, Private);
  if (N == "__snprintf_chk") // its object size is now the private buffer's
    CB.setArgOperand(3, ConstantInt::get(CB.getArgOperand(3)->getType(), Bytes));
  IRBuilder<> B(CB.getNextNode());
  // Bytes written: the formatted length (capped to size - 1) and the NUL;
  // none on an error (a negative result).
  Type *SizeTy = Abi.sizeType();
  Value *Len = B.CreateSExt(&CB, SizeTy);
  Value *Cap = ConstantInt::get(SizeTy, Bytes - 1);
  Value *Copied = B.CreateSelect(
      B.CreateICmpSLT(&CB, B.getInt32(0)), ConstantInt::get(SizeTy, 0),
      B.CreateAdd(B.CreateSelect(B.CreateICmpULT(Len, Cap), Len, Cap),
                  ConstantInt::get(SizeTy, 1)));
  // A plain memcpy: the instrumenter, which runs next, gives it barriers on
  // the program's side.
  B.CreateMemCpy(Dst, MaybeAlign(), Private, MaybeAlign(), Copied);
  ++NumFormatsPrivate;
  ORE.emit([&] {
    return OptimizationRemark(PassName, "FormatPrivate", &CB)
           << "call to " << ore::NV("Callee", N)
           << " formats into a private buffer and runs as it is";
  });
  return true;
}

/// A printf-family call into memory that formatIntoPrivateBuffer leaves
/// (a size or format known only at run time, more strings, %n, a va_list):
/// the runtime formats it conversion by conversion from private copies of
/// its strings and writes the text through barriers, or, for a format it
/// does not take apart, turns the transaction serial at this call's site
/// and runs the call as it is (runtime/libc_format.c).
bool CallRewriter::rewriteFormat(CallBase &CB, const FormatCall &FC) {
  unsigned Named = FC.Fmt + 1 + (FC.VaList ? 1 : 0);
  if (!CB.getType()->isIntegerTy(32) || CB.arg_size() < Named ||
      (FC.VaList && CB.arg_size() != Named))
    return false;
  StringRef N = CB.getCalledFunction()->getName();
  IRBuilder<> B(&CB);
  Type *SizeTy = Abi.sizeType();
  auto SizeArg = [&](int I) -> Value * {
    if (I < 0)
      return ConstantInt::getAllOnesValue(SizeTy);
    return B.CreateZExtOrTrunc(CB.getArgOperand(I), SizeTy);
  };
  SmallVector<Value *, 8> Args{F.getArg(0),
                               CB.getArgOperand(FC.Buf),
                               SizeArg(FC.Size),
                               SizeArg(FC.ObjSize),
                               Sites.forCall(CB, N, AME_SITE_SERIAL),
                               CB.getArgOperand(FC.Fmt)};
  for (unsigned I = FC.Fmt + 1; I < CB.arg_size(); ++I)
    Args.push_back(CB.getArgOperand(I));
  CallInst *New =
      B.CreateCall(Abi.get(FC.VaList ? Abi_vsnprintf : Abi_snprintf), Args);
  copyCallLoc(*New, CB);
  New->takeName(&CB);
  CB.replaceAllUsesWith(New);
  CB.eraseFromParent();
  ++NumFormatsInRuntime;
  ORE.emit([&] {
    return OptimizationRemark(PassName, "FormatInRuntime", New)
           << "call to " << ore::NV("Callee", N)
           << " formats in the runtime, conversion by conversion, from "
              "private copies of its strings";
  });
  return true;
}

/// sscanf, vsscanf, asprintf and vasprintf, as the runtime's functions that
/// take the transaction and the call's site (for the serial fallback)
/// first, then the call's own arguments but Dropped (the _chk forms' flag):
/// the scans match directive by directive on a private copy of the input,
/// storing each value through barriers (runtime/libc_scan.c); asprintf
/// formats as rewriteFormat does into a block the transaction allocates
/// (runtime/libc_format.c). Named: the call's arguments before its va_list
/// or variadic ones, Dropped included.
bool CallRewriter::rewriteWithSite(CallBase &CB, AbiFn Fn, unsigned Named,
                                   int Dropped, StringRef RemarkName,
                                   StringRef What) {
  bool VaList = Fn == Abi_vsscanf || Fn == Abi_vasprintf;
  if (!CB.getType()->isIntegerTy(32) || CB.arg_size() < Named ||
      (VaList && CB.arg_size() != Named + 1))
    return false;
  StringRef N = CB.getCalledFunction()->getName();
  IRBuilder<> B(&CB);
  SmallVector<Value *, 8> Args{F.getArg(0),
                               Sites.forCall(CB, N, AME_SITE_SERIAL)};
  for (unsigned I = 0; I < CB.arg_size(); ++I)
    if ((int)I != Dropped)
      Args.push_back(CB.getArgOperand(I));
  CallInst *New = B.CreateCall(Abi.get(Fn), Args);
  copyCallLoc(*New, CB);
  New->takeName(&CB);
  CB.replaceAllUsesWith(New);
  CB.eraseFromParent();
  ++(Fn == Abi_sscanf || Fn == Abi_vsscanf ? NumScansInRuntime
                                           : NumFormatsInRuntime);
  ORE.emit([&] {
    return OptimizationRemark(PassName, RemarkName, New)
           << "call to " << ore::NV("Callee", N) << What;
  });
  return true;
}

/// The call runs as it is on private copies of its strings
/// (__ame_string_copy reads them through barriers); a pointer it returns
/// into the first copy is mapped back into the program's string.
bool CallRewriter::rewriteStringReader(CallBase &CB, const StringReader &R) {
  for (unsigned A : R.Strings)
    if (A >= CB.arg_size() || !CB.getArgOperand(A)->getType()->isPointerTy() ||
        (R.Ranges && (A + 1 >= CB.arg_size() ||
                      !CB.getArgOperand(A + 1)->getType()->isIntegerTy(64))))
      return false;
  if (R.ReturnsIntoFirst && !CB.getType()->isPointerTy())
    return false;
  Value *Max = nullptr;
  if (R.MaxArg >= 0) {
    if ((unsigned)R.MaxArg >= CB.arg_size() ||
        !CB.getArgOperand(R.MaxArg)->getType()->isIntegerTy(64))
      return false;
    Max = CB.getArgOperand(R.MaxArg);
  }
  IRBuilder<> B(&CB);
  Value *First = CB.getArgOperand(R.Strings[0]), *FirstCopy = nullptr;
  for (unsigned K = 0; K < R.Strings.size(); ++K) {
    unsigned A = R.Strings[K];
    GlobalVariable *Site =
        Sites.forAccess(CB, CB.getArgOperand(A), AME_SITE_READ);
    Value *Bound = R.Ranges ? CB.getArgOperand(A + 1) : Max;
    CallInst *Copy = Bound ? B.CreateCall(Abi.get(R.Ranges ? Abi_range_copy
                                                           : Abi_string_copy_n),
                                          {F.getArg(0), CB.getArgOperand(A),
                                           B.getInt32(K), Bound, Site},
                                          "ame.string")
                           : B.CreateCall(Abi.get(Abi_string_copy),
                                          {F.getArg(0), CB.getArgOperand(A),
                                           B.getInt32(K), Site},
                                          "ame.string");
    copyCallLoc(*Copy, CB);
    CB.setArgOperand(A, Copy);
    if (K == 0)
      FirstCopy = Copy;
  }
  if (R.ReturnsIntoFirst) {
    SmallVector<Use *, 8> Uses;
    for (Use &U : CB.uses())
      Uses.push_back(&U);
    B.SetInsertPoint(CB.getNextNode());
    Value *InFirst = intoOriginal(B, &CB, FirstCopy, First);
    Value *Mapped = B.CreateSelect(
        B.CreateIsNull(&CB),
        ConstantPointerNull::get(cast<PointerType>(CB.getType())), InFirst);
    for (Use *U : Uses)
      U->set(Mapped);
  }
  ++NumStringReadersOnCopies;
  ORE.emit([&] {
    return OptimizationRemark(PassName, "StringReader", &CB)
           << "call to "
           << ore::NV("Callee", CB.getCalledFunction()->getName())
           << " runs as it is on private copies of its strings";
  });
  return true;
}

/// Calls the transactional clone when one exists at run time, else the
/// original call after __ame_irrevocable_v2:
///   br (%clone != null), label %tx, label %inevitable
/// For an indirect call the clone comes from the clone map
/// (__ame_find_clone); for a function defined in another module it is that
/// module's public clone <name>.ame.tx, referenced extern_weak (null when the
/// function was not compiled with the pass).
void CallRewriter::callCloneOrInevitably(CallBase &CB, bool Indirect) {
  auto *CI = cast<CallInst>(&CB);
  StringRef Detail =
      Indirect ? StringRef("indirect call") : CB.getCalledFunction()->getName();
  if (CI->isMustTailCall()) {
    makeIrrevocable(CB, Detail);
    ++(Indirect ? NumIrrevocableIndirect : NumIrrevocableExternal);
    return;
  }
  Module &M = *F.getParent();
  FunctionType *FTy = CB.getFunctionType();
  SmallVector<Type *, 8> Params{PointerType::getUnqual(M.getContext())};
  append_range(Params, FTy->params());
  auto *TxTy = FunctionType::get(FTy->getReturnType(), Params, FTy->isVarArg());
  IRBuilder<> B(&CB);
  Value *Clone;
  if (Indirect) {
    CallInst *Find =
        B.CreateCall(Abi.get(Abi_find_clone), {CB.getCalledOperand()},
                     "ame.clone");
    copyCallLoc(*Find, CB);
    Clone = Find;
  } else {
    std::string Name = (Detail + CloneSuffix).str();
    auto *Decl =
        dyn_cast<Function>(M.getOrInsertFunction(Name, TxTy).getCallee());
    if (!Decl || Decl->getFunctionType() != TxTy) {
      makeIrrevocable(CB, Detail);
      ++NumIrrevocableExternal;
      return;
    }
    if (Decl->isDeclaration())
      Decl->setLinkage(GlobalValue::ExternalWeakLinkage);
    Clone = Decl;
  }
  Instruction *ThenTerm, *ElseTerm;
  SplitBlockAndInsertIfThenElse(B.CreateIsNotNull(Clone), &CB, &ThenTerm,
                                &ElseTerm);
  // Clone path: same call with tx first.
  SmallVector<Value *, 8> Args{F.getArg(0)};
  append_range(Args, CB.args());
  SmallVector<OperandBundleDef, 1> Bundles;
  CB.getOperandBundlesAsDefs(Bundles);
  B.SetInsertPoint(ThenTerm);
  CallInst *TxCall = B.CreateCall(TxTy, Clone, Args, Bundles);
  TxCall->setCallingConv(CI->getCallingConv());
  copyCallLoc(*TxCall, CB);
  AttributeList Old = CB.getAttributes();
  SmallVector<AttributeSet, 8> ParamAttrs{AttributeSet()};
  for (unsigned I = 0, E = CB.arg_size(); I < E; ++I)
    ParamAttrs.push_back(Old.getParamAttrs(I));
  TxCall->setAttributes(AttributeList::get(F.getContext(), Old.getFnAttrs(),
                                           Old.getRetAttrs(), ParamAttrs));
  TxCloner::stripTxFalseAttributes(*TxCall);
  // No clone: the original call, inevitably.
  CB.moveBefore(ElseTerm);
  makeIrrevocable(CB, Detail, KnownCall(), /*IsFallback=*/true);
  if (!CB.getType()->isVoidTy() && !CB.use_empty()) {
    BasicBlock *Tail = ThenTerm->getSuccessor(0);
    PHINode *Phi = PHINode::Create(CB.getType(), 2, "", Tail->begin());
    CB.replaceAllUsesWith(Phi);
    Phi->addIncoming(TxCall, TxCall->getParent());
    Phi->addIncoming(&CB, CB.getParent());
    Phi->takeName(&CB);
  }
  ++(Indirect ? NumIndirectViaCloneMap : NumExternalViaWeakClone);
}

bool CallRewriter::rewrite(CallBase &CB) {
  if (isa<InvokeInst>(CB) || isa<CallBrInst>(CB)) {
    unsupported(CB, isa<InvokeInst>(CB)
                        ? "exception handling is not supported inside an "
                          "atomic region"
                        : "asm goto is not supported inside an atomic region");
    return true;
  }
  if (CB.isInlineAsm()) {
    std::string Why;
    if (asmTouchesNoMemory(*cast<InlineAsm>(CB.getCalledOperand()), Why)) {
      ++NumAsmKept;
      ORE.emit([&] {
        return OptimizationRemark(PassName, "AsmKept", &CB)
               << "inline asm without memory operands runs as it is";
      });
      return false;
    }
    makeIrrevocable(CB, Why);
    ++NumIrrevocableAsm;
    return true;
  }
  Function *Callee = CB.getCalledFunction();
  if (!Callee) {
    callCloneOrInevitably(CB, /*Indirect=*/true);
    return true;
  }
  if (Callee->isIntrinsic()) {
    // Memory intrinsics are the instrumenter's job.
    if (isa<MemIntrinsic>(CB))
      return false;
    if (isHarmlessIntrinsic(CB)) {
      ++NumHarmlessIntrinsics;
      return false;
    }
    // Masked/gather/scatter and other memory intrinsics: not modeled.
    makeIrrevocable(CB, Callee->getName());
    ++NumIrrevocableIntrinsic;
    return true;
  }
  // Other transactional functions already take tx.
  if (isTxFunction(*Callee))
    return false;
  if (isRuntimeFunction(*Callee)) {
    // A region inside a transaction: call its thunk directly (join), as
    // __ame_run would do at run time after a TLS lookup.
    if (Callee->getName() == "__ame_run" && CB.arg_size() == 3)
      if (auto *Thunk =
              dyn_cast<Function>(CB.getArgOperand(1)->stripPointerCasts()))
        if (isTxFunction(*Thunk) && Thunk->arg_size() == 2) {
          IRBuilder<> B(&CB);
          CallInst *Join =
              B.CreateCall(Thunk, {F.getArg(0), CB.getArgOperand(2)});
          copyCallLoc(*Join, CB);
          CB.replaceAllUsesWith(Join);
          CB.eraseFromParent();
          ++NumNestedRunsJoined;
          return true;
        }
    ++NumRuntimeCallsKept;
    return false;
  }
  // Both ends of a setjmp/longjmp pair inside one transaction are plain
  // control flow: the redo log survives the jump, and the call keeps its
  // returns_twice, so codegen treats the clone's frame as C requires. Only
  // the jmp_buf is written and read uninstrumented, as in plain C.
  if (isSetjmpOrLongjmpName(Callee->getName())) {
    ++NumJumpCallsKept;
    return false;
  }
  // Thread exit commits the (by then inevitable) block, which the user may
  // not expect of code inside it. Only where a region surely runs it: every
  // external function has a public clone, thread start routines too.
  if (Strict && (Callee->getName() == "pthread_exit" ||
                 Callee->getName() == "thrd_exit")) {
    reportWarning(CB, Callee->getName() +
                          " inside an atomic block commits the block first");
    ++NumThreadExitWarnings;
  }
  if (CB.hasFnAttr(Attribute::ReturnsTwice)) {
    unsupported(CB, "'" + Callee->getName() +
                        "' (a returns_twice call) is not supported inside an "
                        "atomic region");
    return true;
  }
  bool IsAlloc;
  AbiFn Alloc = allocationFn(Callee->getName(), IsAlloc);
  if (IsAlloc && Callee->isDeclaration() && rewriteAllocation(CB, Alloc))
    return true;
  if (Callee->isDeclaration()) {
    StringRef N = Callee->getName();
    if ((N == "qsort" && rewriteSortOrSearch(CB, Abi_qsort)) ||
        (N == "bsearch" && rewriteSortOrSearch(CB, Abi_bsearch)))
      return true;
    if (std::optional<int> EndArg = numberConversionEndArg(N))
      if (rewriteNumberConversion(CB, *EndArg))
        return true;
    if (std::optional<StringReader> R = stringReader(N))
      if (rewriteStringReader(CB, *R))
        return true;
    // explicit_bzero only keeps the compiler from dropping the zeroing: the
    // memset's barrier, a call, is never dropped either.
    if (N == "explicit_bzero" && CB.arg_size() == 2 &&
        CB.getType()->isVoidTy() &&
        CB.getArgOperand(0)->getType()->isPointerTy() &&
        CB.getArgOperand(1)->getType()->isIntegerTy()) {
      IRBuilder<> B(&CB);
      CallInst *Zero = B.CreateMemSet(CB.getArgOperand(0), B.getInt8(0),
                                      CB.getArgOperand(1), MaybeAlign());
      copyCallLoc(*Zero, CB);
      CB.eraseFromParent();
      ++NumLibcRewritten;
      return true;
    }
  }
  if (Callee->isDeclaration())
    if (std::optional<TxLibcSited> TxF = txLibcSited(
            *F.getParent(), Abi, Callee->getName(), CB.getFunctionType())) {
      IRBuilder<> B(&CB);
      SmallVector<Value *, 6> Args{F.getArg(0)};
      append_range(Args, CB.args());
      for (auto [Arg, Kind] : TxF->Sites)
        Args.push_back(Sites.forAccess(CB, CB.getArgOperand(Arg), Kind));
      CallInst *New = B.CreateCall(TxF->F, Args);
      copyCallLoc(*New, CB);
      New->takeName(&CB);
      CB.replaceAllUsesWith(New);
      CB.eraseFromParent();
      ++NumLibcRewritten;
      return true;
    }
  // Before the next test: clang declares lgamma free of memory accesses
  // under -fno-math-errno, although it writes signgam.
  if (CallBase *Reentrant = lgammaAsReentrant(CB))
    return rewriteMathOutputs(*Reentrant);
  // A declaration that touches no memory (e.g. sqrt without errno) is safe.
  if (CB.doesNotAccessMemory()) {
    ++NumPureCallsKept;
    return false;
  }
  // Safe: they touch only the C library's per-thread state (errno, the
  // locale, the floating-point environment), so running them again after an
  // abort is like running arithmetic again (pass/PureCallees.cpp).
  if (isPureLibraryCall(CB)) {
    ++NumPureLibraryCallsKept;
    ORE.emit([&] {
      return OptimizationRemark(PassName, "PureLibraryCall", &CB)
             << "call to " << ore::NV("Callee", Callee->getName())
             << " runs as it is: it touches no memory of the program";
    });
    return false;
  }
  if (rewriteMathOutputs(CB))
    return true;
  if (Callee->isDeclaration())
    if (std::optional<KnownCall> K = Safe.classify(CB)) {
      // Safe by the program's promise (AME_SAFE): it touches no memory of
      // the program but the ranges its annotations name.
      if (K->SerialReason.empty() && K->Accesses.empty()) {
        ++NumSafeCallsKept;
        ORE.emit([&] {
          return OptimizationRemark(PassName, "SafeCall", &CB)
                 << "call to " << ore::NV("Callee", Callee->getName())
                 << " is declared AME_SAFE: it runs as it is";
        });
        return false;
      }
      makeIrrevocable(CB, Callee->getName(), *K);
      ++(K->SerialReason.empty() ? NumSafeCallsLocked : NumKnownUnbounded);
      return true;
    }
  if (Callee->isDeclaration()) {
    KnownCall K = classifyKnownCall(CB);
    if (K.Known && formatIntoPrivateBuffer(CB, K))
      return true;
    if (std::optional<FormatCall> FC = formatCall(Callee->getName()))
      if (rewriteFormat(CB, *FC))
        return true;
    if (std::optional<WithSite> W = withSiteCall(Callee->getName()))
      if (rewriteWithSite(CB, W->Fn, W->Named, W->Dropped, W->RemarkName,
                          W->What))
        return true;
    if (K.Known) {
      makeIrrevocable(CB, Callee->getName(), K);
      ++(K.SerialReason.empty() ? NumKnownIO : NumKnownUnbounded);
      return true;
    }
  }
  // A library function has no clone anywhere; any other declaration may be
  // defined in a module compiled with the pass, with a public clone.
  LibFunc LF;
  if (Callee->isDeclaration() && !TLI.getLibFunc(*Callee, LF) &&
      !Callee->getName().starts_with("llvm.")) {
    callCloneOrInevitably(CB, /*Indirect=*/false);
    return true;
  }
  makeIrrevocable(CB, Callee->getName());
  ++NumIrrevocableExternal;
  return true;
}

bool CallRewriter::run() {
  SmallVector<CallBase *, 16> Calls;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      Calls.push_back(CB);
  bool Changed = false;
  for (CallBase *CB : Calls)
    Changed |= rewrite(*CB);
  return Changed;
}
