//===- ImmutableFields.cpp - Find accesses to AME_IMMUTABLE data ----------===//
//
// PipelineStart (inside ame-regions), before any optimization. Finds every
// pointer into data declared immutable, tags the accesses through it with
// !ame.immutable, and removes what the front end left behind so the
// annotation costs nothing:
//
//  * AME_IMMUTABLE fields: clang wraps each address of the field in
//    llvm.ptr.annotation(ptr, "ame.immutable", ...). That call writes
//    inaccessible memory and hides its result from alias analysis, which
//    stops GVN, LICM, SROA and capture inference; it is replaced by its
//    operand here.
//  * AME_IMMUTABLE_TYPE(T) structs: the header defines a zero-length array
//    of T annotated "ame.immutable_type"; T is read from its IR type and the
//    marker (and its llvm.global.annotations entry) is deleted. A GEP that
//    selects a field of T is an immutable address.
//
// The immutable addresses, each with the size of the data left from it, are
// followed through inbounds GEPs that stay inside (an element of an
// immutable array, a member of an immutable struct field), phis and selects
// whose inputs all are immutable addresses, local pointer variables that
// only ever hold such addresses (-O0 code), and parameters of internal
// functions that every caller passes one; an access is tagged if it fits.
//
// Optimizations drop the !ame.immutable tag when they merge or re-create a
// load (GVN, LICM promotion, argument promotion) but keep TBAA tags: the
// struct-path TBAA tags of the tagged loads, or a tag of AME's own given to
// loads that had none, are listed in !ame.immutable.tbaa so the instrumenter
// still recognises those loads (docs/pass.md).
//
//   opt-19 -load-pass-plugin=AMEPass.so -passes=ame-regions -S in.ll
//===----------------------------------------------------------------------===//
#include "Common.h"
#include "Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <algorithm>
#include <optional>

using namespace llvm;
using namespace ame;

#define DEBUG_TYPE "ame"

STATISTIC(NumImmutableTypes, "Structs declared AME_IMMUTABLE_TYPE");
STATISTIC(NumImmutableTagged, "Accesses to AME_IMMUTABLE data tagged");
STATISTIC(NumImmutableAnnotationsRemoved,
          "llvm.ptr.annotation calls of AME_IMMUTABLE fields removed");

namespace {

class ImmutableFinder {
public:
  explicit ImmutableFinder(Module &M) : M(M) {}
  bool run();

private:
  void takeTypeMarkers();
  bool selectsImmutableField(const GetElementPtrInst &GEP) const;
  std::optional<uint64_t> slotExtent(const AllocaInst &Slot) const;
  std::optional<uint64_t> stepExtent(const GetElementPtrInst &GEP) const;
  std::optional<uint64_t> derive(const Instruction &I) const;
  std::optional<uint64_t> deriveArgument(const Argument &A) const;
  bool covers(const Value *Ptr, uint64_t Bytes) const;
  void tagAccesses();
  void rememberTBAA(LoadInst &LI);

  Module &M;
  MDNode *OwnTag = nullptr;
  const DataLayout &DL = M.getDataLayout();
  SmallPtrSet<Type *, 4> Types;
  /// Addresses inside immutable data, each with the number of bytes from it
  /// to the end of that data that may be accessed through it.
  DenseMap<const Value *, uint64_t> Imm;
  SetVector<MDNode *> TBAATags;
};

bool isImmutableAnnotation(const Value *V) {
  const auto *II = dyn_cast<IntrinsicInst>(V);
  StringRef Tag;
  return II && II->getIntrinsicID() == Intrinsic::ptr_annotation &&
         getConstantStringInfo(II->getArgOperand(1), Tag) && Tag == ImmutableMD;
}

} // namespace

/// Reads the AME_IMMUTABLE_TYPE markers into Types and deletes them.
void ImmutableFinder::takeTypeMarkers() {
  GlobalVariable *Annos = M.getGlobalVariable("llvm.global.annotations");
  if (!Annos || !Annos->hasInitializer())
    return;
  auto *Arr = dyn_cast<ConstantArray>(Annos->getInitializer());
  if (!Arr)
    return;
  SmallVector<Constant *, 8> Keep;
  SmallPtrSet<GlobalVariable *, 4> Markers, Strings;
  for (Use &Op : Arr->operands()) {
    auto *Entry = cast<Constant>(Op.get());
    auto *GV = dyn_cast<GlobalVariable>(
        Entry->getAggregateElement(0u)->stripPointerCasts());
    StringRef Tag;
    auto *AT = GV ? dyn_cast<ArrayType>(GV->getValueType()) : nullptr;
    if (!AT || !getConstantStringInfo(Entry->getAggregateElement(1), Tag) ||
        Tag != ImmutableTypeAnno || !AT->getElementType()->isStructTy()) {
      Keep.push_back(Entry);
      continue;
    }
    if (Types.insert(AT->getElementType()).second)
      ++NumImmutableTypes;
    Markers.insert(GV);
    for (unsigned Field : {1u, 2u})
      if (auto *S = dyn_cast<GlobalVariable>(
              Entry->getAggregateElement(Field)->stripPointerCasts()))
        Strings.insert(S);
  }
  if (Markers.empty())
    return;
  if (Keep.empty()) {
    Annos->eraseFromParent();
  } else {
    auto *NewTy = ArrayType::get(Arr->getType()->getElementType(), Keep.size());
    auto *New =
        new GlobalVariable(M, NewTy, Annos->isConstant(), Annos->getLinkage(),
                           ConstantArray::get(NewTy, Keep), "", Annos,
                           Annos->getThreadLocalMode());
    New->setSection(Annos->getSection());
    New->takeName(Annos);
    Annos->eraseFromParent();
  }
  removeFromUsedLists(M, [&](Constant *C) {
    auto *GV = dyn_cast<GlobalVariable>(C->stripPointerCasts());
    return GV && Markers.count(GV);
  });
  for (GlobalVariable *GV : Markers) {
    GV->removeDeadConstantUsers();
    if (GV->use_empty())
      GV->eraseFromParent();
  }
  for (GlobalVariable *GV : Strings) {
    GV->removeDeadConstantUsers();
    if (GV->hasLocalLinkage() && GV->use_empty())
      GV->eraseFromParent();
  }
}

/// A GEP whose indices step into a field of an AME_IMMUTABLE_TYPE struct
/// (the front end emits one GEP per member access).
bool ImmutableFinder::selectsImmutableField(
    const GetElementPtrInst &GEP) const {
  if (Types.empty())
    return false;
  Type *T = GEP.getSourceElementType();
  for (auto Idx = GEP.idx_begin() + 1, E = GEP.idx_end(); Idx != E; ++Idx) {
    if (Types.count(T))
      return true;
    if (auto *ST = dyn_cast<StructType>(T)) {
      auto *CI = dyn_cast<ConstantInt>(Idx->get());
      if (!CI)
        return false;
      T = ST->getElementType(CI->getZExtValue());
    } else if (auto *AT = dyn_cast<ArrayType>(T)) {
      T = AT->getElementType();
    } else {
      return false;
    }
  }
  return false;
}

/// A local pointer variable that does not escape and is only ever assigned
/// immutable addresses: every load of it yields one (the smallest extent).
std::optional<uint64_t>
ImmutableFinder::slotExtent(const AllocaInst &Slot) const {
  if (!Slot.getAllocatedType()->isPointerTy())
    return std::nullopt;
  std::optional<uint64_t> Min;
  for (const User *U : Slot.users()) {
    if (const auto *LI = dyn_cast<LoadInst>(U)) {
      if (LI->isVolatile())
        return std::nullopt;
      continue;
    }
    if (const auto *SI = dyn_cast<StoreInst>(U)) {
      auto It = Imm.find(SI->getValueOperand());
      if (SI->getPointerOperand() != &Slot || SI->isVolatile() ||
          It == Imm.end())
        return std::nullopt;
      Min = std::min(Min.value_or(It->second), It->second);
      continue;
    }
    if (const auto *II = dyn_cast<IntrinsicInst>(U))
      if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II))
        continue;
    return std::nullopt;
  }
  return Min;
}

/// A GEP from an immutable address that stays inside the immutable data:
/// a constant offset within its extent, or (variable indices) a member or
/// element selected inside an object of the GEP's source type that fits
/// in the extent; C keeps array indices inside their array. Pointer
/// arithmetic by a variable (`p + i`, `p++` loops) and steps back
/// (container_of) are not followed.
std::optional<uint64_t>
ImmutableFinder::stepExtent(const GetElementPtrInst &GEP) const {
  auto It = Imm.find(GEP.getPointerOperand());
  if (It == Imm.end() || !GEP.isInBounds())
    return std::nullopt;
  uint64_t Extent = It->second;
  APInt Off(DL.getIndexTypeSizeInBits(GEP.getType()), 0);
  if (GEP.accumulateConstantOffset(DL, Off)) {
    if (Off.isNegative() || Off.getZExtValue() >= Extent)
      return std::nullopt;
    return Extent - Off.getZExtValue();
  }
  auto *First = dyn_cast<ConstantInt>(GEP.idx_begin()->get());
  if (!First || !First->isZero() || GEP.getNumIndices() < 2 ||
      DL.getTypeAllocSize(GEP.getSourceElementType()) > Extent)
    return std::nullopt;
  return DL.getTypeAllocSize(GEP.getResultElementType()).getFixedValue();
}

/// The extent of I if it is an address inside immutable data, given the
/// addresses in Imm.
std::optional<uint64_t> ImmutableFinder::derive(const Instruction &I) const {
  if (!I.getType()->isPointerTy())
    return std::nullopt;
  if (isImmutableAnnotation(&I)) {
    // clang annotates the member's GEP; anything else (a union member) has
    // no size the pass can trust.
    if (const auto *GEP = dyn_cast<GetElementPtrInst>(
            cast<IntrinsicInst>(I).getArgOperand(0)))
      return DL.getTypeAllocSize(GEP->getResultElementType()).getFixedValue();
    return std::nullopt;
  }
  if (const auto *GEP = dyn_cast<GetElementPtrInst>(&I)) {
    if (selectsImmutableField(*GEP))
      return DL.getTypeAllocSize(GEP->getResultElementType()).getFixedValue();
    return stepExtent(*GEP);
  }
  if (const auto *Sel = dyn_cast<SelectInst>(&I)) {
    auto T = Imm.find(Sel->getTrueValue()), F = Imm.find(Sel->getFalseValue());
    if (T == Imm.end() || F == Imm.end())
      return std::nullopt;
    return std::min(T->second, F->second);
  }
  if (const auto *Phi = dyn_cast<PHINode>(&I)) {
    std::optional<uint64_t> Min;
    for (const Value *In : Phi->incoming_values()) {
      if (In == Phi)
        continue;
      auto It = Imm.find(In);
      if (It == Imm.end())
        return std::nullopt;
      Min = std::min(Min.value_or(It->second), It->second);
    }
    return Min;
  }
  if (const auto *LI = dyn_cast<LoadInst>(&I))
    if (const auto *Slot = dyn_cast<AllocaInst>(LI->getPointerOperand()))
      return slotExtent(*Slot);
  return std::nullopt;
}

/// A parameter of an internal function that every call passes an immutable
/// address (the -O0 shape of `static int kind(int *p)` called with
/// `&o->kind`; after inlining the pass could no longer see it).
std::optional<uint64_t>
ImmutableFinder::deriveArgument(const Argument &A) const {
  const Function &F = *A.getParent();
  if (!A.getType()->isPointerTy() || !F.hasLocalLinkage() || F.use_empty())
    return std::nullopt;
  std::optional<uint64_t> Min;
  for (const Use &U : F.uses()) {
    const auto *CB = dyn_cast<CallBase>(U.getUser());
    if (!CB || !CB->isCallee(&U) || CB->arg_size() != F.arg_size())
      return std::nullopt;
    auto It = Imm.find(CB->getArgOperand(A.getArgNo()));
    if (It == Imm.end())
      return std::nullopt;
    Min = std::min(Min.value_or(It->second), It->second);
  }
  return Min;
}

/// An access of Bytes bytes at Ptr stays inside immutable data.
bool ImmutableFinder::covers(const Value *Ptr, uint64_t Bytes) const {
  auto It = Imm.find(Ptr);
  return It != Imm.end() && Bytes <= It->second;
}

/// Tags loads, stores, atomics and mem transfers through immutable
/// addresses, and records the TBAA tags of the tagged loads.
void ImmutableFinder::tagAccesses() {
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      const Value *Ptr = nullptr;
      uint64_t Bytes = 0;
      if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
        auto *Len = dyn_cast<ConstantInt>(MI->getLength());
        if (!Len)
          continue;
        Bytes = Len->getZExtValue();
        // The source side of a copy can skip its barrier.
        auto *MT = dyn_cast<MemTransferInst>(MI);
        if (MT && covers(MT->getRawSource(), Bytes)) {
          tag(I, ImmutableSrcMD);
          ++NumImmutableTagged;
        }
        Ptr = MI->getRawDest();
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        Ptr = RMW->getPointerOperand();
        Bytes = DL.getTypeStoreSize(RMW->getValOperand()->getType());
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        Ptr = CX->getPointerOperand();
        Bytes = DL.getTypeStoreSize(CX->getCompareOperand()->getType());
      } else if ((Ptr = getLoadStorePointerOperand(&I))) {
        Type *Ty = getLoadStoreType(&I);
        if (!Ty->isSized() || isa<ScalableVectorType>(Ty))
          continue;
        Bytes = DL.getTypeStoreSize(Ty).getFixedValue();
      }
      if (!Ptr || !covers(Ptr, Bytes))
        continue;
      tag(I, ImmutableMD);
      ++NumImmutableTagged;
      if (auto *LI = dyn_cast<LoadInst>(&I))
        rememberTBAA(*LI);
    }
}

/// Optimizations keep TBAA tags where they drop ours: records the tag of an
/// immutable load if it names the field, and gives one to a load that has
/// none (-O0, -fno-strict-aliasing).
void ImmutableFinder::rememberTBAA(LoadInst &LI) {
  MDNode *T = LI.getMetadata(LLVMContext::MD_tbaa);
  // A struct-path tag (base type != access type) names a field: the same
  // base struct, access type and offset is the same member. Scalar tags
  // (`*p`, array elements) and union tags (char) name none, and an
  // anonymous base type could be another struct of the same shape.
  if (T && T->getNumOperands() >= 3 && T->getOperand(0) != T->getOperand(1))
    if (auto *Base = dyn_cast<MDNode>(T->getOperand(0)))
      if (auto *Name = dyn_cast<MDString>(Base->getOperand(0)))
        if (!Name->getString().empty()) {
          TBAATags.insert(T);
          return;
        }
  {
    // A type of its own root: TBAA answers "may alias" between it and any
    // other tag (different type systems); only loads carry it, and the
    // order of loads does not matter. A load without a tag (-O0,
    // -fno-strict-aliasing) loses nothing by it; one whose tag names no
    // member (an element of an AME_IMMUTABLE array, `o->x[v]`) loses the
    // type-based answers for a read that needs no barrier, and keeps being
    // recognised when EarlyCSE or GVN merge it with its twin (yada's
    // `o->x[v] + (px - o->x[v]) * shift` in bench/shapes.c: six barriers
    // per element).
    if (!OwnTag) {
      LLVMContext &C = M.getContext();
      MDNode *Root = MDNode::get(C, MDString::get(C, "AME immutable TBAA"));
      Metadata *Zero =
          ConstantAsMetadata::get(ConstantInt::get(Type::getInt64Ty(C), 0));
      MDNode *Ty = MDNode::get(C, {MDString::get(C, ImmutableMD), Root, Zero});
      OwnTag = MDNode::get(C, {Ty, Ty, Zero});
    }
    LI.setMetadata(LLVMContext::MD_tbaa, OwnTag);
    TBAATags.insert(OwnTag);
  }
}

bool ImmutableFinder::run() {
  takeTypeMarkers();
  SmallVector<IntrinsicInst *, 16> Annotations;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (isImmutableAnnotation(&I))
        Annotations.push_back(cast<IntrinsicInst>(&I));
  if (Annotations.empty() && Types.empty())
    return false;
  // A fixed point: each round adds addresses derived from the last ones.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M) {
      for (const Argument &A : F.args())
        if (!Imm.count(&A))
          if (std::optional<uint64_t> E = deriveArgument(A))
            Changed |= Imm.try_emplace(&A, *E).second;
      for (const Instruction &I : instructions(F))
        if (!Imm.count(&I))
          if (std::optional<uint64_t> E = derive(I))
            Changed |= Imm.try_emplace(&I, *E).second;
    }
  }
  tagAccesses();
  if (!TBAATags.empty()) {
    NamedMDNode *NMD = M.getOrInsertNamedMetadata(ImmutableTBAAMD);
    for (MDNode *T : TBAATags)
      NMD->addOperand(T);
  }
  // The annotation's result is its operand; without the call every
  // optimization sees the plain field address.
  SmallPtrSet<GlobalVariable *, 4> Strings;
  SmallPtrSet<Function *, 2> Decls;
  for (IntrinsicInst *II : Annotations) {
    Decls.insert(II->getCalledFunction());
    for (Value *Op : drop_begin(II->args()))
      if (auto *GV = dyn_cast<GlobalVariable>(Op->stripPointerCasts()))
        Strings.insert(GV);
    II->replaceAllUsesWith(II->getArgOperand(0));
    II->eraseFromParent();
    ++NumImmutableAnnotationsRemoved;
  }
  // Their strings and declarations too: -O0 keeps nothing of them.
  for (GlobalVariable *GV : Strings)
    if (GV->hasLocalLinkage() && GV->use_empty())
      GV->eraseFromParent();
  for (Function *Decl : Decls)
    if (Decl->use_empty())
      Decl->eraseFromParent();
  return true;
}

bool ame::findImmutableAccesses(Module &M) { return ImmutableFinder(M).run(); }
