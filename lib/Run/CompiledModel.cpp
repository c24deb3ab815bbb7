//===- CompiledModel.cpp - A model.so opened through the runtime ----------===//

#include "sic/Run/CompiledModel.h"

#include <fmt/format.h>

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

llvm::Expected<CompiledModel> CompiledModel::open(llvm::StringRef path) {
  std::string file = path.contains('/') ? path.str() : "./" + path.str();
  sic_error_t error;
  sic_model_t *model;
  if (sic_status_t status =
          sic_model_open(file.c_str(), SIC_ANY_CONTRACT, &model, &error))
    return makeRuntimeError(status, error.message);
  CompiledModel result;
  result.model.reset(model);
  sic_context_t *context;
  if (sic_status_t status = sic_context_create(model, &context, &error))
    return makeRuntimeError(status, error.message);
  result.context.reset(context);
  for (uint32_t i = 0, e = sic_model_num_inputs(model); i < e; ++i)
    result.inputs.push_back(sic_model_input(model, i));
  for (uint32_t i = 0, e = sic_model_num_outputs(model); i < e; ++i)
    result.outputs.push_back(sic_model_output(model, i));
  return std::move(result);
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

std::string mlir::sic::describeTensor(llvm::StringRef kind,
                                      const sic_tensor_desc_t &desc,
                                      unsigned index) {
  return fmt::format("{} '{}' (#{})", kind.str(), desc.name, index);
}

llvm::ArrayRef<int64_t> mlir::sic::getShape(const sic_tensor_desc_t &desc) {
  return {desc.dims, desc.rank};
}
