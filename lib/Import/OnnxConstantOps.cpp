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
  return c.addConstant(node.output(0), std::move(*constant));
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
                    node.output(0), type,
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
  return c.bind(node, c.createConstant(node.output(0),
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
  if (fill.elementType == ElementType::F32) {
    float f;
    std::memcpy(&f, fill.bytes.data(), 4);
    scalar = c.getBuilder().getF32FloatAttr(f);
  } else {
    int64_t i = 0;
    if (fill.elementType == ElementType::I32) {
      int32_t narrow;
      std::memcpy(&narrow, fill.bytes.data(), 4);
      i = narrow;
    } else {
      std::memcpy(&i, fill.bytes.data(), 8);
    }
    scalar = c.getBuilder().getIntegerAttr(element, i);
  }
  auto type = RankedTensorType::get(*shape, element);
  return c.bind(node, c.createConstant(node.output(0),
                                       DenseElementsAttr::get(type, scalar)));
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
    c.emitNodeError(node) << "makes " << count
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
                  node.output(0), type,
                  ArrayRef<char>(reinterpret_cast<const char *>(values->data()),
                                 values->size() * sizeof((*values)[0]))));
  };
  if (element.isF32())
    return finish(computeRange<float>(c, node, bounds));
  if (element.isInteger(32))
    return finish(computeRange<int32_t>(c, node, bounds));
  return finish(computeRange<int64_t>(c, node, bounds));
}
