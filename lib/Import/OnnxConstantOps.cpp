//===- OnnxConstantOps.cpp - ONNX operators known at compile time ---------===//
//
// The converters of Constant, Shape, Size, ConstantOfShape and Range: their
// outputs are known when the model is compiled (every shape is static), so
// each becomes a sic.constant.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxTensors.h"

#include "sic/Import/GraphBuilder.h"
#include "sic/Support/HalfFloats.h"
#include "sic/Support/ShapeRules.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::sic;

LogicalResult mlir::sic::convertConstant(OnnxConversion &c,
                                         const onnx::NodeProto &node) {
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
  return c.addConstant(node.output(0), std::move(*constant), &node);
}

LogicalResult mlir::sic::convertShape(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<ArrayRef<int64_t>> shape = c.getInputShape(node, 0);
  // start and end exist from opset 15.
  int64_t rank = failed(shape) ? 0 : shape->size();
  FailureOr<int64_t> start =
      c.getOpset() >= 15 ? c.getInt(node, "start", 0) : FailureOr<int64_t>(0);
  FailureOr<int64_t> end = c.getOpset() >= 15 ? c.getInt(node, "end", rank)
                                              : FailureOr<int64_t>(rank);
  if (failed(shape) || failed(start) || failed(end))
    return failure();
  // Out-of-range start and end clamp, as in Slice.
  std::optional<SliceRange> range = getSliceRange(rank, *start, *end, 1);
  ArrayRef<int64_t> dims = shape->slice(range->start, range->size);
  auto type = RankedTensorType::get({int64_t(dims.size())},
                                    c.getBuilder().getI64Type());
  return c.bind(node,
                c.createConstant(
                    c.getConstantName(node), type,
                    ArrayRef<char>(reinterpret_cast<const char *>(dims.data()),
                                   dims.size() * sizeof(int64_t))));
}

LogicalResult mlir::sic::convertSize(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<ArrayRef<int64_t>> shape = c.getInputShape(node, 0);
  if (failed(shape))
    return failure();
  // Shapes within the import limits have counts that fit.
  auto type = RankedTensorType::get({}, c.getBuilder().getI64Type());
  return c.bind(node, c.createConstant(c.getConstantName(node),
                                       DenseElementsAttr::get(
                                           type, *getElementCount(*shape))));
}

LogicalResult mlir::sic::convertConstantOfShape(OnnxConversion &c,
                                                const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> shape = c.getConstantInts(node, 0);
  FailureOr<const onnx::TensorProto *> value = c.getTensor(node, "value");
  if (failed(shape) || failed(value))
    return failure();
  if (llvm::any_of(*shape, [](int64_t dim) { return dim < 0; })) {
    c.emitNodeError(node) << "its shape [" << *shape
                          << "] has a negative dimension";
    return failure();
  }
  if (std::optional<std::string> breach =
          checkShapeLimits(*shape, c.getLimits())) {
    c.emitNodeError(node) << "its output " << *breach;
    return failure();
  }
  // The fill: one element, 0.0f when absent.
  OnnxConstant fill{ElementType::F32, {}, {}};
  float zero = 0.0f;
  fill.bytes = ArrayRef<char>(reinterpret_cast<const char *>(&zero), 4);
  if (*value) {
    FailureOr<OnnxConstant> given =
        readOnnxTensor(c, **value, "ConstantOfShape's value");
    if (failed(given))
      return failure();
    if (getElementCount(given->shape) != 1) {
      c.emitNodeError(node) << "its value must hold one element";
      return failure();
    }
    fill = *given;
  }
  Type element =
      getMlirElementType(c.getBuilder().getContext(), fill.elementType);
  Attribute scalar;
  switch (fill.elementType) {
  case ElementType::F32: {
    float f;
    std::memcpy(&f, fill.bytes.data(), 4);
    scalar = c.getBuilder().getF32FloatAttr(f);
    break;
  }
  case ElementType::F64: {
    double f;
    std::memcpy(&f, fill.bytes.data(), 8);
    scalar = c.getBuilder().getF64FloatAttr(f);
    break;
  }
  case ElementType::I32: {
    int32_t i;
    std::memcpy(&i, fill.bytes.data(), 4);
    scalar = c.getBuilder().getIntegerAttr(element, i);
    break;
  }
  case ElementType::I64: {
    int64_t i;
    std::memcpy(&i, fill.bytes.data(), 8);
    scalar = c.getBuilder().getIntegerAttr(element, i);
    break;
  }
  case ElementType::Bool:
    scalar = c.getBuilder().getBoolAttr(fill.bytes[0] != 0);
    break;
  default:
    llvm_unreachable("a constant holds a compute type");
  }
  auto type = RankedTensorType::get(*shape, element);
  Value filled = c.createConstant(c.getConstantName(node),
                                  DenseElementsAttr::get(type, scalar));
  if (fill.storage)
    c.setStorageType(
        filled, getMlirElementType(c.getBuilder().getContext(), *fill.storage));
  return c.bind(node, filled);
}

namespace {

/// The elements of Range(start, limit, delta) in `T`: start + i * delta for
/// i < max(ceil((limit - start) / delta), 0), or an error.
template <typename T>
FailureOr<std::vector<T>> computeRange(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       ArrayRef<ConstantOp> bounds) {
  T values[3];
  for (auto [index, bound] : llvm::enumerate(bounds)) {
    FailureOr<std::vector<T>> elements = readConstantValues<T>(bound);
    if (failed(elements) || elements->size() != 1) {
      c.emitNodeError(node) << "input #" << index << " '"
                            << c.getInput(node, index) << "' must be a scalar";
      return failure();
    }
    values[index] = elements->front();
  }
  auto [start, limit, delta] = values;
  if (delta == 0 ||
      (std::is_floating_point_v<T> &&
       !(std::isfinite(double(start)) && std::isfinite(double(limit)) &&
         std::isfinite(double(delta))))) {
    c.emitNodeError(node) << "needs a finite, nonzero delta and finite "
                             "bounds";
    return failure();
  }
  // The count, exact for integers (in 128 bits) and within 2^63 before it
  // is converted for floats.
  double count;
  if constexpr (std::is_floating_point_v<T>) {
    count = std::ceil((double(limit) - double(start)) / double(delta));
  } else {
    __int128 span = __int128(limit) - start, step = delta;
    __int128 steps =
        span / step + (span % step != 0 && (span < 0) == (step < 0));
    count = double(steps);
  }
  count = std::max(count, 0.0);
  if (!(count <= double(c.getLimits().maxTensorElements)) ||
      !c.takeFoldBudget(uint64_t(count))) {
    c.emitNodeError(node) << "makes " << formatNumber(count)
                          << " elements, more than the import limits "
                             "(--max-tensor-elements, --max-folded-elements) "
                             "admit";
    return failure();
  }
  std::vector<T> result;
  result.reserve(size_t(count));
  for (int64_t i = 0; i < int64_t(count); ++i) {
    // Integers stay within [start, limit): exact in 128 bits.
    if constexpr (std::is_floating_point_v<T>)
      result.push_back(start + T(i) * delta);
    else
      result.push_back(T(__int128(start) + __int128(i) * delta));
  }
  return result;
}

} // namespace

LogicalResult mlir::sic::convertRange(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 3, 3)))
    return failure();
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(inputs))
    return failure();
  SmallVector<ConstantOp, 3> bounds;
  for (auto [index, input] : llvm::enumerate(*inputs)) {
    auto constant = input.getDefiningOp<ConstantOp>();
    if (!constant) {
      c.emitNodeError(node)
          << "input #" << index << " '" << c.getInput(node, index)
          << "' must be a constant (the output's shape "
             "depends on it); "
          << c.explainNotConstant(input);
      return failure();
    }
    bounds.push_back(constant);
  }
  Type element = bounds[0].getType().getElementType();
  if (llvm::any_of(bounds, [&](ConstantOp bound) {
        return bound.getType().getElementType() != element;
      })) {
    c.emitNodeError(node) << "expects start, limit and delta of one type";
    return failure();
  }
  auto finish = [&](auto values) -> LogicalResult {
    if (failed(values))
      return failure();
    auto type = RankedTensorType::get({int64_t(values->size())}, element);
    return c.bind(
        node, c.createConstant(
                  c.getConstantName(node), type,
                  ArrayRef<char>(reinterpret_cast<const char *>(values->data()),
                                 values->size() * sizeof((*values)[0]))));
  };
  if (element.isF32())
    return finish(computeRange<float>(c, node, bounds));
  if (element.isF64())
    return finish(computeRange<double>(c, node, bounds));
  if (element.isInteger(32))
    return finish(computeRange<int32_t>(c, node, bounds));
  return finish(computeRange<int64_t>(c, node, bounds));
}

namespace {

/// A constant of `shape` and element type `type` whose element at each
/// row-major position is `value(position)`, converted to the type as Cast
/// converts (a storage-only type: held in its compute type).
Value createComputedConstant(OnnxConversion &c, StringRef name,
                             ArrayRef<int64_t> shape, ElementType type,
                             llvm::function_ref<double(int64_t)> value) {
  ElementType compute = getComputeType(type);
  int64_t count = *getElementCount(shape);
  std::vector<char> bytes(count * getElementSize(compute));
  for (int64_t i = 0; i < count; ++i) {
    double element = value(i);
    // To bool, anything but 0 is true; NaN (a window of one sample)
    // converts to integer 0.
    if (type == ElementType::Bool) {
      bytes[i] = element != 0;
      continue;
    }
    if (compute == ElementType::F32) {
      float narrow = type == ElementType::F16    ? toDouble(toFloat16(element))
                     : type == ElementType::BF16 ? toDouble(toBFloat16(element))
                                                 : element;
      std::memcpy(bytes.data() + 4 * i, &narrow, 4);
      continue;
    }
    if (compute == ElementType::F64) {
      std::memcpy(bytes.data() + 8 * i, &element, 8);
      continue;
    }
    // The callers' integers are small: a plain conversion, within range.
    int64_t wide = std::isfinite(element) ? int64_t(element) : 0;
    if (compute == ElementType::I32) {
      int32_t narrow = int32_t(wide);
      std::memcpy(bytes.data() + 4 * i, &narrow, 4);
    } else {
      std::memcpy(bytes.data() + 8 * i, &wide, 8);
    }
  }
  MLIRContext *context = c.getBuilder().getContext();
  auto tensorType =
      RankedTensorType::get(shape, getMlirElementType(context, compute));
  Value constant = c.createConstant(name, tensorType, bytes);
  c.setStorageType(constant, getMlirElementType(context, type));
  return constant;
}

/// The element type an ONNX `dtype`-like attribute names, or an error.
FailureOr<ElementType> getTypeAttribute(OnnxConversion &c,
                                        const onnx::NodeProto &node,
                                        StringRef name, int64_t fallback) {
  FailureOr<int64_t> code = c.getInt(node, name, fallback);
  if (failed(code))
    return failure();
  std::optional<ElementType> type = getOnnxElementType(*code);
  if (!type) {
    c.emitNodeError(node) << "attribute '" << name
                          << "' names an element type SIC does not support";
    return failure();
  }
  return *type;
}

} // namespace

LogicalResult mlir::sic::convertEyeLike(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  FailureOr<Value> input = getOnlyInput(c, node);
  FailureOr<int64_t> k = c.getInt(node, "k", 0);
  if (failed(input) || failed(k))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  // The output has the input's type unless `dtype` says.
  FailureOr<ElementType> output =
      c.hasAttribute(node, "dtype")
          ? getTypeAttribute(c, node, "dtype", onnx::TensorProto::FLOAT)
          : FailureOr<ElementType>(
                *getModelElementType(c.getStorageType(*input)));
  if (failed(output))
    return failure();
  if (type.getRank() != 2) {
    c.emitNodeError(node) << "expects a rank-2 input, got rank "
                          << type.getRank();
    return failure();
  }
  int64_t columns = type.getDimSize(1);
  return c.bind(node, createComputedConstant(
                          c, c.getConstantName(node), type.getShape(), *output,
                          [&](int64_t i) {
                            return i % columns - i / columns == *k ? 1.0 : 0.0;
                          }));
}

LogicalResult mlir::sic::convertWindow(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       WindowFunction function) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> size = c.getConstantInts(node, 0);
  FailureOr<int64_t> periodic = c.getInt(node, "periodic", 1);
  FailureOr<ElementType> type =
      getTypeAttribute(c, node, "output_datatype", onnx::TensorProto::FLOAT);
  if (failed(size) || failed(periodic) || failed(type))
    return failure();
  if (size->size() != 1 || size->front() < 0 ||
      uint64_t(size->front()) > c.getLimits().maxTensorElements ||
      !c.takeFoldBudget(size->front())) {
    c.emitNodeError(node) << "expects one size in [0, "
                          << c.getLimits().maxTensorElements
                          << "] within --max-folded-elements";
    return failure();
  }
  int64_t n = size->front();
  // The cosine terms of ONNX's definition, over a period of N (periodic)
  // or N - 1 samples, computed in double and rounded once.
  double period = double(*periodic ? n : n - 1);
  double pi = 3.14159265358979323846;
  return c.bind(node,
                createComputedConstant(
                    c, c.getConstantName(node), {n}, *type, [&](int64_t i) {
                      double phase = 2 * pi * double(i) / period;
                      switch (function) {
                      case WindowFunction::Hann:
                        return 0.5 - 0.5 * std::cos(phase);
                      case WindowFunction::Hamming:
                        return 25.0 / 46 - 21.0 / 46 * std::cos(phase);
                      case WindowFunction::Blackman:
                        return 0.42 - 0.5 * std::cos(phase) +
                               0.08 * std::cos(2 * phase);
                      }
                      llvm_unreachable("every window has a formula");
                    }));
}
