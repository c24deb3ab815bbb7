//===- F32Constants.cpp - Reading and writing f32 constants ---------------===//

#include "F32Constants.h"

#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;

ConstantOp mlir::sic::getF32Constant(Value value) {
  auto constant = value ? value.getDefiningOp<ConstantOp>() : nullptr;
  if (!constant ||
      !cast<RankedTensorType>(constant.getType()).getElementType().isF32())
    return nullptr;
  return constant;
}

std::optional<ConstantValues> mlir::sic::readF32Constant(Value value) {
  ConstantOp constant = getF32Constant(value);
  if (!constant)
    return std::nullopt;
  FailureOr<std::vector<float>> values = readConstantValues<float>(constant);
  if (failed(values))
    return std::nullopt;
  return ConstantValues{constant, std::move(*values)};
}

std::optional<std::vector<float>>
mlir::sic::computeF32(int64_t count, function_ref<double(int64_t)> compute) {
  std::vector<float> values(count);
  for (int64_t i = 0; i < count; ++i) {
    values[i] = static_cast<float>(compute(i));
    if (!std::isfinite(values[i]))
      return std::nullopt;
  }
  return values;
}

Value mlir::sic::createConstant(RewriterBase &rewriter, Location loc,
                                RankedTensorType type, ArrayRef<float> values,
                                ConstantOp like) {
  ElementsAttr attr;
  if (auto resource =
          like ? dyn_cast<DenseResourceElementsAttr>(like.getValue()) : nullptr)
    attr = DenseResourceElementsAttr::get(
        type, resource.getRawHandle().getKey(),
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  else
    attr = DenseElementsAttr::get(type, values);
  return rewriter.create<ConstantOp>(loc, type, attr);
}

RankedTensorType mlir::sic::getF32TensorType(MLIRContext *context,
                                             ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}
