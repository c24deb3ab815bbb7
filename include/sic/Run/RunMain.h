//===- RunMain.h - sic-run's command line -----------------------*- C++ -*-===//

#ifndef SIC_RUN_RUNMAIN_H
#define SIC_RUN_RUNMAIN_H

namespace mlir::sic {

/// sic-run's exit codes.
enum RunExitCode : int {
  RunOk = 0,
  RunInputError = 1, ///< usage, a file, the model or the runtime failed
  RunMismatch = 2,   ///< an output does not match --expect or --reference
};

/// Runs sic-run: opens a compiled model, runs it on .npy or random inputs,
/// writes, compares and benchmarks as the command line asks. Returns a
/// RunExitCode.
int runMain(int argc, char **argv);

} // namespace mlir::sic

#endif // SIC_RUN_RUNMAIN_H
