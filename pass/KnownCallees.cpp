//===- KnownCallees.cpp - Library calls that run beside others ------------===//
//
// The table of known callees and the printf format parser. Short on purpose:
// an entry is a promise that the function touches no memory of the program
// but what its arguments describe (FILE objects, the kernel and errno are the
// C library's own), so every entry must be exact.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-instrument -S io.ll
//===----------------------------------------------------------------------===//
#include "KnownCallees.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

#include <optional>

using namespace llvm;
using namespace ame;

namespace {

/// Kind of an access in the table: 's' string read, 'r' read, 'w' write.
struct TableAccess {
  unsigned Ptr;
  char Kind;
  uint64_t Scale;
  int SizeArg0, SizeArg1; // -1: none
};

struct TableEntry {
  const char *Name;
  /// Index of a printf format argument (the variadic arguments follow it),
  /// or -1.
  int Format;
  /// Non-null: known, but runs serially for this reason.
  const char *Serial;
  std::initializer_list<TableAccess> Accesses;
};

// struct timespec and struct timeval: two longs; time_t: a long; struct tm:
// nine ints, a long and a pointer; the 48-bit generators' state: three
// unsigned shorts (lcong48's seven). Only used for LP64 targets (checked
// below), the runtime's only kind.
constexpr uint64_t TimePairBytes = 16, TimeBytes = 8, TimezoneBytes = 8,
                   TmBytes = 56, Rand48Bytes = 6, Lcong48Bytes = 14;
// ctime_r and asctime_r write "Www Mmm dd hh:mm:ss yyyy\n" and its NUL.
constexpr uint64_t AsctimeBytes = 26, WcharBytes = 4;

const TableEntry Table[] = {
    // Output. FILE objects belong to the C library, which locks them itself.
    {"puts", -1, nullptr, {{0, 's', 0, -1, -1}}},
    {"fputs", -1, nullptr, {{0, 's', 0, -1, -1}}},
    {"perror", -1, nullptr, {{0, 's', 0, -1, -1}}},
    {"putchar", -1, nullptr, {}},
    {"fputc", -1, nullptr, {}},
    {"putc", -1, nullptr, {}},
    {"fflush", -1, nullptr, {}},
    {"fwrite", -1, nullptr, {{0, 'r', 1, 1, 2}}},
    {"write", -1, nullptr, {{1, 'r', 1, 2, -1}}},
    {"printf", 0, nullptr, {}},
    {"fprintf", 1, nullptr, {}},
    {"dprintf", 1, nullptr, {}},
    {"__printf_chk", 1, nullptr, {}},
    // Formatting into the program's buffer of the size it gives.
    {"snprintf", 2, nullptr, {{0, 'w', 1, 1, -1}}},
    {"__snprintf_chk", 4, nullptr, {{0, 'w', 1, 1, -1}}},
    {"__fprintf_chk", 2, nullptr, {}},
    {"vprintf", -1, "its arguments come in a va_list", {}},
    {"vfprintf", -1, "its arguments come in a va_list", {}},
    {"vdprintf", -1, "its arguments come in a va_list", {}},
    {"__vprintf_chk", -1, "its arguments come in a va_list", {}},
    {"__vfprintf_chk", -1, "its arguments come in a va_list", {}},
    // Input into the program's memory.
    {"read", -1, nullptr, {{1, 'w', 1, 2, -1}}},
    {"fread", -1, nullptr, {{0, 'w', 1, 1, 2}}},
    // Clocks, sleeps, the C library's own state.
    {"clock_gettime", -1, nullptr, {{1, 'w', TimePairBytes, -1, -1}}},
    {"gettimeofday",
     -1,
     nullptr,
     {{0, 'w', TimePairBytes, -1, -1}, {1, 'w', TimezoneBytes, -1, -1}}},
    {"time", -1, nullptr, {{0, 'w', TimeBytes, -1, -1}}},
    {"nanosleep",
     -1,
     nullptr,
     {{0, 'r', TimePairBytes, -1, -1}, {1, 'w', TimePairBytes, -1, -1}}},
    {"clock", -1, nullptr, {}},
    {"usleep", -1, nullptr, {}},
    {"sleep", -1, nullptr, {}},
    {"sched_yield", -1, nullptr, {}},
    {"getpid", -1, nullptr, {}},
    {"gettid", -1, nullptr, {}},
    {"pthread_self", -1, nullptr, {}},
    {"rand", -1, nullptr, {}},
    {"random", -1, nullptr, {}},
    {"srand", -1, nullptr, {}},
    {"srandom", -1, nullptr, {}},
    {"drand48", -1, nullptr, {}},
    {"lrand48", -1, nullptr, {}},
    {"mrand48", -1, nullptr, {}},
    {"srand48", -1, nullptr, {}},
    // The generator's state is the caller's array.
    {"erand48", -1, nullptr, {{0, 'w', Rand48Bytes, -1, -1}}},
    {"nrand48", -1, nullptr, {{0, 'w', Rand48Bytes, -1, -1}}},
    {"jrand48", -1, nullptr, {{0, 'w', Rand48Bytes, -1, -1}}},
    // seed48 returns the C library's own copy of the old state.
    {"seed48", -1, nullptr, {{0, 'r', Rand48Bytes, -1, -1}}},
    {"lcong48", -1, nullptr, {{0, 'r', Lcong48Bytes, -1, -1}}},
    // Broken-down time: the time zone is the C library's (read from the
    // environment and files); gmtime and localtime return its static struct.
    {"gmtime", -1, nullptr, {{0, 'r', TimeBytes, -1, -1}}},
    {"localtime", -1, nullptr, {{0, 'r', TimeBytes, -1, -1}}},
    {"gmtime_r",
     -1,
     nullptr,
     {{0, 'r', TimeBytes, -1, -1}, {1, 'w', TmBytes, -1, -1}}},
    {"localtime_r",
     -1,
     nullptr,
     {{0, 'r', TimeBytes, -1, -1}, {1, 'w', TmBytes, -1, -1}}},
    // An error's message into the caller's buffer of the size it gives
    // (GNU's returns it or a message of the C library's own; the XSI one,
    // __xpg_strerror_r, an error number).
    {"strerror_r", -1, nullptr, {{1, 'w', 1, 2, -1}}},
    {"__xpg_strerror_r", -1, nullptr, {{1, 'w', 1, 2, -1}}},
    // Text of a time: ctime and asctime into the C library's static buffer.
    {"ctime", -1, nullptr, {{0, 'r', TimeBytes, -1, -1}}},
    {"asctime", -1, nullptr, {{0, 'r', TmBytes, -1, -1}}},
    {"ctime_r",
     -1,
     nullptr,
     {{0, 'r', TimeBytes, -1, -1}, {1, 'w', AsctimeBytes, -1, -1}}},
    {"asctime_r",
     -1,
     nullptr,
     {{0, 'r', TmBytes, -1, -1}, {1, 'w', AsctimeBytes, -1, -1}}},
    // Into the caller's buffer of the size it gives, from the format and the
    // struct; a format that prints the zone's name reads the string the
    // struct points to (timeFormatSerialReason).
    {"strftime",
     -1,
     nullptr,
     {{0, 'w', 1, 1, -1}, {2, 's', 0, -1, -1}, {3, 'r', TmBytes, -1, -1}}},
    // The text parsed into the struct (strptime writes only the fields its
    // format names, so the whole struct is locked for writing).
    {"strptime",
     -1,
     nullptr,
     {{0, 's', 0, -1, -1}, {1, 's', 0, -1, -1}, {2, 'w', TmBytes, -1, -1}}},
    // A multibyte string read, n wide characters written (none for a null
    // destination, which only counts); the shift state is the C library's.
    {"mbstowcs",
     -1,
     nullptr,
     {{0, 'w', WcharBytes, 2, -1}, {1, 's', 0, -1, -1}}},
    // They normalize the struct in place.
    {"mktime", -1, nullptr, {{0, 'w', TmBytes, -1, -1}}},
    {"timegm", -1, nullptr, {{0, 'w', TmBytes, -1, -1}}},
    {"timelocal", -1, nullptr, {{0, 'w', TmBytes, -1, -1}}},
};

/// Bytes %n writes for a length modifier (LP64).
std::optional<uint64_t> countBytes(StringRef Len) {
  if (Len == "hh")
    return 1;
  if (Len == "h")
    return 2;
  if (Len.empty())
    return 4;
  if (Len == "l" || Len == "ll" || Len == "q" || Len == "j" || Len == "z" ||
      Len == "Z" || Len == "t")
    return 8;
  return std::nullopt;
}

/// Appends the accesses of Fmt's conversions, whose arguments start at
/// operand Arg of CB; returns why the call must run serially, or "".
std::string formatAccesses(StringRef Fmt, const CallBase &CB, unsigned Arg,
                           SmallVectorImpl<ArgAccess> &Out) {
  const size_t N = Fmt.size();
  auto Take = [&](bool Pointer) -> std::optional<unsigned> {
    if (Arg >= CB.arg_size())
      return std::nullopt;
    if (Pointer && !CB.getArgOperand(Arg)->getType()->isPointerTy())
      return std::nullopt;
    return Arg++;
  };
  const std::string TooFew =
      "its format needs arguments the call does not pass";
  for (size_t I = 0; I < N; ++I) {
    if (Fmt[I] != '%')
      continue;
    if (++I < N && Fmt[I] == '%')
      continue;
    while (I < N && StringRef("-+ #0'I").contains(Fmt[I]))
      ++I;
    size_t J = I;
    while (J < N && isDigit(Fmt[J]))
      ++J;
    if (J < N && Fmt[J] == '$')
      return "its format numbers its arguments";
    if (I < N && Fmt[I] == '*') {
      if (!Take(false))
        return TooFew;
      ++I;
    }
    while (I < N && isDigit(Fmt[I]))
      ++I;
    std::optional<uint64_t> Precision;
    bool PrecisionArg = false;
    if (I < N && Fmt[I] == '.') {
      ++I;
      if (I < N && Fmt[I] == '*') {
        if (!Take(false))
          return TooFew;
        PrecisionArg = true;
        ++I;
      } else {
        uint64_t P = 0;
        while (I < N && isDigit(Fmt[I]))
          P = P * 10 + (Fmt[I++] - '0');
        Precision = P;
      }
    }
    size_t LenStart = I;
    while (I < N && StringRef("hlLqjzZt").contains(Fmt[I]))
      ++I;
    StringRef Len = Fmt.slice(LenStart, I);
    if (I == N)
      return "its format ends inside a conversion";
    char C = Fmt[I];
    if (StringRef("diouxXcCeEfFgGaAp").contains(C)) {
      // By value: nothing of the program's memory is read.
      if (!Take(false))
        return TooFew;
      continue;
    }
    if (C == 'm')
      continue;
    if (C == 's') {
      if (!Len.empty())
        return "its format prints a wide string (%ls)";
      if (PrecisionArg)
        return "its format takes a %s precision from an argument";
      std::optional<unsigned> P = Take(true);
      if (!P)
        return TooFew;
      ArgAccess A;
      A.Ptr = *P;
      // At most Precision bytes are read, and the string may be longer
      // (or not terminated): lock exactly those.
      if (Precision)
        A.Scale = *Precision;
      else
        A.String = true;
      Out.push_back(A);
      continue;
    }
    if (C == 'n') {
      std::optional<uint64_t> Bytes = countBytes(Len);
      std::optional<unsigned> P = Take(true);
      if (!Bytes || !P)
        return "its format has a %n the pass cannot size";
      ArgAccess A;
      A.Ptr = *P;
      A.Write = true;
      A.Scale = *Bytes;
      Out.push_back(A);
      continue;
    }
    return (Twine("its format has a conversion the pass does not know (%") +
            Twine(C) + ")")
        .str();
  }
  return "";
}

/// Why strftime's format Fmt must run serially, or "": %Z prints the string
/// tm_zone points to, which may be the program's and is not bounded here.
std::string timeFormatSerialReason(StringRef Fmt) {
  for (size_t I = 0; I < Fmt.size(); ++I) {
    if (Fmt[I] != '%')
      continue;
    // glibc's flags and width, then the E and O modifiers.
    while (++I < Fmt.size() &&
           (StringRef("_-0^#").contains(Fmt[I]) || isDigit(Fmt[I]) ||
            Fmt[I] == 'E' || Fmt[I] == 'O'))
      ;
    if (I < Fmt.size() && Fmt[I] == 'Z')
      return "its format prints the time zone's name (%Z), a string the "
             "struct tm points to";
  }
  return "";
}

bool isIntegerArg(const CallBase &CB, int I) {
  return I < 0 || ((unsigned)I < CB.arg_size() &&
                   CB.getArgOperand(I)->getType()->isIntegerTy());
}

} // namespace

KnownCall ame::classifyKnownCall(const CallBase &CB) {
  KnownCall K;
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() ||
      CB.getModule()->getDataLayout().getPointerSizeInBits() != 64)
    return K;
  StringRef Name = Callee->getName();
  const TableEntry *E = nullptr;
  for (const TableEntry &T : Table)
    if (Name == T.Name)
      E = &T;
  if (!E)
    return K;
  // A prototype other than the C library's: not the function we know.
  for (const TableAccess &A : E->Accesses)
    if (A.Ptr >= CB.arg_size() ||
        !CB.getArgOperand(A.Ptr)->getType()->isPointerTy() ||
        !isIntegerArg(CB, A.SizeArg0) || !isIntegerArg(CB, A.SizeArg1))
      return K;
  if (E->Format >= 0 && ((unsigned)E->Format >= CB.arg_size() ||
                         !CB.getFunctionType()->isVarArg()))
    return K;
  K.Known = true;
  if (E->Serial) {
    K.SerialReason = E->Serial;
    return K;
  }
  for (const TableAccess &T : E->Accesses) {
    ArgAccess A;
    A.Ptr = T.Ptr;
    A.String = T.Kind == 's';
    A.Write = T.Kind == 'w';
    A.Scale = T.Scale;
    for (int S : {T.SizeArg0, T.SizeArg1})
      if (S >= 0)
        A.SizeArgs.push_back(S);
    K.Accesses.push_back(A);
  }
  if (E->Format >= 0) {
    StringRef Fmt;
    if (!getConstantStringInfo(CB.getArgOperand(E->Format), Fmt))
      K.SerialReason = "its format string is not a constant";
    else
      K.SerialReason = formatAccesses(Fmt, CB, E->Format + 1, K.Accesses);
  }
  if (Name == "strftime") {
    StringRef Fmt;
    if (!getConstantStringInfo(CB.getArgOperand(2), Fmt))
      K.SerialReason = "its format string is not a constant";
    else
      K.SerialReason = timeFormatSerialReason(Fmt);
  }
  if (!K.SerialReason.empty())
    K.Accesses.clear();
  return K;
}

void ame::emitLocks(IRBuilder<> &B, Value *Tx, AbiDecls &Abi,
                    SiteBuilder &Sites, const CallBase &CB,
                    const KnownCall &K) {
  for (const ArgAccess &A : K.Accesses) {
    Value *Ptr = CB.getArgOperand(A.Ptr);
    // An optional argument left out (gettimeofday's timezone).
    if (isa<ConstantPointerNull>(Ptr))
      continue;
    // Safe: nobody may write a constant global (a literal %s argument).
    if (!A.Write)
      if (auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Ptr)))
        if (GV->isConstant())
          continue;
    GlobalVariable *Site =
        Sites.forAccess(CB, Ptr, A.Write ? AME_SITE_WRITE : AME_SITE_READ);
    if (A.String) {
      B.CreateCall(Abi.get(Abi_lock_string), {Tx, Ptr, Site});
      continue;
    }
    Value *Size = nullptr;
    for (unsigned S : A.SizeArgs) {
      Value *N = B.CreateZExtOrTrunc(CB.getArgOperand(S), Abi.sizeType());
      Size = Size ? B.CreateMul(Size, N) : N;
    }
    Value *Scale = ConstantInt::get(Abi.sizeType(), A.Scale);
    if (!Size)
      Size = Scale;
    else if (A.Scale != 1)
      Size = B.CreateMul(Size, Scale);
    B.CreateCall(Abi.get(Abi_lock_range),
                 {Tx, Ptr, Size, B.getInt32(A.Write ? 1 : 0), Site});
  }
}
