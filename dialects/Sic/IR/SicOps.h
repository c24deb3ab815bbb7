//===- SicOps.h - Operations of the sic dialect -----------------*- C++ -*-===//

#ifndef SIC_IR_SICOPS_H
#define SIC_IR_SICOPS_H

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <vector>

namespace mlir::sic {
/// The op verifier's view of a node: nodes inside a sic.graph are left to
/// sic-verify-graph (so that one run reports every fault of a model);
/// everywhere else this runs checkNode.
LogicalResult verifyNodeOutsideGraph(Operation *op);
} // namespace mlir::sic

#include "dialects/Sic/IR/SicInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/Sic/IR/SicOps.h.inc"

namespace mlir::sic {
/// Checks one node: its input and output counts, then the rules of its op
/// (through inferOutputTypes), then that the declared output types are the
/// inferred ones. Emits an error at the node for the first fault it finds.
LogicalResult checkNode(NodeOpInterface node);

/// The first part of checkNode: the node's input and output counts.
LogicalResult checkNodeArity(NodeOpInterface node);

/// The gates of a recurrent cell: 4 (lstm), 3 (gru) or 1 (rnn).
int64_t getGateCount(RecurrentCell cell);
/// The activations one direction of a recurrent cell takes: 3 (lstm), 2
/// (gru) or 1 (rnn).
int64_t getActivationCount(RecurrentCell cell);
/// The directions a recurrence runs in: 2 when bidirectional, else 1.
int64_t getDirectionCount(RecurrenceDirection direction);
/// A gate activation of a recurrence, with the parameters it reads.
struct GateActivation {
  Activation kind;
  double alpha = 0, beta = 0;
};
/// The activations of direction `direction` of a verified `op`, in the
/// order its cell takes them.
SmallVector<GateActivation, 3> getGateActivations(RecurrenceOp op,
                                                  int64_t direction);

/// The model's name for `op`: the name of its NameLoc (as the importer sets
/// it), or, failing that, its op name.
std::string getNodeName(Operation *op);

/// The elements of `op` in row-major order, whether it holds a dense
/// attribute or a dense_resource blob. `T` is the C++ type of its element
/// type: float, double, int32_t or int64_t. When the data cannot be read (a
/// resource without data or of the wrong size), fails, and reports why through
/// `emitError` when one is given (e.g. `[&] { return op.emitOpError(); }`).
template <typename T>
FailureOr<std::vector<T>>
readConstantValues(ConstantOp op,
                   function_ref<InFlightDiagnostic()> emitError = {});

/// The indices of `op` when they are a constant, each in [0, n) for the
/// size n of its axis (a negative one moved up by n); nullopt when they are
/// computed at run time, which checks each one as it reads it. Fails when a
/// constant is unreadable or holds an index out of range, or when run-time
/// indices would index an axis of size 0, reporting why at the node.
FailureOr<std::optional<SmallVector<int64_t>>> readGatherIndices(GatherOp op);
FailureOr<std::optional<SmallVector<int64_t>>>
readGatherIndices(GatherElementsOp op);
FailureOr<std::optional<SmallVector<int64_t>>>
readGatherIndices(ScatterElementsOp op);
FailureOr<std::optional<SmallVector<int64_t>>>
readGatherIndices(ScatterNDOp op);
FailureOr<std::optional<SmallVector<int64_t>>> readGatherIndices(GatherNDOp op);
} // namespace mlir::sic

#endif // SIC_IR_SICOPS_H
