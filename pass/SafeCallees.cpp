//===- SafeCallees.cpp - Functions the program declares AME_SAFE ----------===//
//
// The annotations reach the IR as llvm.global.annotations entries naming the
// function ("ame.safe", "ame.safe.reads:P:N", "ame.safe.writes:P:N",
// "ame.safe.string:P", with argument indices from 0). A malformed one makes
// the call serial, with a remark saying why, rather than trusting it.
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-instrument -S in.ll
//===----------------------------------------------------------------------===//
#include "SafeCallees.h"
#include "Common.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

#include <algorithm>

using namespace llvm;
using namespace ame;

SafeCallees::SafeCallees(Module &M) {
  for (const FunctionAnnotation &A : functionAnnotations(M)) {
    StringRef Tag = A.Tag;
    if (!Tag.starts_with("ame.safe"))
      continue;
    SmallVector<std::string, 2> &Accesses = Specs[A.F];
    if (Tag.consume_front("ame.safe.reads:"))
      Accesses.push_back(("r:" + Tag).str());
    else if (Tag.consume_front("ame.safe.writes:"))
      Accesses.push_back(("w:" + Tag).str());
    else if (Tag.consume_front("ame.safe.string:"))
      Accesses.push_back(("s:" + Tag).str());
    else if (Tag != "ame.safe")
      Accesses.push_back(("?:" + Tag).str());
  }
}

std::optional<KnownCall> SafeCallees::classify(const CallBase &CB) const {
  const Function *Callee = CB.getCalledFunction();
  auto It = Callee ? Specs.find(Callee) : Specs.end();
  if (It == Specs.end())
    return std::nullopt;
  KnownCall K;
  K.Known = true;
  K.DeclaredSafe = true;
  auto PointerArg = [&](StringRef Index, unsigned &Out) {
    return !Index.getAsInteger(10, Out) && Out < CB.arg_size() &&
           CB.getArgOperand(Out)->getType()->isPointerTy();
  };
  auto IntegerArg = [&](StringRef Index, unsigned &Out) {
    return !Index.getAsInteger(10, Out) && Out < CB.arg_size() &&
           CB.getArgOperand(Out)->getType()->isIntegerTy();
  };
  for (StringRef A : It->second) {
    SmallVector<StringRef, 3> Parts;
    A.split(Parts, ':');
    ArgAccess Acc;
    unsigned Size = 0;
    bool Ok = false;
    if (Parts[0] == "s" && Parts.size() == 2) {
      Acc.String = true;
      Ok = PointerArg(Parts[1], Acc.Ptr);
    } else if ((Parts[0] == "r" || Parts[0] == "w") && Parts.size() == 3) {
      Acc.Write = Parts[0] == "w";
      Acc.Scale = 1;
      Ok = PointerArg(Parts[1], Acc.Ptr) && IntegerArg(Parts[2], Size);
      Acc.SizeArgs.push_back(Size);
    }
    if (!Ok) {
      StringRef Kind = Parts[0] == "r"   ? "AME_SAFE_READS"
                       : Parts[0] == "w" ? "AME_SAFE_WRITES"
                       : Parts[0] == "s" ? "AME_SAFE_STRING"
                                         : "annotation";
      std::string Args = A.drop_front(2).str();
      std::replace(Args.begin(), Args.end(), ':', ',');
      K.SerialReason =
          ("its " + Kind + "(" + Args +
           ") does not fit the call (arguments count from 0; the pointer "
           "and the size must be arguments of those types)")
              .str();
      K.Accesses.clear();
      return K;
    }
    K.Accesses.push_back(Acc);
  }
  return K;
}
