//===- PureCallees.cpp - C library functions that run as they are --------===//
//
// The list is exact on purpose: a name here is a promise that the function
// reads and writes nothing of the program, only its arguments by value and
// the C library's per-thread state. lgamma is left out (it writes the global
// signgam: CallRewriter makes it lgamma_r(x, &signgam)), and so is every
// function with a pointer parameter (frexp, modf, sincos, nan): the prototype
// check below refuses them. Those that write results through their pointers and
// touch nothing else (mathOutputs) run as they are once the call rewriter gives
// each result a private slot.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-instrument -S in.ll
//===----------------------------------------------------------------------===//
#include "PureCallees.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace {

/// math.h functions of C99/C11 and glibc, each also with the f and l
/// suffixes.
const char *const MathNames[] = {
    "acos",  "asin",      "atan",      "atan2",      "cos",       "sin",
    "tan",   "acosh",     "asinh",     "atanh",      "cosh",      "sinh",
    "tanh",  "exp",       "exp2",      "exp10",      "expm1",     "log",
    "log10", "log1p",     "log2",      "logb",       "ilogb",     "pow",
    "sqrt",  "cbrt",      "hypot",     "erf",        "erfc",      "tgamma",
    "ceil",  "floor",     "trunc",     "round",      "lround",    "llround",
    "rint",  "lrint",     "llrint",    "nearbyint",  "fmod",      "remainder",
    "drem",  "copysign",  "nextafter", "nexttoward", "fdim",      "fmax",
    "fmin",  "fma",       "fabs",      "scalbn",     "scalbln",   "ldexp",
    "j0",    "j1",        "jn",        "y0",         "y1",        "yn",
    "significand", "roundeven", "fmaximum", "fminimum", "fmaximum_num",
    "fminimum_num"};

/// Everything else: classification and case mapping (they read the
/// current locale, the C library's own), absolute values and divisions by
/// value, and glibc's internal names for classification macros.
const char *const OtherNames[] = {
    "isalnum", "isalpha", "isblank", "iscntrl", "isdigit", "isgraph", "islower",
    "isprint", "ispunct", "isspace", "isupper", "isxdigit", "isascii",
    "toascii", "tolower", "toupper", "abs", "labs", "llabs", "imaxabs", "div",
    "ldiv", "lldiv", "imaxdiv", "__fpclassify", "__fpclassifyf",
    "__fpclassifyl", "__signbit", "__signbitf", "__signbitl", "__isnan",
    "__isnanf", "__isnanl", "__isinf", "__isinff", "__isinfl", "__finite",
    "__finitef", "__finitel",
    // Wide-character classification and case mapping, by the locale too.
    "iswalnum", "iswalpha", "iswblank", "iswcntrl", "iswdigit", "iswgraph",
    "iswlower", "iswprint", "iswpunct", "iswspace", "iswupper", "iswxdigit",
    "towlower", "towupper",
    // The system's limits and configuration, from the kernel and the C
    // library.
    "sysconf",
    // Of two times by value.
    "difftime"};

/// They return the address of data of the C library (the ctype tables of
/// the thread's locale, errno), which the program then reads or writes
/// through ordinary, instrumented accesses. localeconv fills its static
/// struct from the locale at every call: an attempt that rolls back leaves
/// what the next call writes there anyway (number formatting and parsing
/// in Lua and cJSON read the decimal point through it).
const char *const GetterNames[] = {"__ctype_b_loc", "__ctype_tolower_loc",
                                   "__ctype_toupper_loc", "__errno_location",
                                   "localeconv"};

const StringSet<> &pureNames() {
  static const StringSet<> Names = [] {
    StringSet<> S;
    for (const char *N : MathNames)
      for (const char *Suffix : {"", "f", "l"})
        S.insert((Twine(N) + Suffix).str());
    for (const char *N : OtherNames)
      S.insert(N);
    return S;
  }();
  return Names;
}

bool isGetterName(StringRef N) {
  for (const char *G : GetterNames)
    if (N == G)
      return true;
  return false;
}

} // namespace

bool ame::isPureLibraryCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration())
    return false;
  StringRef Name = Callee->getName();
  if (isGetterName(Name))
    return CB.arg_size() == 0 && CB.getType()->isPointerTy();
  // A message of the C library's own (a constant string, or its per-thread
  // buffer for unknown numbers), which the program then reads through
  // ordinary, instrumented accesses.
  if (Name == "strerror" || Name == "strsignal")
    return CB.arg_size() == 1 &&
           CB.getArgOperand(0)->getType()->isIntegerTy() &&
           CB.getType()->isPointerTy();
  // It reads the allocator's header of the block (libame's or the C
  // library's), never the program's bytes; a block freed in a transaction is
  // reclaimed only when no transaction that may still reach it runs.
  if (Name == "malloc_usable_size")
    return CB.arg_size() == 1 &&
           CB.getArgOperand(0)->getType()->isPointerTy() &&
           CB.getType()->isIntegerTy();
  if (!pureNames().contains(Name))
    return false;
  // Another function with a C library name: a pointer in or out means it
  // might touch the program's memory.
  if (CB.getType()->isPointerTy())
    return false;
  for (const Value *A : CB.args())
    if (A->getType()->isPointerTy())
      return false;
  return true;
}

SmallVector<ame::MathOutput, 2> ame::mathOutputs(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || Callee->isVarArg())
    return {};
  // The base name and the variant: no suffix double, f float, l long
  // double (lgamma_r puts it before "_r").
  StringRef N = Callee->getName();
  bool Reentrant = N.consume_back("_r");
  char Suffix = 0;
  StringRef Base = StringSwitch<StringRef>(N)
                       .Cases("frexp", "modf", "sincos", "remquo", "lgamma", N)
                       .Default("");
  if (Base.empty() && (N.ends_with("f") || N.ends_with("l"))) {
    Suffix = N.back();
    Base =
        StringSwitch<StringRef>(N.drop_back())
            .Cases("frexp", "modf", "sincos", "remquo", "lgamma", N.drop_back())
            .Default("");
  }
  if (Reentrant != (Base == "lgamma"))
    return {};
  LLVMContext &C = CB.getContext();
  Type *I32 = Type::getInt32Ty(C);
  Type *FP = CB.arg_size() ? CB.getArgOperand(0)->getType() : nullptr;
  SmallVector<MathOutput, 2> Outs;
  if (Base == "frexp" || Base == "lgamma")
    Outs = {{1, I32}};
  else if (Base == "modf")
    Outs = {{1, FP}};
  else if (Base == "sincos")
    Outs = {{1, FP}, {2, FP}};
  else if (Base == "remquo")
    Outs = {{2, I32}};
  else
    return {};
  // The prototype: value arguments of the variant's type, pointers where
  // the outputs go, and a result of that type (sincos returns nothing).
  if (!FP || !FP->isFloatingPointTy() || (Suffix == 'f') != FP->isFloatTy() ||
      (!Suffix && !FP->isDoubleTy()))
    return {};
  unsigned Args = Base == "sincos" || Base == "remquo" ? 3 : 2;
  if (CB.arg_size() != Args ||
      (Base == "sincos" ? !CB.getType()->isVoidTy() : CB.getType() != FP))
    return {};
  for (unsigned I = 0; I < Args; I++) {
    bool IsOut = any_of(Outs, [&](const MathOutput &O) { return O.Arg == I; });
    Type *T = CB.getArgOperand(I)->getType();
    if (IsOut ? !T->isPointerTy() : T != FP)
      return {};
  }
  return Outs;
}

bool ame::isErrnoLocation(const Value *Ptr) {
  const auto *CB = dyn_cast<CallBase>(getUnderlyingObject(Ptr, 0));
  const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
  return Callee && Callee->isDeclaration() &&
         Callee->getName() == "__errno_location" && CB->arg_size() == 0;
}
