//===- ReferenceRun.h - Evaluate the model file of a model.so ---*- C++ -*-===//
//
// `sic-run --reference model.fb`: the outputs the reference evaluator computes
// from the model file a model.so was compiled from, on the same inputs.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_REFERENCERUN_H
#define SIC_RUN_REFERENCERUN_H

#include "sic/Run/CompiledModel.h"

#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// Imports the model file at `path` (.fb, .onnx or .mlir; an ONNX model's
/// inputs take the shapes of `model`'s), runs the pipeline through the
/// schedule phase and evaluates the scheduled function on `inputs`. Its
/// inputs and outputs must have the names, dtypes and shapes of `model`'s.
/// Returns the outputs in `model`'s order; the compiler's diagnostics go to
/// `diagnostics`.
llvm::Expected<llvm::SmallVector<NdArray>>
runReference(llvm::StringRef path, const CompiledModel &model,
             llvm::ArrayRef<NdArray> inputs, llvm::raw_ostream &diagnostics);

} // namespace mlir::sic

#endif // SIC_RUN_REFERENCERUN_H
