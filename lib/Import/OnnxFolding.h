//===- OnnxFolding.h - Evaluate nodes on constants at import ----*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_ONNXFOLDING_H
#define SIC_LIB_IMPORT_ONNXFOLDING_H

#include "OnnxConversion.h"

namespace mlir::sic {

/// Evaluates `op`, a typed sic node made for `node` whose inputs are all
/// sic.constant, with the reference evaluator's kernels, and replaces it by
/// a sic.constant holding its output. Returns that constant, or the op's
/// output when it is not evaluated at compile time (an op the evaluator does
/// not know, or over the import's evaluation budget). Fails, reporting it at
/// the node, when a constant cannot be read.
FailureOr<Value> foldNode(OnnxConversion &conversion,
                          const onnx::NodeProto &node, Operation *op);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXFOLDING_H
