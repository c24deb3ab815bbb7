//===- Descriptor.cpp - The entry function and descriptor in LLVM IR ------===//

#include "Descriptor.h"

#include "sic/Conversion/SicHooks.h"
#include "sic/abi.h"

#include "llvm/IR/IRBuilder.h"

using namespace mlir;
using namespace mlir::sic;

DescriptorTypes::DescriptorTypes(llvm::LLVMContext &context) {
  llvm::Type *ptr = llvm::PointerType::get(context, 0);
  llvm::Type *i32 = llvm::Type::getInt32Ty(context);
  llvm::Type *i64 = llvm::Type::getInt64Ty(context);
  tensor = llvm::StructType::get(context, {ptr, i32, i32, ptr, i64, i64});
  op = llvm::StructType::get(context, {ptr, ptr, tensor});
  guard = llvm::StructType::get(context, {i64, i64});
  indexCheck = llvm::StructType::get(context, {ptr, ptr, i64, i64});
  env = llvm::StructType::get(context, {ptr, ptr, ptr, ptr, ptr});
  model = llvm::StructType::get(context,
                                {i32, i32, i64, ptr, i32, i32, ptr, ptr, i64,
                                 i64, ptr, i32, i32, ptr, i32, ptr, i32, ptr});
}

namespace {

/// Builds the descriptor's constants.
class DescriptorBuilder {
public:
  explicit DescriptorBuilder(llvm::Module &module)
      : module(module), context(module.getContext()),
        ptr(llvm::PointerType::get(context, 0)),
        i32(llvm::Type::getInt32Ty(context)),
        i64(llvm::Type::getInt64Ty(context)), types(context) {}

  llvm::Constant *getString(StringRef text, const llvm::Twine &name) {
    llvm::Constant *data =
        llvm::ConstantDataArray::getString(context, text, /*AddNull=*/true);
    return addPrivate(data, name);
  }

  /// A sic_tensor_desc_t; its strings and dims are named after `prefix`.
  llvm::Constant *getTensor(const TensorSignature &tensor,
                            const std::string &prefix) {
    SmallVector<uint64_t> dims(tensor.shape.begin(), tensor.shape.end());
    llvm::Constant *dimsArray =
        dims.empty() ? static_cast<llvm::Constant *>(
                           llvm::ConstantPointerNull::get(ptr))
                     : addPrivate(llvm::ConstantDataArray::get(context, dims),
                                  prefix + ".dims");
    return llvm::ConstantStruct::get(
        types.tensor, {getString(tensor.name, prefix + ".name"),
                     llvm::ConstantInt::get(i32, tensor.dtype),
                     llvm::ConstantInt::get(i32, tensor.shape.size()),
                     dimsArray, llvm::ConstantInt::get(i64, tensor.byteSize),
                     llvm::ConstantInt::get(i64, tensor.alignment)});
  }

  /// An array of sic_tensor_desc_t, or null when `tensors` is empty.
  llvm::Constant *getTensors(ArrayRef<TensorSignature> tensors,
                             StringRef kind) {
    SmallVector<llvm::Constant *> entries;
    for (auto [index, tensor] : llvm::enumerate(tensors))
      entries.push_back(getTensor(
          tensor, ("descriptor." + kind + "." + llvm::Twine(index)).str()));
    return getArray(types.tensor, entries, "descriptor." + kind);
  }

  /// The op table: an array of sic_op_desc_t, or null when there are no
  /// ops.
  llvm::Constant *getOps(ArrayRef<OpSignature> ops) {
    SmallVector<llvm::Constant *> entries;
    for (auto [index, op] : llvm::enumerate(ops)) {
      std::string prefix = ("descriptor.ops." + llvm::Twine(index)).str();
      entries.push_back(llvm::ConstantStruct::get(
          types.op, {getString(op.op, prefix + ".op"),
                   getString(op.node, prefix + ".node"),
                   getTensor(op.output, prefix + ".output")}));
    }
    return getArray(types.op, entries, "descriptor.ops");
  }

  /// The guards: an array of sic_guard_desc_t, or null when there are none.
  llvm::Constant *getGuards(ArrayRef<GuardSignature> guards) {
    SmallVector<llvm::Constant *> entries;
    for (const GuardSignature &guard : guards)
      entries.push_back(llvm::ConstantStruct::get(
          types.guard, {llvm::ConstantInt::get(i64, guard.offset),
                      llvm::ConstantInt::get(i64, guard.size)}));
    return getArray(types.guard, entries, "descriptor.guards");
  }

  /// The index checks: an array of sic_index_check_desc_t, or null when
  /// there are none.
  llvm::Constant *getIndexChecks(ArrayRef<IndexCheckSignature> checks) {
    SmallVector<llvm::Constant *> entries;
    for (auto [index, check] : llvm::enumerate(checks)) {
      std::string prefix =
          ("descriptor.index_checks." + llvm::Twine(index)).str();
      entries.push_back(llvm::ConstantStruct::get(
          types.indexCheck, {getString(check.op, prefix + ".op"),
                             getString(check.node, prefix + ".node"),
                             llvm::ConstantInt::get(i64, check.dim),
                             llvm::ConstantInt::get(i64, check.size)}));
    }
    return getArray(types.indexCheck, entries, "descriptor.index_checks");
  }

  llvm::Module &module;
  llvm::LLVMContext &context;
  llvm::PointerType *ptr;
  llvm::IntegerType *i32, *i64;
  DescriptorTypes types;

private:
  /// A private constant array of `entries`, or null when there are none.
  llvm::Constant *getArray(llvm::StructType *type,
                           ArrayRef<llvm::Constant *> entries,
                           const llvm::Twine &name) {
    if (entries.empty())
      return llvm::ConstantPointerNull::get(ptr);
    auto *arrayType = llvm::ArrayType::get(type, entries.size());
    return addPrivate(llvm::ConstantArray::get(arrayType, entries), name);
  }

  llvm::Constant *addPrivate(llvm::Constant *init, const llvm::Twine &name) {
    auto *global = new llvm::GlobalVariable(
        module, init->getType(), /*isConstant=*/true,
        llvm::GlobalValue::PrivateLinkage, init, name);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  }
};

/// Defines `hook`, a hook the model function calls (declared by
/// convert-sic-hooks): it calls the env's function pointer at `field` of
/// sic_env_t with the env and its other arguments. A NULL env or function
/// pointer calls nothing. Not inlined, so the hooks stay visible in the IR
/// and in profiles.
void defineHook(DescriptorBuilder &d, llvm::Function *hook, unsigned field) {
  hook->setLinkage(llvm::GlobalValue::InternalLinkage);
  hook->addFnAttr(llvm::Attribute::NoInline);
  hook->addFnAttr(llvm::Attribute::NoUnwind);
  auto *entry = llvm::BasicBlock::Create(d.context, "entry", hook);
  auto *load = llvm::BasicBlock::Create(d.context, "load", hook);
  auto *call = llvm::BasicBlock::Create(d.context, "call", hook);
  auto *done = llvm::BasicBlock::Create(d.context, "done", hook);
  llvm::IRBuilder<> b(entry);
  llvm::Value *env = hook->getArg(0);
  b.CreateCondBr(b.CreateIsNull(env), done, load);
  b.SetInsertPoint(load);
  llvm::Value *function =
      b.CreateLoad(d.ptr, b.CreateStructGEP(d.types.env, env, field));
  b.CreateCondBr(b.CreateIsNull(function), done, call);
  b.SetInsertPoint(call);
  SmallVector<llvm::Value *> args;
  SmallVector<llvm::Type *> types;
  for (llvm::Argument &arg : hook->args()) {
    args.push_back(&arg);
    types.push_back(arg.getType());
  }
  b.CreateCall(llvm::FunctionType::get(llvm::Type::getVoidTy(d.context), types,
                                       /*isVarArg=*/false),
               function, args);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
}

/// The field of sic_env_t that holds parallel_for.
constexpr unsigned kParallelForField = 3;

/// Defines `launch`, declared as sic_launch_<task>(env, i32 chunks,
/// captures...): it stores the captures in a closure on its stack and has
/// the runtime's parallel_for run a trampoline on every chunk, which loads
/// them and calls <task>(i64 chunk, captures...).
LogicalResult defineLaunch(DescriptorBuilder &d, llvm::Function *launch) {
  llvm::Function *task = d.module.getFunction(
      launch->getName().drop_front(kTaskLaunchPrefix.size()));
  if (!task || task->arg_size() + 1 != launch->arg_size())
    return failure();
  SmallVector<llvm::Type *> captureTypes;
  for (llvm::Argument &arg : llvm::drop_begin(launch->args(), 2))
    captureTypes.push_back(arg.getType());
  auto *closureType = llvm::StructType::get(d.context, captureTypes);

  auto *trampoline = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(d.context), {d.ptr, d.i32},
                              /*isVarArg=*/false),
      llvm::GlobalValue::InternalLinkage, task->getName() + ".chunk", d.module);
  trampoline->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(d.context, "entry", trampoline));
  SmallVector<llvm::Value *> args = {
      b.CreateZExt(trampoline->getArg(1), task->getArg(0)->getType())};
  for (auto [i, type] : llvm::enumerate(captureTypes))
    args.push_back(b.CreateLoad(
        type, b.CreateStructGEP(closureType, trampoline->getArg(0), i)));
  b.CreateCall(task, args);
  b.CreateRetVoid();

  launch->setLinkage(llvm::GlobalValue::InternalLinkage);
  launch->addFnAttr(llvm::Attribute::NoUnwind);
  b.SetInsertPoint(llvm::BasicBlock::Create(d.context, "entry", launch));
  llvm::Value *closure = b.CreateAlloca(closureType);
  for (auto [i, arg] : llvm::enumerate(llvm::drop_begin(launch->args(), 2)))
    b.CreateStore(&arg, b.CreateStructGEP(closureType, closure, i));
  llvm::Value *env = launch->getArg(0);
  llvm::Value *parallelFor = b.CreateLoad(
      d.ptr, b.CreateStructGEP(d.types.env, env, kParallelForField));
  b.CreateCall(llvm::FunctionType::get(llvm::Type::getVoidTy(d.context),
                                       {d.ptr, d.ptr, d.ptr, d.i32},
                                       /*isVarArg=*/false),
               parallelFor, {env, trampoline, closure, launch->getArg(1)});
  b.CreateRetVoid();
  return success();
}

/// sic_entry(inputs, outputs, arena, env): loads each data pointer and
/// calls the model function with inputs, outputs, the arena and, when it
/// has hooks, the env. The runtime calls the entry only on a binding where
/// no output shares a byte with any other buffer and no input with the
/// arena (inputs may share memory, being only read): so every buffer
/// parameter of the model function is noalias, which lets LLVM keep values
/// loaded from one buffer across stores to another (an index across the
/// row it selects, say) and vectorize without run-time overlap checks.
llvm::Function *buildEntry(DescriptorBuilder &d, llvm::Function *model,
                           const ModelSignature &signature) {
  size_t buffers = signature.inputs.size() + signature.outputs.size() + 1;
  for (unsigned i = 0; i < buffers; ++i)
    model->addParamAttr(i, llvm::Attribute::NoAlias);
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
  if (signature.takesEnv)
    args.push_back(entry->getArg(3));
  b.CreateCall(model, args);
  b.CreateRet(llvm::ConstantInt::get(d.i32, 0));
  return entry;
}

} // namespace

LogicalResult mlir::sic::addEntryAndDescriptor(llvm::Module &module,
                                               const ModelSignature &signature) {
  llvm::Function *model = module.getFunction(signature.functionName);
  if (!model || model->arg_size() != signature.inputs.size() +
                                         signature.outputs.size() + 1 +
                                         signature.takesEnv)
    return failure();
  // Only the descriptor is exported: model names cannot clash with the
  // application's symbols.
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.setLinkage(llvm::GlobalValue::InternalLinkage);

  DescriptorBuilder d(module);
  // Fields of sic_env_t: before_op, after_op (for every element type),
  // index_fault, parallel_for, runtime.
  SmallVector<llvm::Function *> launches;
  for (llvm::Function &function : module) {
    if (!function.isDeclaration())
      continue;
    if (function.getName() == kBeforeOpHookName)
      defineHook(d, &function, 0);
    else if (function.getName().starts_with(kAfterOpHookPrefix))
      defineHook(d, &function, 1);
    else if (function.getName() == kIndexFaultHookName)
      defineHook(d, &function, 2);
    else if (function.getName().starts_with(kTaskLaunchPrefix))
      launches.push_back(&function);
  }
  // After the loop: a launch adds its trampoline to the module.
  for (llvm::Function *launch : launches)
    if (failed(defineLaunch(d, launch)))
      return failure();
  llvm::Function *entry = buildEntry(d, model, signature);
  llvm::Constant *fields[] = {
      llvm::ConstantInt::get(d.i32, SIC_ABI_VERSION),
      llvm::ConstantInt::get(d.i32, signature.checkPolicy),
      llvm::ConstantInt::get(d.i64, signature.getContractHash()),
      d.getString(signature.modelName, "descriptor.model_name"),
      llvm::ConstantInt::get(d.i32, signature.inputs.size()),
      llvm::ConstantInt::get(d.i32, signature.outputs.size()),
      d.getTensors(signature.inputs, "inputs"),
      d.getTensors(signature.outputs, "outputs"),
      llvm::ConstantInt::get(d.i64, signature.arenaSize),
      llvm::ConstantInt::get(d.i64, signature.arenaAlignment),
      entry,
      llvm::ConstantInt::get(d.i32, signature.hooks),
      llvm::ConstantInt::get(d.i32, signature.ops.size()),
      d.getOps(signature.ops),
      llvm::ConstantInt::get(d.i32, signature.guards.size()),
      d.getGuards(signature.guards),
      llvm::ConstantInt::get(d.i32, signature.indexChecks.size()),
      d.getIndexChecks(signature.indexChecks)};
  new llvm::GlobalVariable(module, d.types.model, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantStruct::get(d.types.model, fields),
                           signature.descriptorSymbol.empty()
                               ? SIC_DESCRIPTOR_SYMBOL
                               : signature.descriptorSymbol);
  return success();
}
