//===- InternalErrors.cpp - What sic-compile says when it goes wrong ------===//

#include "sic/Driver/InternalErrors.h"

#include "sic/Support/NodeNames.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Names the stage after each pass as it starts (pass managers' adaptors,
/// which have no name, leave it as it is), and says whether it returned.
struct StageTracker : public PassInstrumentation {
  StageTracker(std::string &stage, bool &inPass)
      : stage(stage), inPass(inPass) {}
  void runBeforePass(Pass *pass, Operation *) override {
    if (pass->getArgument().empty())
      return;
    stage = pass->getArgument().str();
    inPass = true;
  }
  void runAfterPass(Pass *pass, Operation *) override {
    if (!pass->getArgument().empty())
      inPass = false;
  }
  void runAfterPassFailed(Pass *pass, Operation *op) override {
    runAfterPass(pass, op);
  }
  std::string &stage;
  bool &inPass;
};

} // namespace

InternalErrors::InternalErrors(MLIRContext *context) : context(context) {
  llvm::CrashRecoveryContext::Enable();
  llvm::install_fatal_error_handler(onFatalError, this);
}

InternalErrors::~InternalErrors() { llvm::remove_fatal_error_handler(); }

void InternalErrors::track(PassManager &pm) {
  pm.addInstrumentation(std::make_unique<StageTracker>(stage, inPass));
}

void InternalErrors::onFatalError(void *self, const char *reason, bool) {
  auto *errors = static_cast<InternalErrors *>(self);
  errors->fatalReason = reason;
  // Inside a run, returning leads to an abort that its recovery context
  // turns into a failure; anywhere else nothing would catch it.
  if (!llvm::CrashRecoveryContext::GetCurrent()) {
    errors->report(reason);
    exit();
  }
}

void InternalErrors::exit() {
  llvm::sys::RunInterruptHandlers();
  std::_Exit(kInternalErrorExitCode);
}

void InternalErrors::report(StringRef what) {
  llvm::errs() << "sic-compile: internal error in " << stage;
  if (node)
    llvm::errs() << " at node '" << *node << "'";
  llvm::errs() << ": " << what << "\n";
  hasReported = true;
}

LogicalResult InternalErrors::run(StringRef name, bool failureIsInternal,
                                  function_ref<LogicalResult()> body) {
  stage = name.str();
  inPass = false;
  firstError.clear();
  node.reset();
  fatalReason.clear();
  LogicalResult result = failure();
  bool finished;
  {
    // Handlers registered later are asked first: this one takes the errors
    // (with their notes) and leaves everything else to the caller's.
    ScopedDiagnosticHandler heldBack(context, [&](Diagnostic &diagnostic) {
      if (!failureIsInternal ||
          diagnostic.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (firstError.empty()) {
        firstError = diagnostic.str();
        if (std::optional<StringRef> name =
                findNodeName(diagnostic.getLocation()))
          node = name->str();
      }
      return success();
    });
    llvm::CrashRecoveryContext recovery;
    finished = recovery.RunSafely([&] { result = body(); });
    if (!finished && fatalReason.empty())
      fatalReason =
          "crashed (signal " + std::to_string(recovery.RetCode - 128) + ")";
  }
  if (!finished) {
    report(fatalReason);
    return failure();
  }
  if (succeeded(result) || !failureIsInternal)
    return result;
  // A fatal error or a signal that MLIR's crash recovery (on with a crash
  // reproducer) turned into a failure; else the pass's own error.
  if (!fatalReason.empty())
    report(fatalReason);
  else if (inPass)
    report("crashed");
  else
    report(firstError.empty() ? "failed without a diagnostic" : firstError);
  return failure();
}
