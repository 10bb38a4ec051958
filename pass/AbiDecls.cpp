//===- AbiDecls.cpp - Declarations of the AME runtime ABI -----------------===//
//
// Expands include/ame/abi.def into LLVM function declarations.
//
//   ame::AbiDecls(M).get(ame::Abi_irrevocable_v2)
//===----------------------------------------------------------------------===//
#include "AbiDecls.h"

#include "ame/abi.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Attributes.h"

#include <vector>

using namespace llvm;
using namespace ame;

namespace {
enum class AbiTy { Void, I8, I16, I32, I64, Ptr, Size, VarArgs };

// The type tokens of abi.def, as constants, so the X-macro's argument lists
// read as C++ initializer lists.
namespace tokens {
constexpr AbiTy VOID = AbiTy::Void, I8 = AbiTy::I8, I16 = AbiTy::I16,
                I32 = AbiTy::I32, I64 = AbiTy::I64, PTR = AbiTy::Ptr,
                SIZE = AbiTy::Size, VARARGS = AbiTy::VarArgs;
} // namespace tokens

struct AbiEntry {
  const char *Symbol;
  AbiTy Ret;
  std::vector<AbiTy> Params;
};

const std::vector<AbiEntry> &entries() {
  using namespace tokens;
  static const std::vector<AbiEntry> Table = {
#define AME_ABI_FN(name, ret, ...) {"__ame_" #name, ret, {__VA_ARGS__}},
#include "ame/abi.def"
#undef AME_ABI_FN
  };
  return Table;
}
} // namespace

AbiDecls::AbiDecls(Module &M) : M(M) {
  LLVMContext &C = M.getContext();
  SizeTy = M.getDataLayout().getIntPtrType(C);
  Type *Ptr = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C);
  SiteTy = StructType::get(C, {Ptr, Ptr, I32, I32, Ptr, I32});
}

const char *AbiDecls::symbol(AbiFn Fn) { return entries()[Fn].Symbol; }

bool AbiDecls::isFastPathName(StringRef Name) {
  return StringSwitch<bool>(Name)
      .Cases("__ame_load_1", "__ame_load_2", "__ame_load_4", "__ame_load_8",
             true)
      .Cases("__ame_store_1", "__ame_store_2", "__ame_store_4", "__ame_store_8",
             true)
      // Vector-sized copies from vectorized loops (16 and 32 bytes inline).
      .Cases("__ame_load_bytes", "__ame_store_bytes", true)
      .Default(false);
}

FunctionCallee AbiDecls::get(AbiFn Fn) {
  if (Cache[Fn])
    return Cache[Fn];
  LLVMContext &C = M.getContext();
  auto Lower = [&](AbiTy T) -> Type * {
    switch (T) {
    case AbiTy::Void:
      return Type::getVoidTy(C);
    case AbiTy::I8:
      return Type::getInt8Ty(C);
    case AbiTy::I16:
      return Type::getInt16Ty(C);
    case AbiTy::I32:
      return Type::getInt32Ty(C);
    case AbiTy::I64:
      return Type::getInt64Ty(C);
    case AbiTy::Ptr:
      return PointerType::getUnqual(C);
    case AbiTy::Size:
      return SizeTy;
    case AbiTy::VarArgs:
      break;
    }
    llvm_unreachable("bad ABI type token");
  };
  const AbiEntry &E = entries()[Fn];
  SmallVector<Type *, 4> Params;
  bool VarArgs = false;
  for (AbiTy T : E.Params) {
    if (T == AbiTy::VarArgs)
      VarArgs = true;
    else
      Params.push_back(Lower(T));
  }
  FunctionType *FTy = FunctionType::get(Lower(E.Ret), Params, VarArgs);
  // Barriers may abort the attempt (a longjmp to __ame_run), never unwind.
  AttributeList Attrs = AttributeList().addFnAttribute(C, Attribute::NoUnwind);
  // uint8_t/uint16_t are zero-extended in the C calling convention.
  auto IsSmall = [](AbiTy T) { return T == AbiTy::I8 || T == AbiTy::I16; };
  if (IsSmall(E.Ret))
    Attrs = Attrs.addRetAttribute(C, Attribute::ZExt);
  for (unsigned I = 0; I < E.Params.size(); ++I)
    if (IsSmall(E.Params[I]))
      Attrs = Attrs.addParamAttribute(C, I, Attribute::ZExt);
  // Fresh blocks, as malloc's are (a reclaimed block is reused only once
  // nothing can reach it), and free keeps no copy of the pointer: alias
  // analysis may rely on both (LineReads.cpp: a loop that copies shared data
  // into a block the transaction allocated writes nothing it reads).
  if (Fn == Abi_malloc || Fn == Abi_calloc || Fn == Abi_realloc ||
      Fn == Abi_aligned_alloc)
    Attrs = Attrs.addRetAttribute(C, Attribute::NoAlias);
  if (Fn == Abi_free)
    Attrs = Attrs.addParamAttribute(C, 1, Attribute::NoCapture);
  Cache[Fn] = M.getOrInsertFunction(E.Symbol, FTy, Attrs);
  return Cache[Fn];
}

/// Fn1 heads a family of 1-, 2-, 4- and 8-byte entries, which abi.def lists
/// in that order.
static_assert(Abi_load_8 == Abi_load_1 + 3 && Abi_store_8 == Abi_store_1 + 3 &&
                  Abi_load_for_write_8 == Abi_load_for_write_1 + 3 &&
                  Abi_open_for_write_8 == Abi_open_for_write_1 + 3,
              "abi.def lists each sized family as _1, _2, _4, _8");
FunctionCallee AbiDecls::sized(AbiFn Fn1, unsigned Bytes) {
  switch (Bytes) {
  case 1:
    return get(Fn1);
  case 2:
    return get(AbiFn(Fn1 + 1));
  case 4:
    return get(AbiFn(Fn1 + 2));
  case 8:
    return get(AbiFn(Fn1 + 3));
  }
  llvm_unreachable("no barrier of this size");
}

FunctionCallee AbiDecls::load(unsigned Bytes) { return sized(Abi_load_1, Bytes); }

FunctionCallee AbiDecls::loadForWrite(unsigned Bytes) {
  return sized(Abi_load_for_write_1, Bytes);
}

FunctionCallee AbiDecls::openForWrite(unsigned Bytes) {
  return sized(Abi_open_for_write_1, Bytes);
}

FunctionCallee AbiDecls::store(unsigned Bytes) {
  return sized(Abi_store_1, Bytes);
}

Value *AbiDecls::lockWordAddress(IRBuilderBase &B, Value *Ptr) {
  Type *IntTy = B.getInt64Ty();
  Value *Addr = B.CreatePtrToInt(Ptr, IntTy);
  Value *Meta = B.CreateAdd(
      B.CreateAnd(B.CreateLShr(Addr, AME_SHADOW_SHIFT), AME_SHADOW_MASK),
      ConstantInt::get(IntTy, AME_SHADOW_BASE));
  return B.CreateIntToPtr(Meta, Ptr->getType());
}
