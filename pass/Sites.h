//===- Sites.h - struct __ame_site constants --------------------*- C++ -*-===//
//
// Builds the constant `struct __ame_site` globals (include/ame/abi.h) that
// name a region or an irrevocable call to the runtime, with the kind that
// tells __ame_irrevocable_v2 whether to run alone; equal sites are shared.
//
//   ame::SiteBuilder Sites(M, Abi); Sites.forCall(I, "printf", AME_SITE_IO)
//===----------------------------------------------------------------------===//
#ifndef AME_PASS_SITES_H
#define AME_PASS_SITES_H

#include "AbiDecls.h"
#include "ame/abi.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instruction.h"

#include <map>
#include <tuple>

namespace ame {

class SiteBuilder {
public:
  SiteBuilder(llvm::Module &M, AbiDecls &Abi) : M(M), Abi(Abi) {}

  /// A site with explicit fields.
  llvm::GlobalVariable *get(llvm::StringRef File, llvm::StringRef Function,
                            unsigned Line, unsigned Column,
                            llvm::StringRef Detail,
                            __ame_site_kind Kind = AME_SITE_SERIAL);
  /// The site of instruction I (its debug location, if any) with a detail.
  llvm::GlobalVariable *forCall(const llvm::Instruction &I,
                                llvm::StringRef Detail,
                                __ame_site_kind Kind = AME_SITE_SERIAL);

private:
  llvm::Constant *string(llvm::StringRef S);

  llvm::Module &M;
  AbiDecls &Abi;
  llvm::StringMap<llvm::Constant *> Strings;
  std::map<std::tuple<std::string, std::string, unsigned, unsigned, std::string,
                      unsigned>,
           llvm::GlobalVariable *>
      Sites;
};

} // namespace ame

#endif
