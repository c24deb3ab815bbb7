//===- InternalErrors.h - What sic-compile says when it goes wrong -*- C++ -*-===//
//
// A model the checks accepted must compile. When compiling it fails all the
// same (a pass fails, MLIR's verifier rejects what a pass left, a signal,
// an LLVM fatal error), the user gets one line instead of a stack dump or a
// pass's inner diagnostics:
//
//   sic-compile: internal error in <pass> at node '<name>': <what>
//
// and sic-compile exits with kInternalErrorExitCode. A signal handler is not
// the mechanism: the work runs in an llvm::CrashRecoveryContext, which turns
// a signal (and the abort after a fatal error) into a failure.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_DRIVER_INTERNALERRORS_H
#define SIC_DRIVER_INTERNALERRORS_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <optional>
#include <string>

namespace mlir::sic {

/// sic-compile's exit codes: 1 a model refused (or a file not written), 2 a
/// wrong command line, 3 an internal error.
constexpr int kRefusedExitCode = 1;
constexpr int kUsageExitCode = 2;
constexpr int kInternalErrorExitCode = 3;

class InternalErrors {
public:
  /// Catches the fatal errors of LLVM and MLIR while it lives.
  explicit InternalErrors(MLIRContext *context);
  ~InternalErrors();
  InternalErrors(const InternalErrors &) = delete;
  InternalErrors &operator=(const InternalErrors &) = delete;

  /// Makes `pm` say which pass runs, for the message.
  void track(PassManager &pm);

  /// Runs `body`, the work of `stage` (renamed after each pass `track`ed),
  /// and says whether it went wrong. A signal or fatal error is always an
  /// internal error, reported. So is a failure when `failureIsInternal`,
  /// whose error diagnostics are then held back and the first one reported;
  /// otherwise diagnostics print as usual and a failure is the caller's.
  LogicalResult run(StringRef stage, bool failureIsInternal,
                    function_ref<LogicalResult()> body);

  /// Whether a run reported an internal error.
  bool reported() const { return hasReported; }

  /// Ends the process with kInternalErrorExitCode, at once: after an
  /// internal error nothing the compiler holds is trusted (a crash leaves
  /// frames unwound without their destructors, memory held, objects half
  /// built), so nothing of it is destroyed. Output files still open are
  /// removed, as after a signal.
  [[noreturn]] static void exit();

private:
  static void onFatalError(void *self, const char *reason,
                           bool generateCrashDiagnostic);
  void report(StringRef what);

  MLIRContext *context;
  std::string stage;
  /// Whether a tracked pass started and has not returned: after a failed
  /// run, one that crashed under MLIR's own crash recovery.
  bool inPass = false;
  std::string firstError;
  std::optional<std::string> node;
  std::string fatalReason;
  bool hasReported = false;
};

} // namespace mlir::sic

#endif // SIC_DRIVER_INTERNALERRORS_H
