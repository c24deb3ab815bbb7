//===- Registration.h - What SIC's tools know about -------------*- C++ -*-===//
//
// The dialects and passes that sic-opt (and later sic-compile) register. Each
// function lives in its own translation unit: registration pulls in every
// dialect's headers and is the slowest code of the build to compile.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_PIPELINE_REGISTRATION_H
#define SIC_PIPELINE_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::sic {

/// Adds the sic dialect and the upstream dialects SIC's pipeline lowers
/// through.
void registerSicDialects(DialectRegistry &registry);

/// Registers the sic passes and the upstream passes SIC's pipeline runs, so
/// that sic-opt can name them.
void registerSicPasses();

} // namespace mlir::sic

#endif // SIC_PIPELINE_REGISTRATION_H
