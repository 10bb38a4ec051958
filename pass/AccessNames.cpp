//===- AccessNames.cpp - What a memory access touches, in source terms ----===//
//
// The object under the pointer (a global, an escaped local) names itself; a
// field is found from the access's struct-path TBAA tag (base type name and
// offset: optimizations keep it where they turn field GEPs into byte
// offsets), else from a GEP whose source type is a named struct. Member names
// come from the module's debug types, looked up by struct tag or typedef.
//
//   ame::AccessNamer(M).name(I, Ptr) == "struct account.balance"
//===----------------------------------------------------------------------===//
#include "AccessNames.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"

using namespace llvm;
using namespace ame;

/// Typedefs and qualifiers stripped.
static const DIType *stripped(const DIType *T) {
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    unsigned Tag = D->getTag();
    if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
        Tag != dwarf::DW_TAG_volatile_type && Tag != dwarf::DW_TAG_atomic_type)
      break;
    T = D->getBaseType();
  }
  return T;
}

const DICompositeType *AccessNamer::composite(StringRef Name) {
  if (!Indexed) {
    Indexed = true;
    DebugInfoFinder Finder;
    Finder.processModule(M);
    for (const DIType *T : Finder.types()) {
      if (T->getName().empty())
        continue;
      if (isa<DICompositeType>(T) ||
          (T->getTag() == dwarf::DW_TAG_typedef &&
           isa_and_nonnull<DICompositeType>(stripped(T))))
        Types.try_emplace(T->getName(), T);
    }
  }
  auto It = Types.find(Name);
  if (It == Types.end())
    return nullptr;
  return dyn_cast_or_null<DICompositeType>(stripped(It->second));
}

/// ".a.b" for the member at Offset bytes into C (nested structs followed,
/// array elements as "[]"), or "" if no member covers it.
static std::string memberPath(const DICompositeType *C, uint64_t Offset) {
  std::string Path;
  for (unsigned Depth = 0; C && Depth < 8; ++Depth) {
    if (C->getTag() == dwarf::DW_TAG_array_type) {
      const DIType *Elt = stripped(C->getBaseType());
      uint64_t Size = Elt ? Elt->getSizeInBits() / 8 : 0;
      Path += "[]";
      if (!Size)
        break;
      Offset %= Size;
      C = dyn_cast_or_null<DICompositeType>(Elt);
      continue;
    }
    const DIDerivedType *Hit = nullptr;
    for (const DINode *N : C->getElements()) {
      auto *Member = dyn_cast<DIDerivedType>(N);
      if (!Member || Member->getTag() != dwarf::DW_TAG_member)
        continue;
      uint64_t Begin = Member->getOffsetInBits() / 8;
      uint64_t Size = (Member->getSizeInBits() + 7) / 8;
      if (Offset >= Begin && Offset < Begin + std::max<uint64_t>(Size, 1)) {
        Hit = Member;
        break;
      }
    }
    if (!Hit)
      break;
    Offset -= Hit->getOffsetInBits() / 8;
    if (!Hit->getName().empty())
      Path += "." + Hit->getName().str();
    C = dyn_cast_or_null<DICompositeType>(stripped(Hit->getBaseType()));
    if (C && C->getTag() != dwarf::DW_TAG_array_type &&
        C->getTag() != dwarf::DW_TAG_structure_type &&
        C->getTag() != dwarf::DW_TAG_union_type)
      break;
  }
  return Path;
}

std::string AccessNamer::field(StringRef Name, uint64_t Offset) {
  const DICompositeType *C = composite(Name);
  std::string Prefix;
  if (C && C->getName() == Name)
    Prefix = C->getTag() == dwarf::DW_TAG_union_type ? "union " : "struct ";
  else if (!C)
    Prefix = "struct ";
  std::string Path = C ? memberPath(C, Offset) : "";
  if (Path.empty())
    return Prefix + Name.str() + "+" + std::to_string(Offset);
  return Prefix + Name.str() + Path;
}

namespace {
/// A global as the program names it: its source name, where a function's
/// static lives (" (static in f)"), and its debug type if any.
struct GlobalName {
  std::string Name, Where;
  const DIType *Ty = nullptr;
};
} // namespace

static GlobalName globalName(const GlobalVariable &GV) {
  GlobalName G{GV.getName().str(), "", nullptr};
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  GV.getDebugInfo(GVEs);
  if (!GVEs.empty()) {
    const DIGlobalVariable *Var = GVEs.front()->getVariable();
    G.Name = Var->getName().str();
    G.Ty = Var->getType();
    if (auto *SP = dyn_cast_or_null<DISubprogram>(Var->getScope()))
      G.Where = " (static in " + SP->getName().str() + ")";
  }
  return G;
}

std::string AccessNamer::global(const GlobalVariable &GV, uint64_t Offset,
                                bool KnownOffset) {
  GlobalName G = globalName(GV);
  std::string Path;
  if (KnownOffset)
    if (auto *C = dyn_cast_or_null<DICompositeType>(stripped(G.Ty)))
      Path = memberPath(C, Offset);
  return "global " + G.Name + Path + G.Where;
}

std::string AccessNamer::local(const Value &Alloca) {
  Value *V = const_cast<Value *>(&Alloca);
  for (DbgDeclareInst *D : findDbgDeclares(V))
    return "local " + D->getVariable()->getName().str();
  for (DbgVariableRecord *D : findDVRDeclares(V))
    return "local " + D->getVariable()->getName().str();
  if (Alloca.hasName())
    return "local " + Alloca.getName().str();
  return "";
}

/// The struct type name of an IR struct ("struct.account.12" -> "account").
static StringRef irStructName(const StructType *ST) {
  if (!ST || !ST->hasName())
    return "";
  StringRef N = ST->getName();
  if (!N.consume_front("struct.") && !N.consume_front("union."))
    return "";
  // Clang numbers types whose names collide across merged modules.
  while (!N.empty()) {
    size_t Dot = N.rfind('.');
    if (Dot == StringRef::npos ||
        N.substr(Dot + 1).find_first_not_of("0123456789") != StringRef::npos)
      break;
    N = N.substr(0, Dot);
  }
  return N;
}

std::string AccessNamer::pointee(const Value &Base, uint64_t Offset) {
  Value *V = const_cast<Value *>(&Base);
  const DILocalVariable *Var = nullptr;
  SmallVector<DbgValueInst *, 1> Values;
  SmallVector<DbgVariableRecord *, 1> Records;
  findDbgValues(Values, V, &Records);
  if (!Values.empty())
    Var = Values.front()->getVariable();
  else if (!Records.empty())
    Var = Records.front()->getVariable();
  if (!Var)
    return "";
  auto *PtrTy = dyn_cast_or_null<DIDerivedType>(stripped(Var->getType()));
  if (!PtrTy || PtrTy->getTag() != dwarf::DW_TAG_pointer_type)
    return "";
  const DIType *Pointee = PtrTy->getBaseType();
  auto *C = dyn_cast_or_null<DICompositeType>(stripped(Pointee));
  if (!C || (C->getTag() != dwarf::DW_TAG_structure_type &&
             C->getTag() != dwarf::DW_TAG_union_type))
    return "";
  std::string Path = memberPath(C, Offset);
  if (Path.empty())
    return "";
  // Named as the program names the type: its tag, else its typedef.
  if (!C->getName().empty())
    return (C->getTag() == dwarf::DW_TAG_union_type ? "union " : "struct ") +
           C->getName().str() + Path;
  for (const DIType *T = Pointee; T;) {
    auto *D = dyn_cast<DIDerivedType>(T);
    if (!D)
      break;
    if (D->getTag() == dwarf::DW_TAG_typedef)
      return D->getName().str() + Path;
    T = D->getBaseType();
  }
  return "";
}

/// The one object Ptr points into, through phis and selects too (a pointer
/// a loop advances), or null.
static const Value *soleObject(const Value *Ptr) {
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects);
  if (Objects.empty() ||
      any_of(Objects, [&](const Value *O) { return O != Objects.front(); }))
    return nullptr;
  return Objects.front();
}

std::string AccessNamer::name(const Instruction &I, const Value *Ptr) {
  auto It = Prepared.find({&I, Ptr});
  if (It != Prepared.end())
    return It->second;
  return compute(I, Ptr);
}

std::string AccessNamer::compute(const Instruction &I, const Value *Ptr) {
  const DataLayout &DL = M.getDataLayout();
  APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  const Value *Base =
      Ptr->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true);
  // Struct-path TBAA: {base type, access type, offset}.
  std::string TBAAField;
  if (MDNode *Tag = I.getMetadata(LLVMContext::MD_tbaa))
    if (Tag->getNumOperands() >= 3 && Tag->getOperand(0) != Tag->getOperand(1))
      if (auto *BaseTy = dyn_cast<MDNode>(Tag->getOperand(0)))
        if (BaseTy->getNumOperands() > 0)
          if (auto *Name = dyn_cast<MDString>(BaseTy->getOperand(0)))
            if (!Name->getString().empty())
              if (auto *C = mdconst::dyn_extract<ConstantInt>(Tag->getOperand(2)))
                TBAAField = field(Name->getString(), C->getZExtValue());
  const Value *Object = soleObject(Ptr);
  if (auto *GV = dyn_cast_or_null<GlobalVariable>(Object)) {
    // An element at a variable index: the global, and the field if known.
    if (Base != Object && !TBAAField.empty())
      return global(*GV, 0, false) + ", " + TBAAField;
    return global(*GV, Off.getZExtValue(), Base == Object);
  }
  if (isa_and_nonnull<AllocaInst>(Object))
    return local(*Object);
  if (!TBAAField.empty())
    return TBAAField;
  // Through a pointer the program keeps in a global: `*text`.
  if (auto *Load = dyn_cast_or_null<LoadInst>(Object))
    if (auto *GV = dyn_cast_or_null<GlobalVariable>(
            soleObject(Load->getPointerOperand()))) {
      GlobalName G = globalName(*GV);
      return "*" + G.Name + G.Where;
    }
  // A pointer variable of the program (a parameter, a local) with a struct
  // type in debug info: clang tags fields of unnamed structs with an empty
  // TBAA name, and optimized code addresses fields with byte offsets.
  if (std::string F = pointee(*Base, Off.getZExtValue()); !F.empty())
    return F;
  // A field GEP: struct type, then constant indices.
  if (auto *GEP = dyn_cast<GEPOperator>(Ptr)) {
    auto *ST = dyn_cast<StructType>(GEP->getSourceElementType());
    StringRef Name = irStructName(ST);
    if (!Name.empty() && GEP->getNumIndices() >= 2 &&
        GEP->hasAllConstantIndices()) {
      SmallVector<Value *, 4> Rest(GEP->idx_begin() + 1, GEP->idx_end());
      SmallVector<Value *, 4> Idx{ConstantInt::get(
          Type::getInt32Ty(M.getContext()), 0)};
      Idx.append(Rest.begin(), Rest.end());
      uint64_t O = DL.getIndexedOffsetInType(const_cast<StructType *>(ST), Idx);
      return field(Name, O);
    }
  }
  return "";
}
