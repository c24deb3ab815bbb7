//===- ModelSignature.cpp - What a compiled model's descriptor says -------===//

#include "sic/Target/ModelSignature.h"

#include "sic/Conversion/SicHooks.h"

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

/// An op's output `type` for the descriptor (aligned to its element size);
/// fails with the reason when the runtime cannot take it.
FailureOr<TensorSignature> describeOpOutput(Type type, std::string name,
                                            std::string &reason) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  std::optional<uint32_t> dtype =
      tensorType && tensorType.hasStaticShape()
          ? getDtype(tensorType.getElementType())
          : std::nullopt;
  if (!dtype) {
    reason = "has no static tensor type of f32, i32 or i64";
    return failure();
  }
  if (tensorType.getRank() > SIC_MAX_RANK) {
    reason = "has rank " + std::to_string(tensorType.getRank()) +
             "; a compiled model's tensors have at most " +
             std::to_string(SIC_MAX_RANK) + " dims";
    return failure();
  }
  return TensorSignature{
      std::move(name), *dtype, SmallVector<int64_t>(tensorType.getShape()),
      static_cast<uint64_t>(tensorType.getNumElements()) *
          tensorType.getElementTypeBitWidth() / 8,
      tensorType.getElementTypeBitWidth() / 8};
}

/// Reads what sic-insert-op-hooks and sic-plan-memory recorded on `func`:
/// the policy, the hooks, the op table and the guards.
LogicalResult readHooks(FunctionOpInterface func, ModelSignature &signature) {
  if (auto checks = func->getAttrOfType<StringAttr>("sic.checks"))
    signature.checkPolicy =
        checks.getValue() == "debug" ? SIC_CHECK_DEBUG : SIC_CHECK_RELEASE;
  Attribute ops = func->getAttr("sic.ops");
  if (ops)
    signature.hooks |= SIC_HOOK_AFTER_OP;
  if (func->hasAttr("sic.instrumented"))
    signature.hooks |= SIC_HOOK_BEFORE_OP;
  auto table = dyn_cast_or_null<ArrayAttr>(ops);
  if (ops && !table)
    return func.emitError("sic.ops must be an array of op descriptions");
  for (auto [index, entry] : llvm::enumerate(table ? table.getValue()
                                                   : ArrayRef<Attribute>())) {
    auto dict = dyn_cast<DictionaryAttr>(entry);
    auto op = dict ? dict.getAs<StringAttr>("op") : nullptr;
    auto node = dict ? dict.getAs<StringAttr>("node") : nullptr;
    auto output = dict ? dict.getAs<StringAttr>("output") : nullptr;
    auto type = dict ? dict.getAs<TypeAttr>("type") : nullptr;
    if (!op || !node || !output || !type)
      return func.emitError("sic.ops entry #")
             << index << " must hold op, node, output (strings) and type";
    std::string reason;
    FailureOr<TensorSignature> tensor =
        describeOpOutput(type.getValue(), output.str(), reason);
    if (failed(tensor))
      return func.emitError("the output of op #")
             << index << " ('" << node.getValue() << "') " << reason;
    signature.ops.push_back({op.str(), node.str(), std::move(*tensor)});
  }
  if (auto guards = func->getAttrOfType<DenseI64ArrayAttr>("sic.guards")) {
    ArrayRef<int64_t> values = guards.asArrayRef();
    for (size_t i = 0; i + 1 < values.size(); i += 2)
      signature.guards.push_back({static_cast<uint64_t>(values[i]),
                                  static_cast<uint64_t>(values[i + 1])});
  }
  return success();
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
  if (failed(readHooks(func, signature)))
    return failure();
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    if (func.getArgAttr(i, "sic.arena"))
      continue;
    if (func.getArgAttr(i, kEnvArgAttrName)) {
      signature.takesEnv = true;
      continue;
    }
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
