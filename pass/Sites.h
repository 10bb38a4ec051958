//===- Sites.h - struct __ame_site constants --------------------*- C++ -*-===//
//
// Builds the constant `struct __ame_site` globals (include/ame/abi.h) that
// name a region, an irrevocable call or a barrier to the runtime: the kind
// tells __ame_irrevocable_v2 whether to run alone, a barrier's detail says
// what it touches (AccessNames.h); equal sites are shared.
//
//   ame::SiteBuilder Sites(M, Abi); Sites.forCall(I, "printf", AME_SITE_IO)
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_SITES_H
#define AME_PASS_SITES_H

#include "AbiDecls.h"
#include "AccessNames.h"
#include "ame/abi.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instruction.h"

#include <map>
#include <tuple>

namespace ame {

class SiteBuilder {
public:
  SiteBuilder(llvm::Module &M, AbiDecls &Abi) : M(M), Abi(Abi), Names(M) {}

  /// A site with explicit fields.
  llvm::GlobalVariable *get(llvm::StringRef File, llvm::StringRef Function,
                            unsigned Line, unsigned Column,
                            llvm::StringRef Detail,
                            __ame_site_kind Kind = AME_SITE_SERIAL);
  /// The site of instruction I (its debug location, if any) with a detail.
  llvm::GlobalVariable *forCall(const llvm::Instruction &I,
                                llvm::StringRef Detail,
                                __ame_site_kind Kind = AME_SITE_SERIAL);
  /// The site of the barrier replacing access I through Ptr (Kind read,
  /// write or refcount), naming what it touches.
  llvm::GlobalVariable *forAccess(const llvm::Instruction &I,
                                  const llvm::Value *Ptr, __ame_site_kind Kind);
  /// forAccess's detail: what the access I through Ptr touches, or "".
  std::string what(const llvm::Instruction &I, const llvm::Value *Ptr) {
    return Names.name(I, Ptr);
  }
  /// AccessNamer::prepare and clearPrepared.
  void prepareWhat(const llvm::Instruction &I, const llvm::Value *Ptr) {
    Names.prepare(I, Ptr);
  }
  void clearPreparedWhat() { Names.clearPrepared(); }

private:
  llvm::Constant *string(llvm::StringRef S);

  llvm::Module &M;
  AbiDecls &Abi;
  AccessNamer Names;
  llvm::StringMap<llvm::Constant *> Strings;
  std::map<std::tuple<std::string, std::string, unsigned, unsigned, std::string,
                      unsigned>,
           llvm::GlobalVariable *>
      Sites;
};

/// Moves each site used by one function that has a section of its own (a
/// transactional clone) into a read-only section named after it, so that
/// -Wl,--gc-sections drops the sites with the clone.
void placeSitesBesideUsers(llvm::Module &M);

} // namespace ame

#endif
