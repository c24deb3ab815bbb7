//===- ModelSignature.cpp - What a compiled model's descriptor says -------===//

#include "sic/Target/ModelSignature.h"

#include "sic/Conversion/SicHooks.h"

#include "sic/abi.h"

#include "mlir/IR/Verifier.h"
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
  if (type.isF64())
    return SIC_DTYPE_F64;
  if (type.isF16())
    return SIC_DTYPE_F16;
  if (type.isBF16())
    return SIC_DTYPE_BF16;
  // One byte per element, as LLVM stores an i1 and numpy a bool.
  if (type.isSignlessInteger(1))
    return SIC_DTYPE_BOOL;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSigned())
    return std::nullopt;
  switch (integer.getWidth()) {
  case 8:
    return integer.isUnsigned() ? SIC_DTYPE_U8 : SIC_DTYPE_I8;
  case 16:
    return integer.isUnsigned() ? SIC_DTYPE_U16 : SIC_DTYPE_I16;
  case 32:
    return integer.isUnsigned() ? SIC_DTYPE_U32 : SIC_DTYPE_I32;
  case 64:
    return integer.isUnsigned() ? SIC_DTYPE_U64 : SIC_DTYPE_I64;
  default:
    return std::nullopt;
  }
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
    reason = "has no static tensor type of a model's element types";
    return failure();
  }
  if (tensorType.getRank() > SIC_MAX_RANK) {
    reason = "has rank " + std::to_string(tensorType.getRank()) +
             "; a compiled model's tensors have at most " +
             std::to_string(SIC_MAX_RANK) + " dims";
    return failure();
  }
  // The element size is abi.h's, not the bit width / 8: an i1 takes a byte.
  uint64_t elementSize = sic_dtype_size(*dtype);
  return TensorSignature{
      std::move(name), *dtype, SmallVector<int64_t>(tensorType.getShape()),
      static_cast<uint64_t>(tensorType.getNumElements()) * elementSize,
      elementSize};
}

/// Reads what sic-insert-op-hooks and convert-sic-hooks recorded on `func`
/// (a verified module's): the policy, the hooks, the op table and the index
/// checks.
LogicalResult readHooks(FunctionOpInterface func, ModelSignature &signature) {
  if (auto checks = func->getAttrOfType<CheckPolicyAttr>(
          SicDialect::ChecksAttrHelper::getNameStr()))
    signature.checkPolicy = checks.getValue() == CheckPolicy::Debug
                                ? SIC_CHECK_DEBUG
                                : SIC_CHECK_RELEASE;
  if (auto checks = func->getAttrOfType<ArrayAttr>(
          SicDialect::IndexChecksAttrHelper::getNameStr()))
    for (auto check : checks.getAsRange<IndexCheckAttr>())
      signature.indexChecks.push_back({check.getOp().str(),
                                       check.getNode().str(), check.getDim(),
                                       check.getSize()});
  auto table =
      func->getAttrOfType<ArrayAttr>(SicDialect::OpsAttrHelper::getNameStr());
  if (table)
    signature.hooks |= SIC_HOOK_AFTER_OP;
  if (func->hasAttr(SicDialect::InstrumentedAttrHelper::getNameStr()))
    signature.hooks |= SIC_HOOK_BEFORE_OP;
  if (!table)
    return success();
  for (auto [index, op] : llvm::enumerate(table.getAsRange<OpInfoAttr>())) {
    std::string reason;
    FailureOr<TensorSignature> tensor =
        describeOpOutput(op.getType(), op.getOutput().str(), reason);
    if (failed(tensor))
      return func.emitError("the output of op #")
             << index << " ('" << op.getNode() << "') " << reason;
    signature.ops.push_back(
        {op.getOp().str(), op.getNode().str(), std::move(*tensor)});
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
  // The facts below are read as the dialect's verifier guarantees them.
  if (failed(verify(module)))
    return failure();
  SmallVector<FunctionOpInterface> planned;
  module.walk([&](FunctionOpInterface func) {
    if (func->hasAttr(SicDialect::ArenaPlanAttrHelper::getNameStr()))
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
  auto plan = func->getAttrOfType<ArenaPlanAttr>(
      SicDialect::ArenaPlanAttrHelper::getNameStr());
  signature.arenaSize = plan.getBytes();
  signature.arenaAlignment = plan.getAlignment();
  for (auto guard : plan.getGuards().getAsRange<GuardAttr>())
    signature.guards.push_back({guard.getOffset(), guard.getBytes()});
  if (failed(readHooks(func, signature)))
    return failure();
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    if (func.getArgAttr(i, SicDialect::ArenaAttrHelper::getNameStr()))
      continue;
    if (func.getArgAttr(i, SicDialect::EnvAttrHelper::getNameStr())) {
      signature.takesEnv = true;
      continue;
    }
    auto type = func.getArgAttrOfType<TypeAttr>(
        i, SicDialect::TypeAttrHelper::getNameStr());
    auto tensorType =
        type ? dyn_cast<RankedTensorType>(type.getValue()) : nullptr;
    std::optional<uint32_t> dtype =
        tensorType ? getDtype(tensorType.getElementType()) : std::nullopt;
    if (!dtype)
      return func.emitError("argument #")
             << i
             << " has no tensor type of a model's element types (sic.type)";
    if (tensorType.getRank() > SIC_MAX_RANK)
      return func.emitError("argument #")
             << i << " has rank " << tensorType.getRank()
             << "; a compiled model's inputs and outputs have at most "
             << SIC_MAX_RANK << " dims";
    auto name = func.getArgAttrOfType<StringAttr>(
        i, SicDialect::NameAttrHelper::getNameStr());
    TensorSignature tensor{name ? name.str() : "", *dtype,
                           SmallVector<int64_t>(tensorType.getShape()),
                           static_cast<uint64_t>(tensorType.getNumElements()) *
                               sic_dtype_size(*dtype),
                           kTensorAlignment};
    if (func.getArgAttr(i, SicDialect::OutputAttrHelper::getNameStr()))
      signature.outputs.push_back(std::move(tensor));
    else
      signature.inputs.push_back(std::move(tensor));
  }
  return signature;
}
