//===- OnnxFolding.h - Fold static shape computations -----------*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_ONNXFOLDING_H
#define SIC_LIB_IMPORT_ONNXFOLDING_H

#include "OnnxConversion.h"

namespace mlir::sic {

/// Evaluates `node` at import time when it computes integers from constants
/// and known shapes (Shape, Gather, Unsqueeze, Squeeze, Concat, Cast, Add,
/// Sub, Mul, Div), as models do to build Reshape targets, and records its
/// output as a constant. Returns std::nullopt when the node is not such a
/// computation, otherwise whether folding succeeded (a fault is reported).
std::optional<LogicalResult> foldOnnxNode(OnnxConversion &conversion,
                                          const onnx::NodeProto &node);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXFOLDING_H
