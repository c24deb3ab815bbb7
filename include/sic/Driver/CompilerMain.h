//===- CompilerMain.h - sic-compile's command line --------------*- C++ -*-===//

#ifndef SIC_DRIVER_COMPILERMAIN_H
#define SIC_DRIVER_COMPILERMAIN_H

namespace mlir::sic {

/// Runs sic-compile: parses the command line, imports the model, runs the
/// pipeline up to the requested phase and writes the result. Returns the
/// process exit code.
int compilerMain(int argc, char **argv);

} // namespace mlir::sic

#endif // SIC_DRIVER_COMPILERMAIN_H
