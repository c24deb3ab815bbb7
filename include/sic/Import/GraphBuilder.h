//===- GraphBuilder.h - Check a model and build its sic.graph ---*- C++ -*-===//

#ifndef SIC_IMPORT_GRAPHBUILDER_H
#define SIC_IMPORT_GRAPHBUILDER_H

#include "sic/Import/ImportLimits.h"
#include "sic/Import/ModelDescription.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::sic {

/// The alignment of the importers' constant blobs. Constant data used in
/// place must be at least this aligned (what sic_model.fbs guarantees,
/// FlatBuffers' maximum); otherwise it is copied into an aligned blob.
constexpr size_t kConstantAlignment = 32;

/// Checks `model` (index ranges, unique tensor names, legal shapes and sizes,
/// constant sizes, one writer per tensor, known ops and attributes, limits)
/// and builds a module holding one sic.graph. Reports every fault it finds
/// at `fileLoc` (each message names the tensor or node) and returns null if
/// there was any. Constants point into the description's data when
/// `model.dataOutlivesModule` and it is aligned; otherwise they are copied.
/// Faults that a sic.graph can hold (arity, tensors nobody writes, cycles,
/// shape rules) are left to sic-verify-graph.
OwningOpRef<ModuleOp> buildGraph(const ModelDescription &model,
                                 MLIRContext *context, Location fileLoc,
                                 const ImportLimits &limits);

/// The MLIR type of a model's element type.
Type getMlirElementType(MLIRContext *context, ElementType type);
/// The model element type of MLIR type `type`, if it is one.
std::optional<ElementType> getModelElementType(Type type);

} // namespace mlir::sic

#endif // SIC_IMPORT_GRAPHBUILDER_H
