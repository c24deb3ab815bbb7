//===- RunError.h - Errors of sic-run's library -----------------*- C++ -*-===//

#ifndef SIC_LIB_RUN_RUNERROR_H
#define SIC_LIB_RUN_RUNERROR_H

#include "llvm/Support/Error.h"

#include <fmt/format.h>

namespace mlir::sic {

/// An llvm::Error whose message is fmt::format(format, args...).
template <typename... Args>
llvm::Error makeRunError(fmt::format_string<Args...> format, Args &&...args) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      fmt::format(format, std::forward<Args>(args)...));
}

} // namespace mlir::sic

#endif // SIC_LIB_RUN_RUNERROR_H
