//===- Remarks.cpp - Errors and warnings the AME pass reports -------------===//
//
// DiagnosticInfoUnsupported with severity error or warning, located at the
// instruction.
//
//   ame::reportError(F, "variadic AME_ATOMIC functions are not supported")
//===----------------------------------------------------------------------===//
#include "Remarks.h"
#include "Common.h"

#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"

using namespace llvm;

void ame::reportError(const Instruction &I, const Twine &Msg, StringRef Where) {
  const Function &F = *I.getFunction();
  std::string Text = ("AME: " + Msg).str();
  if (!I.getDebugLoc() && !Where.empty())
    Text += (" (atomic region at " + Where + ")").str();
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, Text, DiagnosticLocation(I.getDebugLoc()), DS_Error));
}

void ame::reportError(const Function &F, const Twine &Msg, StringRef Where) {
  std::string Text = ("AME: " + Msg).str();
  if (!Where.empty())
    Text += (" (at " + Where + ")").str();
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, Text, DiagnosticLocation(F.getSubprogram()), DS_Error));
}

void ame::reportWarning(const Instruction &I, const Twine &Msg) {
  const Function &F = *I.getFunction();
  std::string Text = ("AME: " + Msg).str();
  if (!I.getDebugLoc())
    Text += " (in " + sourceName(F) + ")";
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, Text, DiagnosticLocation(I.getDebugLoc()), DS_Warning));
}
