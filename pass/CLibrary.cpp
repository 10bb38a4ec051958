//===- CLibrary.cpp - Whether a name is the C library's -------------------===//
//
// The compiler links the C library and libm, so the dynamic linker can say
// which object defines a name. A program compiled for another C library
// (cross-compiling) gets this machine's answer: the name only chooses a
// remark and whether a pointer to the function reaches a wrapper whose call
// gets what a direct call in a block gets, neither of which can be wrong for
// a function the target's library defines differently.
//===----------------------------------------------------------------------===//
#include "CLibrary.h"

#include <dlfcn.h>
#include <string>

bool ame::isCLibraryFunction(llvm::StringRef Name) {
  void *Sym = dlsym(RTLD_DEFAULT, Name.str().c_str());
  Dl_info Info;
  if (!Sym || !dladdr(Sym, &Info) || !Info.dli_fname)
    return false;
  llvm::StringRef File = Info.dli_fname;
  File = File.substr(File.rfind('/') + 1);
  return File.starts_with("libc.so") || File.starts_with("libm.so");
}
