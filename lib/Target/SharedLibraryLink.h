//===- SharedLibraryLink.h - Linking model.so with lld in-process -*- C++ -*-===//

#ifndef SIC_LIB_TARGET_SHAREDLIBRARYLINK_H
#define SIC_LIB_TARGET_SHAREDLIBRARYLINK_H

#include "llvm/ADT/StringRef.h"
#include "llvm/TargetParser/Triple.h"

#include <string>

namespace mlir::sic {

/// Links the object file `objectPath` into the shared library `outputPath`
/// with lld's ELF driver, in this process. For the host, the library records
/// libc and libm as its only dependencies and may leave no other symbol
/// undefined. On failure, returns false with lld's messages in `error`.
bool linkSharedLibrary(llvm::StringRef objectPath, llvm::StringRef outputPath,
                       const llvm::Triple &triple, std::string &error);

} // namespace mlir::sic

#endif // SIC_LIB_TARGET_SHAREDLIBRARYLINK_H
