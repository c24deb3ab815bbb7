//===- OnnxScan.cpp - ONNX Scan -------------------------------------------===//
//
// Scan is unrolled like Loop: its body is converted once per step, the
// number of steps being the length of the scan inputs' scan axis. Each step
// reads one slice of every scan input (along its axis, first to last or
// last to first) and the state values; the body's scan outputs are stacked
// along their axes, in the order of the steps or reversed. Opset 8's form
// has a batch axis in front of everything: each batch entry scans on its
// own, and a sequence_lens input must fold to the full length.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// What a scan does, read and checked from the node.
struct ScanForm {
  int64_t states, scans, outputs;
  SmallVector<int64_t, 4> inputAxes, inputDirections, outputAxes,
      outputDirections;
};

} // namespace

Value mlir::sic::takeEntry(NodeBuilder &b, Value value, int64_t axis,
                           int64_t index) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  Value slice = b.create<SliceOp>(
      ValueRange{value}, ArrayRef<int64_t>{index}, ArrayRef<int64_t>{index + 1},
      ArrayRef<int64_t>{axis}, ArrayRef<int64_t>{1});
  return b.create<ReshapeOp>(ValueRange{slice}, shape);
}

namespace {

/// `entries` stacked along a new axis `axis` (normalized against their rank
/// plus one), keeping the storage type of the first.
Value stack(OnnxConversion &c, NodeBuilder &b, ArrayRef<Value> entries,
            int64_t axis) {
  SmallVector<Value> parts;
  for (Value entry : entries) {
    SmallVector<int64_t> shape(
        cast<RankedTensorType>(entry.getType()).getShape());
    shape.insert(shape.begin() + axis, 1);
    parts.push_back(b.create<ReshapeOp>(ValueRange{entry}, shape));
  }
  Value stacked =
      parts.size() == 1 ? parts.front() : b.create<ConcatOp>(parts, axis);
  return keepStorageType(c, stacked, c.getStorageType(entries.front()));
}

/// Runs the body over the scan inputs `scans` (each scanned along its axis
/// in `form`) from `states`, the whole scan being one of `repeats` alike;
/// on success `states` holds the final states and `stacked` the scan
/// outputs.
LogicalResult runScan(OnnxConversion &c, NodeBuilder &b,
                      const onnx::NodeProto &node, const onnx::GraphProto &body,
                      const ScanForm &form, int64_t repeats,
                      SmallVector<Value> &states, ArrayRef<Value> scans,
                      SmallVector<Value> &stacked) {
  SmallVector<int64_t, 4> axes;
  int64_t steps = -1;
  for (auto [index, scan] : llvm::enumerate(scans)) {
    auto type = cast<RankedTensorType>(scan.getType());
    int64_t axis = form.inputAxes[index];
    if (axis < -type.getRank() || axis >= type.getRank()) {
      c.emitNodeError(node) << "scan input #" << index << " of rank "
                            << type.getRank() << " has no axis " << axis;
      return failure();
    }
    axes.push_back(axis < 0 ? axis + type.getRank() : axis);
    int64_t length = type.getDimSize(axes.back());
    if (steps >= 0 && length != steps) {
      c.emitNodeError(node) << "scan input #" << index << " has " << length
                            << " steps along its axis, scan input #0 " << steps;
      return failure();
    }
    steps = length;
  }
  if (steps == 0 && form.outputs > 0) {
    c.emitNodeError(node) << "runs no step, so its scan outputs have no "
                             "element type or shape to take";
    return failure();
  }
  // Unrolling stays within the node limit.
  uint64_t limit = c.getLimits().maxNodes / (uint64_t(body.node_size()) + 1);
  if (uint64_t(steps) * uint64_t(repeats) > limit) {
    c.emitNodeError(node) << "unrolls to " << steps * repeats << " steps of "
                          << body.node_size() << " nodes, past the node limit "
                          << "of " << c.getLimits().maxNodes
                          << " (--max-nodes)";
    return failure();
  }
  SmallVector<SmallVector<Value>> outputs(form.outputs);
  for (int64_t step = 0; step < steps; ++step) {
    SmallVector<Value> inputs(states);
    for (auto [index, scan] : llvm::enumerate(scans))
      inputs.push_back(
          takeEntry(b, scan, axes[index],
                    form.inputDirections[index] ? steps - 1 - step : step));
    FailureOr<SmallVector<Value>> results =
        convertSubgraph(c, node, "body", body, inputs);
    if (failed(results))
      return failure();
    for (int64_t i = 0; i < form.states; ++i) {
      Value next = (*results)[i];
      if (next.getType() != states[i].getType()) {
        c.emitNodeError(node) << "state #" << i << " is " << states[i].getType()
                              << " before step " << step << " and "
                              << next.getType() << " after it";
        return failure();
      }
      states[i] = next;
    }
    for (int64_t k = 0; k < form.outputs; ++k)
      outputs[k].push_back((*results)[form.states + k]);
  }
  for (auto [k, entries] : llvm::enumerate(outputs)) {
    if (form.outputDirections[k])
      std::reverse(entries.begin(), entries.end());
    int64_t rank =
        cast<RankedTensorType>(entries.front().getType()).getRank() + 1;
    int64_t axis = form.outputAxes[k];
    if (axis < -rank || axis >= rank) {
      c.emitNodeError(node) << "scan output #" << k << " of rank " << rank
                            << " has no axis " << axis;
      return failure();
    }
    stacked.push_back(stack(c, b, entries, axis < 0 ? axis + rank : axis));
  }
  return success();
}

/// Reads list attribute `name`: `count` values, each 0 or 1 when
/// `directions`, all `fallback` when absent.
FailureOr<SmallVector<int64_t, 4>> readList(OnnxConversion &c,
                                            const onnx::NodeProto &node,
                                            StringRef name, int64_t count,
                                            bool directions) {
  FailureOr<SmallVector<int64_t, 4>> values =
      c.getInts(node, name, SmallVector<int64_t, 4>(count, 0));
  if (failed(values))
    return failure();
  if (int64_t(values->size()) != count) {
    c.emitNodeError(node) << "attribute '" << name << "' has " << values->size()
                          << " values, expected " << count;
    return failure();
  }
  if (directions &&
      llvm::any_of(*values, [](int64_t v) { return v != 0 && v != 1; })) {
    c.emitNodeError(node) << "attribute '" << name
                          << "' must hold 0 (forward) or 1 (reverse) values";
    return failure();
  }
  return values;
}

} // namespace

LogicalResult mlir::sic::convertScan(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  FailureOr<const onnx::GraphProto *> bodyAttr = c.getGraph(node, "body");
  FailureOr<int64_t> numScans = c.getInt(node, "num_scan_inputs");
  if (failed(bodyAttr) || failed(numScans))
    return failure();
  const onnx::GraphProto &body = **bodyAttr;
  // Opset 8 reads an optional sequence_lens first.
  bool batched = c.getOpset() < 9;
  int first = batched ? 1 : 0;
  ScanForm form;
  form.scans = *numScans;
  form.states = node.input_size() - first - form.scans;
  form.outputs = body.output_size() - form.states;
  if (form.scans < 1 || form.states < 0 ||
      body.input_size() != form.states + form.scans || form.outputs < 0 ||
      node.output_size() > form.states + form.outputs) {
    c.emitNodeError(node) << "has " << node.input_size() - first
                          << " inputs, num_scan_inputs " << *numScans
                          << " and a body of " << body.input_size()
                          << " inputs and " << body.output_size()
                          << " outputs; the body must take every state and "
                             "one slice of each of at least one scan input, "
                             "and give the states back first";
    return failure();
  }
  if (batched) {
    FailureOr<SmallVector<int64_t, 4>> directions =
        readList(c, node, "directions", form.scans, true);
    if (failed(directions))
      return failure();
    form.inputDirections = *directions;
    form.inputAxes.assign(form.scans, 0);
  } else {
    FailureOr<SmallVector<int64_t, 4>> inputAxes =
        readList(c, node, "scan_input_axes", form.scans, false);
    FailureOr<SmallVector<int64_t, 4>> inputDirections =
        readList(c, node, "scan_input_directions", form.scans, true);
    if (failed(inputAxes) || failed(inputDirections))
      return failure();
    form.inputAxes = *inputAxes;
    form.inputDirections = *inputDirections;
  }
  FailureOr<SmallVector<int64_t, 4>> outputAxes =
      batched ? FailureOr<SmallVector<int64_t, 4>>(
                    SmallVector<int64_t, 4>(form.outputs, 0))
              : readList(c, node, "scan_output_axes", form.outputs, false);
  FailureOr<SmallVector<int64_t, 4>> outputDirections =
      batched ? FailureOr<SmallVector<int64_t, 4>>(
                    SmallVector<int64_t, 4>(form.outputs, 0))
              : readList(c, node, "scan_output_directions", form.outputs, true);
  if (failed(outputAxes) || failed(outputDirections))
    return failure();
  form.outputAxes = *outputAxes;
  form.outputDirections = *outputDirections;

  SmallVector<Value> states, scans;
  for (int i = first; i < node.input_size(); ++i) {
    FailureOr<Value> value = c.getInputValue(node, i);
    if (failed(value))
      return failure();
    (i - first < form.states ? states : scans).push_back(*value);
  }
  NodeBuilder b(c, node);
  if (!batched) {
    SmallVector<Value> stacked;
    if (failed(runScan(c, b, node, body, form, 1, states, scans, stacked)))
      return failure();
    llvm::append_range(states, stacked);
    return b.bind(states);
  }

  // Opset 8: axis 0 of every input is the batch; each entry scans along
  // its axis 1 on its own.
  int64_t batch = -1;
  for (Value value : llvm::concat<Value>(states, scans)) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() == 0 || (batch >= 0 && type.getDimSize(0) != batch)) {
      InFlightDiagnostic diag = c.emitNodeError(node);
      diag << "expects every state and scan input to have the batch ";
      if (batch >= 0)
        diag << "size " << batch << " ";
      diag << "as its first dimension (opset 8), got " << type;
      return failure();
    }
    batch = type.getDimSize(0);
  }
  if (!c.getInput(node, 0).empty()) {
    FailureOr<SmallVector<int64_t, 4>> lengths = c.getConstantInts(node, 0);
    if (failed(lengths))
      return failure();
    int64_t steps =
        cast<RankedTensorType>(scans.front().getType()).getRank() > 1
            ? cast<RankedTensorType>(scans.front().getType()).getDimSize(1)
            : -1;
    for (auto [index, length] : llvm::enumerate(*lengths))
      if (length != steps) {
        c.emitNodeError(node)
            << "sequence_lens gives batch entry " << index << " " << length
            << " steps of " << steps
            << ": SIC scans every entry over the whole sequence";
        return failure();
      }
  }
  if (batch == 0) {
    c.emitNodeError(node) << "has an empty batch, so its outputs have no "
                             "element type or shape to take";
    return failure();
  }
  SmallVector<SmallVector<Value>> results(form.states + form.outputs);
  for (int64_t entry = 0; entry < batch; ++entry) {
    SmallVector<Value> entryStates, entryScans, stacked;
    for (Value state : states)
      entryStates.push_back(takeEntry(b, state, 0, entry));
    for (Value scan : scans)
      entryScans.push_back(takeEntry(b, scan, 0, entry));
    if (failed(runScan(c, b, node, body, form, batch, entryStates, entryScans,
                       stacked)))
      return failure();
    llvm::append_range(entryStates, stacked);
    for (auto [index, value] : llvm::enumerate(entryStates))
      results[index].push_back(value);
  }
  SmallVector<Value> outputs;
  for (ArrayRef<Value> entries : results)
    outputs.push_back(stack(c, b, entries, 0));
  return b.bind(outputs);
}
