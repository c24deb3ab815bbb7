//===- FlatBufferWriter.h - Write a sic.graph as a SIC model ----*- C++ -*-===//

#ifndef SIC_IMPORT_FLATBUFFERWRITER_H
#define SIC_IMPORT_FLATBUFFERWRITER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// Writes the single sic.graph in `module` as a SIC model file (the format
/// of lib/Import/sic_model.fbs), so that importing the file gives the same
/// graph back. Tensors are the graph inputs, then the constants, then the
/// node outputs, in graph order; a graph output keeps its `sic.name`, a
/// node output is named after its node. Emits an error and fails on IR the
/// format cannot hold (not exactly one graph, a non-sic op).
LogicalResult writeFlatBufferModel(ModuleOp module, llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_IMPORT_FLATBUFFERWRITER_H
