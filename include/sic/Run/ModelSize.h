//===- ModelSize.h - What a compiled model takes in bytes -------*- C++ -*-===//
//
// The sizes `sic-run --baseline` compares: the model.so file, the machine
// code and constant data in it (read from its ELF sections), and the arena a
// call needs.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_MODELSIZE_H
#define SIC_RUN_MODELSIZE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace mlir::sic {

/// The bytes a compiled model takes.
struct ModelSize {
  uint64_t fileBytes;     ///< the model.so file
  uint64_t codeBytes;     ///< executable sections
  uint64_t constantBytes; ///< allocated read-only data sections (.rodata)
  uint64_t arenaBytes;    ///< scratch memory of one context
};

/// Measures the model.so at `path`, whose arena takes `arenaBytes`; fails
/// when the file cannot be read or is not an ELF object.
llvm::Expected<ModelSize> measureModelSize(llvm::StringRef path,
                                           uint64_t arenaBytes);

} // namespace mlir::sic

#endif // SIC_RUN_MODELSIZE_H
