//===- ModelSignature.cpp - What a compiled model's descriptor says -------===//

#include "sic/Target/ModelSignature.h"

#include "sic/abi.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The signature alignment of model inputs and outputs: what malloc gives on
/// 64-bit hosts, enough for the element loads the kernels issue.
constexpr uint64_t kTensorAlignment = 16;

std::optional<uint32_t> getDtype(Type type) {
  if (type.isF32())
    return SIC_DTYPE_F32;
  if (type.isSignlessInteger(32))
    return SIC_DTYPE_I32;
  if (type.isSignlessInteger(64))
    return SIC_DTYPE_I64;
  return std::nullopt;
}

uint64_t getIntAttr(Operation *op, StringRef name) {
  auto attr = op->getAttrOfType<IntegerAttr>(name);
  return attr ? attr.getValue().getZExtValue() : 0;
}

} // namespace

uint64_t ModelSignature::getContractHash() const {
  // The hash is defined over abi.h's descriptors: build them.
  auto describe = [](ArrayRef<TensorSignature> tensors) {
    std::vector<sic_tensor_desc_t> descs;
    for (const TensorSignature &tensor : tensors)
      descs.push_back({tensor.name.c_str(), tensor.dtype,
                       static_cast<uint32_t>(tensor.shape.size()),
                       tensor.shape.data(), tensor.byteSize,
                       tensor.alignment});
    return descs;
  };
  std::vector<sic_tensor_desc_t> in = describe(inputs), out = describe(outputs);
  return sic_contract_hash(in.size(), in.data(), out.size(), out.data());
}

FailureOr<ModelSignature> mlir::sic::getModelSignature(ModuleOp module) {
  SmallVector<FunctionOpInterface> planned;
  module.walk([&](FunctionOpInterface func) {
    if (func->hasAttr("sic.arena_size"))
      planned.push_back(func);
  });
  if (planned.size() != 1)
    return module.emitError("expected one model function planned by "
                            "sic-plan-memory, found ")
           << planned.size();
  FunctionOpInterface func = planned.front();
  ModelSignature signature;
  signature.modelName = func.getName().str();
  signature.functionName = func.getName().str();
  signature.arenaSize = getIntAttr(func, "sic.arena_size");
  signature.arenaAlignment =
      std::max<uint64_t>(1, getIntAttr(func, "sic.arena_alignment"));
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    if (func.getArgAttr(i, "sic.arena"))
      continue;
    auto type = func.getArgAttrOfType<TypeAttr>(i, "sic.type");
    auto tensorType =
        type ? dyn_cast<RankedTensorType>(type.getValue()) : nullptr;
    std::optional<uint32_t> dtype =
        tensorType ? getDtype(tensorType.getElementType()) : std::nullopt;
    if (!dtype)
      return func.emitError("argument #")
             << i << " has no tensor type of f32, i32 or i64 (sic.type)";
    if (tensorType.getRank() > SIC_MAX_RANK)
      return func.emitError("argument #")
             << i << " has rank " << tensorType.getRank()
             << "; a compiled model's inputs and outputs have at most "
             << SIC_MAX_RANK << " dims";
    auto name = func.getArgAttrOfType<StringAttr>(i, "sic.name");
    TensorSignature tensor{
        name ? name.str() : "",
        *dtype,
        SmallVector<int64_t>(tensorType.getShape()),
        static_cast<uint64_t>(tensorType.getNumElements()) *
            tensorType.getElementTypeBitWidth() / 8,
        kTensorAlignment};
    if (func.getArgAttr(i, "sic.output"))
      signature.outputs.push_back(std::move(tensor));
    else
      signature.inputs.push_back(std::move(tensor));
  }
  return signature;
}
