//===- ReferenceRun.cpp - Run a model file on the reference evaluator -----===//

#include "sic/Run/ReferenceRun.h"

#include "RunError.h"

#include "sic/Import/ModelDiagnostics.h"
#include "sic/Import/ModelFile.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Pipeline/Registration.h"
#include "sic/Reference/Evaluator.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

Type getElementType(MLIRContext &context, sic_dtype_t dtype) {
  auto unsignedType = [&](unsigned width) {
    return IntegerType::get(&context, width, IntegerType::Unsigned);
  };
  switch (dtype) {
  case SIC_DTYPE_I32:
    return IntegerType::get(&context, 32);
  case SIC_DTYPE_I64:
    return IntegerType::get(&context, 64);
  case SIC_DTYPE_BOOL:
    return IntegerType::get(&context, 1);
  case SIC_DTYPE_F64:
    return Float64Type::get(&context);
  case SIC_DTYPE_I8:
    return IntegerType::get(&context, 8);
  case SIC_DTYPE_I16:
    return IntegerType::get(&context, 16);
  case SIC_DTYPE_U8:
    return unsignedType(8);
  case SIC_DTYPE_U16:
    return unsignedType(16);
  case SIC_DTYPE_U32:
    return unsignedType(32);
  case SIC_DTYPE_U64:
    return unsignedType(64);
  case SIC_DTYPE_F16:
    return Float16Type::get(&context);
  case SIC_DTYPE_BF16:
    return BFloat16Type::get(&context);
  default:
    return Float32Type::get(&context);
  }
}

HostTensor toHostTensor(MLIRContext &context, const NdArray &array) {
  auto type = RankedTensorType::get(array.getShape(),
                                    getElementType(context, array.getDtype()));
  return visitDtype(array.getDtype(), [&](auto zero) {
    using T = decltype(zero);
    llvm::ArrayRef<T> values = array.getValues<T>();
    return HostTensor(type, HostElements<T>(values.begin(), values.end()));
  });
}

NdArray toNdArray(const HostTensor &tensor, sic_dtype_t dtype) {
  NdArray array(dtype, tensor.getShape());
  visitDtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    llvm::copy(tensor.getValues<T>(), array.getValues<T>().begin());
  });
  return array;
}

std::string print(Type type) {
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return text;
}

/// Checks that the tensors of the scheduled function (`types`, named by the
/// `sic.name` of `attrs`) are those of the compiled model.
llvm::Error checkSignature(llvm::StringRef path, llvm::StringRef kind,
                           TypeRange types, ArrayAttr attrs,
                           llvm::ArrayRef<const sic_tensor_desc_t *> tensors,
                           MLIRContext &context) {
  if (types.size() != tensors.size())
    return makeRunError("{}: the model has {} {}s, the compiled model {}",
                        path.str(), types.size(), kind.str(), tensors.size());
  for (auto [index, type, desc] : llvm::enumerate(types, tensors)) {
    auto dict = attrs ? dyn_cast<DictionaryAttr>(attrs[index]) : nullptr;
    // An unnamed tensor (a .mlir model without sic.name) compiles to ''.
    auto nameAttr =
        dict ? dict.getAs<StringAttr>(SicDialect::NameAttrHelper::getNameStr())
             : nullptr;
    llvm::StringRef name = nameAttr ? nameAttr.getValue() : "";
    auto expected = RankedTensorType::get(
        getShape(*desc),
        getElementType(context, static_cast<sic_dtype_t>(desc->dtype)));
    if (type != expected || name != desc->name)
      return makeRunError(
          "{}: {} #{} is '{}' of type {}; the compiled model's is '{}' of "
          "type {}",
          path.str(), kind.str(), index, name.str(), print(type), desc->name,
          print(expected));
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<llvm::SmallVector<NdArray>>
mlir::sic::runReference(llvm::StringRef path, const CompiledModel &model,
                        llvm::ArrayRef<NdArray> inputs,
                        llvm::raw_ostream &diagnostics) {
  DialectRegistry registry;
  registerSicDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  ModelDiagnosticHandler handler(&context, diagnostics);

  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return makeRunError("{}: {}", path.str(), file.getError().message());
  OnnxImportOptions options;
  for (const sic_tensor_desc_t *desc : model.getInputs())
    options.inputShapes[desc->name] =
        llvm::SmallVector<int64_t, 4>(getShape(*desc));
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module =
      importModelFile(std::move(*file), context, sourceMgr, options);
  auto reportFailure = [&] {
    return makeRunError("{}: the reference model failed (errors above)",
                        path.str());
  };
  if (!module)
    return reportFailure();
  PassManager pm(&context);
  PipelineOptions pipeline;
  pipeline.last = Phase::Schedule;
  buildPipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return reportFailure();

  auto functions = module->getOps<func::FuncOp>();
  if (std::distance(functions.begin(), functions.end()) != 1)
    return makeRunError("{}: expected one model function after scheduling",
                        path.str());
  func::FuncOp function = *functions.begin();
  if (llvm::Error error =
          checkSignature(path, "input", function.getArgumentTypes(),
                         function.getAllArgAttrs(), model.getInputs(), context))
    return std::move(error);
  if (llvm::Error error = checkSignature(
          path, "output", function.getResultTypes(),
          function.getAllResultAttrs(), model.getOutputs(), context))
    return std::move(error);

  llvm::SmallVector<HostTensor> hostInputs;
  for (const NdArray &input : inputs)
    hostInputs.push_back(toHostTensor(context, input));
  FailureOr<SmallVector<HostTensor>> results =
      evaluateReference(function, hostInputs);
  if (failed(results))
    return reportFailure();
  llvm::SmallVector<NdArray> outputs;
  for (auto [result, desc] : llvm::zip_equal(*results, model.getOutputs()))
    outputs.push_back(toNdArray(result, static_cast<sic_dtype_t>(desc->dtype)));
  return std::move(outputs);
}
