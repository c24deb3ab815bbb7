//===- OnnxImporter.h - Import an ONNX model (.onnx) ------------*- C++ -*-===//

#ifndef SIC_IMPORT_ONNXIMPORTER_H
#define SIC_IMPORT_ONNXIMPORTER_H

#include "sic/Import/ImportLimits.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::sic {

struct OnnxImportOptions {
  ImportLimits limits;
  /// Shapes that replace the declared shape of named graph inputs (how a
  /// dynamic dimension is fixed: --input-shape x=1x3x224x224).
  llvm::StringMap<llvm::SmallVector<int64_t, 4>> inputShapes;
};

/// Imports an ONNX model (opsets 1 to 18 of the default domain) into a
/// module holding one sic.graph, through the same GraphBuilder as SIC's own
/// format. The file is untrusted. Every node's output type comes from its sic
/// op's rules, static shape computations (Shape, Gather, Concat, ... on
/// constants) are folded, and every dimension must end up fixed. Reports
/// every fault as an error and returns null if there was any.
OwningOpRef<ModuleOp> importOnnxModel(llvm::MemoryBufferRef buffer,
                                      MLIRContext *context,
                                      const OnnxImportOptions &options);

} // namespace mlir::sic

#endif // SIC_IMPORT_ONNXIMPORTER_H
