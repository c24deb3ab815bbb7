//===- SummaryPrinter.h - sic-compile --summary ------------------*- C++
//-*-===//

#ifndef SIC_LIB_DRIVER_SUMMARYPRINTER_H
#define SIC_LIB_DRIVER_SUMMARYPRINTER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassInstrumentation.h"

#include <mutex>

namespace mlir::sic {

/// Prints --summary's table of each model function as the pipeline leaves the
/// sic dialect (just before convert-sic-to-linalg), so that it describes the
/// scheduled and folded model that is compiled; the memory planner prints
/// the arena plan after it.
class SummaryPrinter : public PassInstrumentation {
public:
  /// Whether `func` is a model function, not a declaration (such as the
  /// runtime hooks that --checks and --instrument declare).
  static bool isModel(func::FuncOp func);

  void runBeforePass(Pass *pass, Operation *op) override;

  /// Prints the tables of a pipeline that stopped before lowering, and
  /// says when there is no memory plan to show.
  void finish(ModuleOp module, bool planned);

private:
  std::mutex mutex;
  bool reachedLowering = false;
};

} // namespace mlir::sic

#endif // SIC_LIB_DRIVER_SUMMARYPRINTER_H
