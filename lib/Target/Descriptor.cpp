//===- Descriptor.cpp - The entry function and descriptor in LLVM IR ------===//

#include "Descriptor.h"

#include "sic/abi.h"

#include "llvm/IR/IRBuilder.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Builds the descriptor's constants; the struct layouts mirror abi.h.
class DescriptorBuilder {
public:
  explicit DescriptorBuilder(llvm::Module &module)
      : module(module), context(module.getContext()),
        ptr(llvm::PointerType::get(context, 0)),
        i32(llvm::Type::getInt32Ty(context)),
        i64(llvm::Type::getInt64Ty(context)),
        tensorType(llvm::StructType::get(context,
                                         {ptr, i32, i32, ptr, i64, i64})) {}

  llvm::Constant *getString(StringRef text, const llvm::Twine &name) {
    llvm::Constant *data =
        llvm::ConstantDataArray::getString(context, text, /*AddNull=*/true);
    return addPrivate(data, name);
  }

  /// An array of sic_tensor_desc_t, or null when `tensors` is empty.
  llvm::Constant *getTensors(ArrayRef<TensorSignature> tensors,
                             StringRef kind) {
    if (tensors.empty())
      return llvm::ConstantPointerNull::get(ptr);
    SmallVector<llvm::Constant *> entries;
    for (auto [index, tensor] : llvm::enumerate(tensors)) {
      std::string prefix = ("sic." + kind + "." + llvm::Twine(index)).str();
      SmallVector<uint64_t> dims(tensor.shape.begin(), tensor.shape.end());
      llvm::Constant *dimsArray =
          dims.empty() ? static_cast<llvm::Constant *>(
                             llvm::ConstantPointerNull::get(ptr))
                       : addPrivate(llvm::ConstantDataArray::get(context, dims),
                                    prefix + ".dims");
      entries.push_back(llvm::ConstantStruct::get(
          tensorType,
          {getString(tensor.name, prefix + ".name"),
           llvm::ConstantInt::get(i32, tensor.dtype),
           llvm::ConstantInt::get(i32, tensor.shape.size()), dimsArray,
           llvm::ConstantInt::get(i64, tensor.byteSize),
           llvm::ConstantInt::get(i64, tensor.alignment)}));
    }
    auto *arrayType = llvm::ArrayType::get(tensorType, entries.size());
    return addPrivate(llvm::ConstantArray::get(arrayType, entries),
                      "sic." + kind);
  }

  llvm::Module &module;
  llvm::LLVMContext &context;
  llvm::PointerType *ptr;
  llvm::IntegerType *i32, *i64;
  llvm::StructType *tensorType;

private:
  llvm::Constant *addPrivate(llvm::Constant *init, const llvm::Twine &name) {
    auto *global = new llvm::GlobalVariable(
        module, init->getType(), /*isConstant=*/true,
        llvm::GlobalValue::PrivateLinkage, init, name);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  }
};

/// sic_entry(inputs, outputs, arena, env): loads each data pointer and
/// calls the model function with inputs, outputs and the arena.
llvm::Function *buildEntry(DescriptorBuilder &d, llvm::Function *model,
                           const ModelSignature &signature) {
  auto *type = llvm::FunctionType::get(d.i32, {d.ptr, d.ptr, d.ptr, d.ptr},
                                       /*isVarArg=*/false);
  auto *entry = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                       "sic_entry", d.module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(d.context, "entry", entry));
  SmallVector<llvm::Value *> args;
  auto loadPointers = [&](llvm::Value *table, size_t count) {
    for (size_t i = 0; i < count; ++i)
      args.push_back(b.CreateLoad(
          d.ptr, b.CreateConstInBoundsGEP1_64(d.ptr, table, i)));
  };
  loadPointers(entry->getArg(0), signature.inputs.size());
  loadPointers(entry->getArg(1), signature.outputs.size());
  args.push_back(entry->getArg(2));
  b.CreateCall(model, args);
  b.CreateRet(llvm::ConstantInt::get(d.i32, 0));
  return entry;
}

} // namespace

LogicalResult mlir::sic::addEntryAndDescriptor(llvm::Module &module,
                                               const ModelSignature &signature) {
  llvm::Function *model = module.getFunction(signature.functionName);
  if (!model || model->arg_size() != signature.inputs.size() +
                                         signature.outputs.size() + 1)
    return failure();
  // Only the descriptor is exported: model names cannot clash with the
  // application's symbols.
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.setLinkage(llvm::GlobalValue::InternalLinkage);

  DescriptorBuilder d(module);
  llvm::Function *entry = buildEntry(d, model, signature);
  auto *descType = llvm::StructType::get(
      d.context, {d.i32, d.i32, d.i64, d.ptr, d.i32, d.i32, d.ptr, d.ptr,
                  d.i64, d.i64, d.ptr});
  llvm::Constant *fields[] = {
      llvm::ConstantInt::get(d.i32, SIC_ABI_VERSION),
      llvm::ConstantInt::get(d.i32, signature.checkPolicy),
      llvm::ConstantInt::get(d.i64, signature.getContractHash()),
      d.getString(signature.modelName, "sic.model_name"),
      llvm::ConstantInt::get(d.i32, signature.inputs.size()),
      llvm::ConstantInt::get(d.i32, signature.outputs.size()),
      d.getTensors(signature.inputs, "inputs"),
      d.getTensors(signature.outputs, "outputs"),
      llvm::ConstantInt::get(d.i64, signature.arenaSize),
      llvm::ConstantInt::get(d.i64, signature.arenaAlignment),
      entry};
  new llvm::GlobalVariable(module, descType, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantStruct::get(descType, fields),
                           SIC_DESCRIPTOR_SYMBOL);
  return success();
}
