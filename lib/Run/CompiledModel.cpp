//===- CompiledModel.cpp - A model.so opened through the runtime ----------===//

#include "sic/Run/CompiledModel.h"

#include <cstring>
#include <fmt/format.h>
#include <tuple>

using namespace mlir::sic;

namespace {

llvm::Error makeRuntimeError(sic_status_t status, llvm::StringRef message) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      fmt::format("{}: {}", sic_status_name(status), message.str()));
}

/// The views sic_context_run takes of `arrays`, which must outlive them.
llvm::SmallVector<sic_tensor_t>
getViews(llvm::MutableArrayRef<NdArray> arrays) {
  llvm::SmallVector<sic_tensor_t> views;
  for (NdArray &array : arrays)
    views.push_back({array.getData(), array.getDtype(),
                     static_cast<uint32_t>(array.getShape().size()),
                     array.getShape().data(), array.getByteSize()});
  return views;
}

} // namespace

llvm::Expected<CompiledModel> CompiledModel::open(llvm::StringRef path,
                                                  unsigned threads) {
  std::string file = path.contains('/') ? path.str() : "./" + path.str();
  sic_error_t error;
  sic_model_t *model;
  if (sic_status_t status =
          sic_model_open(file.c_str(), SIC_ANY_CONTRACT, &model, &error))
    return makeRuntimeError(status, error.message);
  return createContext(std::shared_ptr<sic_model_t>(model, CloseModel()),
                       threads);
}

llvm::Expected<CompiledModel>
CompiledModel::createContext(std::shared_ptr<sic_model_t> model,
                             unsigned threads) {
  CompiledModel result;
  result.model = std::move(model);
  result.threads = threads;
  const sic_model_t *open = result.model.get();
  sic_error_t error;
  sic_context_t *context;
  sic_context_options_t options = {};
  options.threads = threads;
  if (sic_status_t status =
          sic_context_create_with_options(open, &options, &context, &error))
    return makeRuntimeError(status, error.message);
  result.context.reset(context);
  for (uint32_t i = 0, e = sic_model_num_inputs(open); i < e; ++i)
    result.inputs.push_back(sic_model_input(open, i));
  for (uint32_t i = 0, e = sic_model_num_outputs(open); i < e; ++i)
    result.outputs.push_back(sic_model_output(open, i));
  return std::move(result);
}

llvm::Error CompiledModel::checkSameSignature(const CompiledModel &other,
                                              llvm::StringRef otherPath) const {
  auto describe = [](const sic_tensor_desc_t *desc) {
    return fmt::format(
        "'{}' {}", desc->name,
        describeType(static_cast<sic_dtype_t>(desc->dtype), getShape(*desc)));
  };
  for (auto [kind, mine, theirs] :
       {std::tuple("input", getInputs(), other.getInputs()),
        std::tuple("output", getOutputs(), other.getOutputs())}) {
    if (mine.size() != theirs.size())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     fmt::format("{}: {} {}s; the model has {}",
                                                 otherPath.str(), theirs.size(),
                                                 kind, mine.size()));
    for (auto [index, a, b] : llvm::enumerate(mine, theirs)) {
      std::string expected = describe(a), got = describe(b);
      if (got != expected)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            fmt::format("{}: {} #{} is {}; the model's is {}", otherPath.str(),
                        kind, index, got, expected));
    }
  }
  return llvm::Error::success();
}

void CompiledModel::bind(llvm::MutableArrayRef<NdArray> inputArrays,
                         llvm::MutableArrayRef<NdArray> outputArrays) {
  boundInputs = getViews(inputArrays);
  boundOutputs = getViews(outputArrays);
}

llvm::Error CompiledModel::run() {
  if (sic_status_t status =
          sic_context_run(context.get(), boundInputs.data(), boundInputs.size(),
                          boundOutputs.data(), boundOutputs.size()))
    return makeRuntimeError(status, sic_context_last_error(context.get()));
  return llvm::Error::success();
}

llvm::SmallVector<const sic_op_desc_t *> CompiledModel::getOps() const {
  llvm::SmallVector<const sic_op_desc_t *> ops;
  for (uint32_t i = 0, e = sic_model_num_ops(model.get()); i < e; ++i)
    ops.push_back(sic_model_op(model.get(), i));
  return ops;
}

llvm::Error CompiledModel::setOpCallback(sic_op_callback_t callback,
                                         void *user) {
  if (sic_status_t status =
          sic_context_set_op_callback(context.get(), callback, user))
    return makeRuntimeError(status, sic_context_last_error(context.get()));
  return llvm::Error::success();
}

llvm::Expected<CompiledModel> CompiledModel::replicate() const {
  llvm::Expected<CompiledModel> replica = createContext(model, threads);
  if (!replica)
    return replica.takeError();
  // Reserved up front: the views point into the arrays.
  replica->ownedArrays.reserve(boundInputs.size() + boundOutputs.size());
  for (const sic_tensor_t &input : boundInputs) {
    NdArray &copy = replica->ownedArrays.emplace_back(
        input.dtype, llvm::ArrayRef<int64_t>(input.dims, input.rank));
    std::memcpy(copy.getData(), input.data, input.byte_size);
  }
  for (const sic_tensor_t &output : boundOutputs)
    replica->ownedArrays.emplace_back(
        output.dtype, llvm::ArrayRef<int64_t>(output.dims, output.rank));
  llvm::MutableArrayRef<NdArray> arrays = replica->ownedArrays;
  replica->bind(arrays.take_front(boundInputs.size()),
                arrays.drop_front(boundInputs.size()));
  return replica;
}

std::string mlir::sic::describeTensor(llvm::StringRef kind,
                                      const sic_tensor_desc_t &desc,
                                      unsigned index) {
  return fmt::format("{} '{}' (#{})", kind.str(), desc.name, index);
}

llvm::ArrayRef<int64_t> mlir::sic::getShape(const sic_tensor_desc_t &desc) {
  return {desc.dims, desc.rank};
}
