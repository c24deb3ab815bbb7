//===- InjectedError.h - How sic-test-internal-error goes wrong -*- C++ -*-===//

#ifndef SIC_TRANSFORMS_INJECTEDERROR_H
#define SIC_TRANSFORMS_INJECTEDERROR_H

namespace mlir::sic {

/// What sic-test-internal-error does at the first model node: fail with an
/// error there, die by a signal, or report an LLVM fatal error.
enum class InjectedError { Fail, Crash, Fatal };

} // namespace mlir::sic

#endif // SIC_TRANSFORMS_INJECTEDERROR_H
