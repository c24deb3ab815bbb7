//===- OnnxOps.cpp - ONNX operators as sic nodes --------------------------===//
//
// One converter per ONNX operator (opsets 9 to 18). Each maps the operator's
// inputs and attributes, with ONNX's defaults for its opset, onto a sic node;
// inputs that ONNX passes as tensors but SIC needs as attributes (Reshape's
// shape, Slice's starts, ...) must be constants.
//
//===----------------------------------------------------------------------===//

#include "OnnxOps.h"

#include "OnnxFolding.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::sic;

std::optional<ElementType> mlir::sic::getOnnxElementType(int64_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return ElementType::F32;
  case onnx::TensorProto::INT32:
    return ElementType::I32;
  case onnx::TensorProto::INT64:
    return ElementType::I64;
  default:
    return std::nullopt;
  }
}

template <typename T, typename Repeated>
static ArrayRef<char> storeTyped(OnnxConversion &conversion,
                                 const Repeated &values) {
  std::vector<T> copy(values.begin(), values.end());
  return conversion.store(ArrayRef<char>(
      reinterpret_cast<const char *>(copy.data()), copy.size() * sizeof(T)));
}

FailureOr<OnnxConstant>
mlir::sic::readOnnxTensor(OnnxConversion &conversion,
                          const onnx::TensorProto &tensor,
                          llvm::StringRef what) {
  ImportDiagnostics &diagnostics = conversion.getDiagnostics();
  const ImportLimits &limits = conversion.getLimits();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    diagnostics.error() << what
                        << " keeps its data in an external file, which SIC "
                           "does not read";
    return failure();
  }
  std::optional<ElementType> type = getOnnxElementType(tensor.data_type());
  if (!type) {
    diagnostics.error() << what << " has element type "
                        << onnx::TensorProto::DataType_Name(
                               onnx::TensorProto::DataType(tensor.data_type()))
                        << "; SIC supports FLOAT, INT32 and INT64";
    return failure();
  }
  if (uint64_t(tensor.dims_size()) > limits.maxRank) {
    diagnostics.error() << what << " has rank " << tensor.dims_size()
                        << ", more than the limit of " << limits.maxRank;
    return failure();
  }
  OnnxConstant constant{*type, {}, {}};
  constant.shape.assign(tensor.dims().begin(), tensor.dims().end());
  std::optional<int64_t> count = getElementCount(constant.shape);
  if (!count || uint64_t(*count) > limits.maxTensorElements) {
    diagnostics.error() << what << " has a negative dimension or more than "
                        << limits.maxTensorElements << " elements";
    return failure();
  }
  uint64_t bytes = uint64_t(*count) * getElementSize(*type);
  if (tensor.has_raw_data()) {
    if (tensor.raw_data().size() != bytes) {
      diagnostics.error() << what << " has " << tensor.raw_data().size()
                          << " bytes of data, but its shape needs " << bytes;
      return failure();
    }
    constant.bytes = ArrayRef<char>(tensor.raw_data().data(), bytes);
    return constant;
  }
  int64_t typedCount = *type == ElementType::F32   ? tensor.float_data_size()
                       : *type == ElementType::I32 ? tensor.int32_data_size()
                                                   : tensor.int64_data_size();
  if (typedCount != *count) {
    diagnostics.error() << what << " has " << typedCount
                        << " values, but its shape needs " << *count;
    return failure();
  }
  constant.bytes = *type == ElementType::F32
                       ? storeTyped<float>(conversion, tensor.float_data())
                   : *type == ElementType::I32
                       ? storeTyped<int32_t>(conversion, tensor.int32_data())
                       : storeTyped<int64_t>(conversion, tensor.int64_data());
  return constant;
}

namespace {

using Attributes = std::vector<AttributeDescription>;

/// Emits `op` on the given inputs with `attributes`.
LogicalResult emitNode(OnnxConversion &c, const onnx::NodeProto &node,
                       StringRef op, ArrayRef<StringRef> inputs,
                       Attributes attributes = {}) {
  FailureOr<PendingNode *> pending = c.emit(node, op, inputs);
  if (failed(pending))
    return failure();
  (*pending)->attributes = std::move(attributes);
  return c.inferOutputType(node, **pending);
}

/// The node's present inputs (ONNX marks an absent optional input with "").
SmallVector<StringRef>
getPresentInputs(OnnxConversion &c, const onnx::NodeProto &node, int limit) {
  SmallVector<StringRef> inputs;
  for (int i = 0; i < std::min(limit, node.input_size()); ++i)
    if (!c.getInput(node, i).empty())
      inputs.push_back(c.getInput(node, i));
  return inputs;
}

LogicalResult expectInputs(OnnxConversion &c, const onnx::NodeProto &node,
                           int min, int max) {
  if (node.input_size() >= min && node.input_size() <= max)
    return success();
  InFlightDiagnostic diag = c.emitNodeError(node) << "expects ";
  if (min == max)
    diag << min;
  else
    diag << min << " to " << max;
  diag << (max == 1 ? " input, got " : " inputs, got ") << node.input_size();
  return failure();
}

/// A converter that maps `arity` inputs one to one onto `op`.
LogicalResult convertDirect(OnnxConversion &c, const onnx::NodeProto &node,
                            StringRef op, int arity) {
  if (failed(expectInputs(c, node, arity, arity)))
    return failure();
  return emitNode(c, node, op, getPresentInputs(c, node, arity));
}

/// Resolves ONNX auto_pad for a 2-D window into explicit
/// [top, left, bottom, right] pads.
FailureOr<SmallVector<int64_t, 4>>
resolvePads(OnnxConversion &c, const onnx::NodeProto &node,
            ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
            ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  FailureOr<std::string> autoPad = c.getString(node, "auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "NOTSET")
    return c.getInts(node, "pads", SmallVector<int64_t, 4>{0, 0, 0, 0});
  if (*autoPad == "VALID")
    return SmallVector<int64_t, 4>{0, 0, 0, 0};
  if (*autoPad != "SAME_UPPER" && *autoPad != "SAME_LOWER") {
    c.emitNodeError(node) << "unknown auto_pad '" << *autoPad << "'";
    return failure();
  }
  SmallVector<int64_t, 4> pads(4, 0);
  for (int i = 0; i < 2; ++i) {
    // total = max(0, (ceil(input / stride) - 1) * stride + span - input),
    // span = dilation * (kernel - 1) + 1, all overflow-checked.
    std::optional<int64_t> span, reach;
    if (strides[i] >= 1 && dilations[i] >= 1 && kernel[i] >= 1 &&
        input[2 + i] >= 0) {
      int64_t output =
          input[2 + i] / strides[i] + (input[2 + i] % strides[i] != 0 ? 1 : 0);
      span = llvm::checkedMul(dilations[i], kernel[i] - 1);
      reach = llvm::checkedMul(std::max<int64_t>(output - 1, 0), strides[i]);
      if (span)
        span = llvm::checkedAdd(*span, int64_t(1));
      if (span && reach)
        reach = llvm::checkedAdd(*reach, *span);
    }
    if (!span || !reach) {
      c.emitNodeError(node) << "has a window that auto_pad cannot resolve";
      return failure();
    }
    int64_t total = std::max<int64_t>(0, *reach - input[2 + i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = *autoPad == "SAME_UPPER" ? small : large;
    pads[2 + i] = *autoPad == "SAME_UPPER" ? large : small;
  }
  return pads;
}

/// The window attributes of Conv, MaxPool and AveragePool.
struct Window {
  SmallVector<int64_t, 4> kernel, strides, pads, dilations;
};

FailureOr<Window> readWindow(OnnxConversion &c, const onnx::NodeProto &node,
                             std::optional<SmallVector<int64_t, 4>> kernel) {
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input))
    return failure();
  if (input->size() != 4) {
    c.emitNodeError(node) << "SIC supports 2-D windows (rank-4 NCHW input), "
                             "got rank "
                          << input->size();
    return failure();
  }
  Window window;
  FailureOr<SmallVector<int64_t, 4>> kernelShape =
      c.getInts(node, "kernel_shape", kernel);
  FailureOr<SmallVector<int64_t, 4>> strides =
      c.getInts(node, "strides", SmallVector<int64_t, 4>{1, 1});
  FailureOr<SmallVector<int64_t, 4>> dilations =
      c.getInts(node, "dilations", SmallVector<int64_t, 4>{1, 1});
  if (failed(kernelShape) || failed(strides) || failed(dilations))
    return failure();
  if (kernelShape->size() != 2 || strides->size() != 2 ||
      dilations->size() != 2) {
    c.emitNodeError(node) << "expects 2-D kernel_shape, strides and dilations";
    return failure();
  }
  FailureOr<SmallVector<int64_t, 4>> pads =
      resolvePads(c, node, *input, *kernelShape, *strides, *dilations);
  if (failed(pads))
    return failure();
  return Window{*kernelShape, *strides, *pads, *dilations};
}

LogicalResult convertConv(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  std::optional<SmallVector<int64_t, 4>> kernel;
  if (std::optional<ArrayRef<int64_t>> filter = c.getShape(c.getInput(node, 1));
      filter && filter->size() == 4)
    kernel = SmallVector<int64_t, 4>(filter->drop_front(2));
  FailureOr<Window> window = readWindow(c, node, kernel);
  FailureOr<int64_t> group = c.getInt(node, "group", 1);
  if (failed(window) || failed(group))
    return failure();
  return emitNode(c, node, "conv2d", getPresentInputs(c, node, 3),
                  {{"strides", window->strides},
                   {"pads", window->pads},
                   {"dilations", window->dilations},
                   {"group", *group}});
}

LogicalResult convertPool(OnnxConversion &c, const onnx::NodeProto &node,
                          bool average) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<Window> window = readWindow(c, node, std::nullopt);
  FailureOr<int64_t> ceilMode = c.getInt(node, "ceil_mode", 0);
  c.ignoreAttribute("storage_order"); // only lays out the unused Indices
  if (failed(window) || failed(ceilMode))
    return failure();
  Attributes attributes = {{"kernel_shape", window->kernel},
                           {"strides", window->strides},
                           {"pads", window->pads},
                           {"dilations", window->dilations},
                           {"ceil_mode", *ceilMode}};
  if (average) {
    FailureOr<int64_t> countPad = c.getInt(node, "count_include_pad", 0);
    if (failed(countPad))
      return failure();
    attributes.push_back({"count_include_pad", *countPad});
  }
  return emitNode(c, node, average ? "avg_pool2d" : "max_pool2d",
                  {c.getInput(node, 0)}, std::move(attributes));
}

LogicalResult convertGemm(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<float> alpha = c.getFloat(node, "alpha", 1.0f);
  FailureOr<float> beta = c.getFloat(node, "beta", 1.0f);
  FailureOr<int64_t> transA = c.getInt(node, "transA", 0);
  FailureOr<int64_t> transB = c.getInt(node, "transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  return emitNode(c, node, "gemm", getPresentInputs(c, node, 3),
                  {{"alpha", *alpha},
                   {"beta", *beta},
                   {"trans_a", *transA},
                   {"trans_b", *transB}});
}

LogicalResult convertClip(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 3)))
    return failure();
  Attributes attributes;
  const std::string names[] = {"min", "max"};
  for (auto [index, name] : llvm::enumerate(names)) {
    std::optional<float> bound;
    if (c.getOpset() < 11) {
      if (c.hasAttribute(node, name)) {
        FailureOr<float> value = c.getFloat(node, name);
        if (failed(value))
          return failure();
        bound = *value;
      }
    } else if (!c.getInput(node, 1 + index).empty()) {
      FailureOr<float> value = c.getConstantFloat(node, 1 + index);
      if (failed(value))
        return failure();
      bound = *value;
    }
    if (bound)
      attributes.push_back({name, AttributeDescription::Value(*bound)});
  }
  return emitNode(c, node, "clip", {c.getInput(node, 0)},
                  std::move(attributes));
}

LogicalResult convertBatchNorm(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 5, 5)))
    return failure();
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  FailureOr<int64_t> training = c.getInt(node, "training_mode", 0);
  c.ignoreAttribute("momentum"); // only training updates the statistics
  if (failed(epsilon) || failed(training))
    return failure();
  if (*training != 0) {
    c.emitNodeError(node) << "training_mode is not supported for inference";
    return failure();
  }
  return emitNode(c, node, "batch_norm", getPresentInputs(c, node, 5),
                  {{"epsilon", *epsilon}});
}

LogicalResult convertSoftmax(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", c.getOpset() < 13 ? 1 : -1);
  if (failed(axis))
    return failure();
  if (c.getOpset() < 13) {
    // Before opset 13 Softmax flattened the input at `axis`; that is a
    // softmax along one axis only when `axis` is the last one.
    FailureOr<ArrayRef<int64_t>> shape = c.getInputShape(node, 0);
    if (failed(shape))
      return failure();
    std::optional<int64_t> normalized = normalizeAxis(*axis, shape->size());
    if (!normalized || *normalized != int64_t(shape->size()) - 1) {
      c.emitNodeError(node) << "before opset 13, Softmax is supported only "
                               "along the last axis";
      return failure();
    }
  }
  return emitNode(c, node, "softmax", {c.getInput(node, 0)}, {{"axis", *axis}});
}

LogicalResult convertLayerNorm(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", -1);
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  c.ignoreAttribute("stash_type"); // SIC normalizes in f32
  if (failed(axis) || failed(epsilon))
    return failure();
  return emitNode(c, node, "layer_norm", getPresentInputs(c, node, 3),
                  {{"axis", *axis}, {"epsilon", *epsilon}});
}

/// ReduceMean, ReduceSum, ReduceMax: axes moved from an attribute to an
/// input in opset `axesInputSince`.
LogicalResult convertReduce(OnnxConversion &c, const onnx::NodeProto &node,
                            StringRef op, int64_t axesInputSince) {
  if (failed(expectInputs(c, node, 1, c.getOpset() < axesInputSince ? 1 : 2)))
    return failure();
  FailureOr<int64_t> keepdims = c.getInt(node, "keepdims", 1);
  FailureOr<int64_t> noop = c.getInt(node, "noop_with_empty_axes", 0);
  if (failed(keepdims) || failed(noop))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() < axesInputSince)
    axes = c.getInts(node, "axes", SmallVector<int64_t, 4>());
  else if (!c.getInput(node, 1).empty())
    axes = c.getConstantInts(node, 1);
  if (failed(axes))
    return failure();
  if (axes->empty() && *noop)
    return c.alias(node, c.getInput(node, 0));
  return emitNode(c, node, op, {c.getInput(node, 0)},
                  {{"axes", *axes}, {"keepdims", *keepdims}});
}

LogicalResult convertReshape(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  FailureOr<ArrayRef<int64_t>> targetShape = c.getInputShape(node, 1);
  FailureOr<SmallVector<int64_t, 4>> target = c.getConstantInts(node, 1);
  FailureOr<int64_t> allowZero = c.getInt(node, "allowzero", 0);
  if (failed(input) || failed(targetShape) || failed(target) ||
      failed(allowZero))
    return failure();
  if (targetShape->size() != 1) {
    c.emitNodeError(node) << "its shape input must be 1-D, got rank "
                          << targetShape->size();
    return failure();
  }
  // Resolve 0 (copy the input's dimension) and -1 (whatever is left).
  SmallVector<int64_t, 4> shape;
  std::optional<size_t> inferred;
  for (auto [index, dim] : llvm::enumerate(*target)) {
    if (dim == 0 && !*allowZero) {
      if (index >= input->size()) {
        c.emitNodeError(node)
            << "shape entry " << index << " is 0, but the input has rank "
            << input->size();
        return failure();
      }
      dim = (*input)[index];
    } else if (dim == -1 && !inferred) {
      inferred = index;
      dim = 1;
    } else if (dim < 0) {
      c.emitNodeError(node) << "has an invalid target shape entry " << dim;
      return failure();
    }
    shape.push_back(dim);
  }
  if (inferred) {
    std::optional<int64_t> total = getElementCount(*input);
    std::optional<int64_t> known = getElementCount(shape);
    if (!total || !known || *known == 0 || *total % *known != 0) {
      c.emitNodeError(node) << "cannot infer the -1 entry of the target shape";
      return failure();
    }
    shape[*inferred] = *total / *known;
  }
  return emitNode(c, node, "reshape", {c.getInput(node, 0)},
                  {{"shape", shape}});
}

LogicalResult convertTranspose(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input))
    return failure();
  SmallVector<int64_t, 4> reversed;
  for (int64_t i = input->size() - 1; i >= 0; --i)
    reversed.push_back(i);
  FailureOr<SmallVector<int64_t, 4>> perm = c.getInts(node, "perm", reversed);
  if (failed(perm))
    return failure();
  return emitNode(c, node, "transpose", {c.getInput(node, 0)},
                  {{"perm", *perm}});
}

LogicalResult convertConcat(OnnxConversion &c, const onnx::NodeProto &node) {
  FailureOr<int64_t> axis = c.getInt(node, "axis");
  if (failed(axis))
    return failure();
  return emitNode(c, node, "concat",
                  getPresentInputs(c, node, node.input_size()),
                  {{"axis", *axis}});
}

LogicalResult convertSlice(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, c.getOpset() < 10 ? 1 : 3,
                          c.getOpset() < 10 ? 1 : 5)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> starts, ends, axes, steps;
  if (c.getOpset() < 10) {
    starts = c.getInts(node, "starts");
    ends = c.getInts(node, "ends");
  } else {
    starts = c.getConstantInts(node, 1);
    ends = c.getConstantInts(node, 2);
  }
  if (failed(starts) || failed(ends))
    return failure();
  SmallVector<int64_t, 4> allAxes, ones(starts->size(), 1);
  for (size_t i = 0; i < starts->size(); ++i)
    allAxes.push_back(i);
  if (c.getOpset() < 10)
    axes = c.getInts(node, "axes", allAxes);
  else
    axes = c.getInput(node, 3).empty() ? FailureOr(allAxes)
                                       : c.getConstantInts(node, 3);
  steps = c.getOpset() < 10 || c.getInput(node, 4).empty()
              ? FailureOr(ones)
              : c.getConstantInts(node, 4);
  if (failed(axes) || failed(steps))
    return failure();
  return emitNode(c, node, "slice", {c.getInput(node, 0)},
                  {{"starts", *starts},
                   {"ends", *ends},
                   {"axes", *axes},
                   {"steps", *steps}});
}

/// Squeeze and Unsqueeze: axes moved from an attribute to an input in
/// opset 13.
LogicalResult convertSqueeze(OnnxConversion &c, const onnx::NodeProto &node,
                             bool unsqueeze) {
  if (failed(expectInputs(c, node, 1, 2)))
    return failure();
  // An empty list stands for "no axes given" (Squeeze then removes every
  // dimension of size 1).
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() < 13) {
    if (unsqueeze || c.hasAttribute(node, "axes"))
      axes = c.getInts(node, "axes");
  } else if (!c.getInput(node, 1).empty()) {
    axes = c.getConstantInts(node, 1);
  } else if (unsqueeze) {
    c.emitNodeError(node) << "needs its axes input";
    return failure();
  }
  if (failed(axes))
    return failure();
  if (!unsqueeze && axes->empty()) {
    // No axes: squeeze every dimension of size 1.
    FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
    if (failed(input))
      return failure();
    for (auto [index, dim] : llvm::enumerate(*input))
      if (dim == 1)
        axes->push_back(index);
  }
  return emitNode(c, node, unsqueeze ? "unsqueeze" : "squeeze",
                  {c.getInput(node, 0)}, {{"axes", *axes}});
}

LogicalResult convertFlatten(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 1);
  if (failed(axis))
    return failure();
  return emitNode(c, node, "flatten", {c.getInput(node, 0)}, {{"axis", *axis}});
}

LogicalResult convertPad(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, c.getOpset() < 11 ? 1 : 4)))
    return failure();
  FailureOr<std::string> mode = c.getString(node, "mode", "constant");
  if (failed(mode))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> pads;
  FailureOr<float> value = 0.0f;
  if (c.getOpset() < 11) {
    pads = c.getInts(node, "pads");
    value = c.getFloat(node, "value", 0.0f);
  } else {
    pads = c.getConstantInts(node, 1);
    if (!c.getInput(node, 2).empty())
      value = c.getConstantFloat(node, 2);
    if (!c.getInput(node, 3).empty()) {
      c.emitNodeError(node) << "the axes input is not supported";
      return failure();
    }
  }
  if (failed(pads) || failed(value))
    return failure();
  return emitNode(c, node, "pad", {c.getInput(node, 0)},
                  {{"pads", *pads}, {"mode", *mode}, {"value", *value}});
}

LogicalResult convertCast(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> to = c.getInt(node, "to");
  if (failed(to))
    return failure();
  std::optional<ElementType> type = getOnnxElementType(*to);
  if (!type) {
    c.emitNodeError(node) << "casts to an element type SIC does not support";
    return failure();
  }
  const char *name = *type == ElementType::F32   ? "f32"
                     : *type == ElementType::I32 ? "i32"
                                                 : "i64";
  return emitNode(c, node, "cast", {c.getInput(node, 0)},
                  {{"to", std::string(name)}});
}

LogicalResult convertConstant(OnnxConversion &c, const onnx::NodeProto &node) {
  if (node.output_size() != 1 || node.attribute_size() != 1) {
    c.emitNodeError(node) << "expects one output and one value attribute";
    return failure();
  }
  const onnx::AttributeProto &value = node.attribute(0);
  c.ignoreAttribute(value.name()); // read below, whichever form it has
  std::string what = "Constant '" + node.output(0) + "'";
  auto scalar = [&](auto element, ElementType type, ArrayRef<int64_t> shape,
                    size_t count) {
    return OnnxConstant{
        type, SmallVector<int64_t, 4>(shape),
        c.store(ArrayRef<char>(reinterpret_cast<const char *>(element),
                               count * getElementSize(type)))};
  };
  FailureOr<OnnxConstant> constant = failure();
  if (value.name() == "value" && value.type() == onnx::AttributeProto::TENSOR) {
    constant = readOnnxTensor(c, value.t(), what);
  } else if (value.name() == "value_float") {
    float f = value.f();
    constant = scalar(&f, ElementType::F32, {}, 1);
  } else if (value.name() == "value_int") {
    int64_t i = value.i();
    constant = scalar(&i, ElementType::I64, {}, 1);
  } else if (value.name() == "value_floats") {
    std::vector<float> fs(value.floats().begin(), value.floats().end());
    constant =
        scalar(fs.data(), ElementType::F32, {int64_t(fs.size())}, fs.size());
  } else if (value.name() == "value_ints") {
    std::vector<int64_t> is(value.ints().begin(), value.ints().end());
    constant =
        scalar(is.data(), ElementType::I64, {int64_t(is.size())}, is.size());
  } else {
    c.emitNodeError(node) << "its '" << value.name()
                          << "' value is not supported";
    return failure();
  }
  if (failed(constant))
    return failure();
  c.addConstant(node.output(0), std::move(*constant));
  return success();
}

using Converter = LogicalResult (*)(OnnxConversion &, const onnx::NodeProto &);

const llvm::StringMap<Converter> &getConverters() {
  static const llvm::StringMap<Converter> converters = [] {
    llvm::StringMap<Converter> map;
    // Elementwise ops that map one to one.
#define SIC_DIRECT(ONNX, SIC, ARITY)                                           \
  map[ONNX] = [](OnnxConversion &c, const onnx::NodeProto &node) {             \
    return convertDirect(c, node, SIC, ARITY);                                 \
  }
    SIC_DIRECT("Add", "add", 2);
    SIC_DIRECT("Sub", "sub", 2);
    SIC_DIRECT("Mul", "mul", 2);
    SIC_DIRECT("Div", "div", 2);
    SIC_DIRECT("Pow", "pow", 2);
    SIC_DIRECT("Max", "max", 2);
    SIC_DIRECT("Min", "min", 2);
    SIC_DIRECT("MatMul", "matmul", 2);
    SIC_DIRECT("Relu", "relu", 1);
    SIC_DIRECT("Sigmoid", "sigmoid", 1);
    SIC_DIRECT("Tanh", "tanh", 1);
    SIC_DIRECT("Exp", "exp", 1);
    SIC_DIRECT("Log", "log", 1);
    SIC_DIRECT("Sqrt", "sqrt", 1);
    SIC_DIRECT("Erf", "erf", 1);
    SIC_DIRECT("Neg", "neg", 1);
    SIC_DIRECT("Abs", "abs", 1);
    SIC_DIRECT("HardSwish", "hard_swish", 1);
    SIC_DIRECT("GlobalAveragePool", "global_avg_pool", 1);
#undef SIC_DIRECT
    map["LeakyRelu"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      FailureOr<float> alpha = c.getFloat(node, "alpha", 0.01f);
      if (failed(alpha) || failed(expectInputs(c, node, 1, 1)))
        return failure();
      return emitNode(c, node, "leaky_relu", {c.getInput(node, 0)},
                      {{"alpha", *alpha}});
    };
    map["HardSigmoid"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      FailureOr<float> alpha = c.getFloat(node, "alpha", 0.2f);
      FailureOr<float> beta = c.getFloat(node, "beta", 0.5f);
      if (failed(alpha) || failed(beta) || failed(expectInputs(c, node, 1, 1)))
        return failure();
      return emitNode(c, node, "hard_sigmoid", {c.getInput(node, 0)},
                      {{"alpha", *alpha}, {"beta", *beta}});
    };
    map["Identity"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      if (failed(expectInputs(c, node, 1, 1)))
        return failure();
      return c.alias(node, c.getInput(node, 0));
    };
    map["Dropout"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      c.ignoreAttribute("seed"); // inference drops nothing
      c.ignoreAttribute("ratio");
      // Inference: Dropout passes its input through (its mask must be
      // unused).
      if (node.output_size() > 1 && !node.output(1).empty() &&
          c.isUsed(node.output(1))) {
        c.emitNodeError(node) << "its mask output is used";
        return failure();
      }
      return c.alias(node, c.getInput(node, 0));
    };
    map["Clip"] = convertClip;
    map["Gemm"] = convertGemm;
    map["Conv"] = convertConv;
    map["MaxPool"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertPool(c, node, /*average=*/false);
    };
    map["AveragePool"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertPool(c, node, /*average=*/true);
    };
    map["BatchNormalization"] = convertBatchNorm;
    map["Softmax"] = convertSoftmax;
    map["LayerNormalization"] = convertLayerNorm;
    map["ReduceMean"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertReduce(c, node, "reduce_mean", 18);
    };
    map["ReduceMax"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertReduce(c, node, "reduce_max", 18);
    };
    map["ReduceSum"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertReduce(c, node, "reduce_sum", 13);
    };
    map["Reshape"] = convertReshape;
    map["Transpose"] = convertTranspose;
    map["Concat"] = convertConcat;
    map["Slice"] = convertSlice;
    map["Flatten"] = convertFlatten;
    map["Squeeze"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertSqueeze(c, node, /*unsqueeze=*/false);
    };
    map["Unsqueeze"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertSqueeze(c, node, /*unsqueeze=*/true);
    };
    map["Pad"] = convertPad;
    map["Cast"] = convertCast;
    map["Constant"] = convertConstant;
    return map;
  }();
  return converters;
}

} // namespace

std::optional<LogicalResult>
mlir::sic::convertOnnxNode(OnnxConversion &conversion,
                           const onnx::NodeProto &node) {
  conversion.beginNode();
  // Operators newer than the oldest opset SIC reads.
  static const llvm::StringMap<int64_t> introduced = {
      {"HardSwish", 14}, {"LayerNormalization", 17}};
  if (auto it = introduced.find(node.op_type());
      it != introduced.end() && conversion.getOpset() < it->second) {
    conversion.emitNodeError(node)
        << node.op_type() << " exists from opset " << it->second
        << ", but the model imports opset " << conversion.getOpset();
    return failure();
  }
  // A static shape computation (Shape, Gather, Concat, ... on known shapes)
  // becomes a constant.
  std::optional<LogicalResult> result = foldOnnxNode(conversion, node);
  if (!result) {
    const llvm::StringMap<Converter> &converters = getConverters();
    auto it = converters.find(node.op_type());
    if (it == converters.end())
      return std::nullopt;
    result = it->second(conversion, node);
  }
  if (succeeded(*result))
    return conversion.checkAttributesRead(node);
  return result;
}
