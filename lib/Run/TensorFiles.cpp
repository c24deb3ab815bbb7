//===- TensorFiles.cpp - .npy files for a model's tensors -----------------===//

#include "sic/Run/TensorFiles.h"

#include "RunError.h"

#include "sic/Run/CompiledModel.h"
#include "sic/Run/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

using namespace mlir::sic;
using llvm::StringRef;

llvm::Expected<llvm::SmallVector<TensorFile>>
mlir::sic::parseTensorFiles(llvm::ArrayRef<std::string> values, StringRef flag,
                            llvm::ArrayRef<const sic_tensor_desc_t *> tensors,
                            StringRef kind, StringRef modelName) {
  llvm::SmallVector<TensorFile> files;
  llvm::StringSet<> given;
  for (StringRef value : values) {
    StringRef name, path;
    std::tie(name, path) = value.split('=');
    if (name.empty() || path.empty())
      return makeRunError("{} '{}' is not of the form name=file.npy",
                          flag.str(), value.str());
    const auto *found = llvm::find_if(
        tensors, [&](const auto *desc) { return name == desc->name; });
    if (found == tensors.end()) {
      std::vector<std::string> names;
      for (const sic_tensor_desc_t *desc : tensors)
        names.push_back(fmt::format("'{}'", desc->name));
      return makeRunError("{} names '{}', which is not an {} of model '{}' "
                          "({}s: {})",
                          flag.str(), name.str(), kind.str(), modelName.str(),
                          kind.str(), fmt::join(names, ", "));
    }
    if (!given.insert(name).second)
      return makeRunError("{} gives '{}' twice", flag.str(), name.str());
    files.push_back(
        {static_cast<unsigned>(found - tensors.begin()), path.str()});
  }
  return files;
}

llvm::Expected<NdArray> mlir::sic::readTensorFile(StringRef path,
                                                  const sic_tensor_desc_t &desc,
                                                  StringRef what) {
  llvm::Expected<NdArray> array = readNpyFile(path);
  if (!array)
    return array.takeError();
  auto dtype = static_cast<sic_dtype_t>(desc.dtype);
  // A bf16 tensor's file holds f32 values (numpy has no bfloat16).
  if (dtype == SIC_DTYPE_BF16 && array->getDtype() == SIC_DTYPE_F32 &&
      array->getShape() == getShape(desc))
    return narrowToBFloat16(*array);
  if (array->getDtype() != dtype || array->getShape() != getShape(desc))
    return makeRunError("{}: {} is {}, the model expects {}", path.str(),
                        what.str(),
                        describeType(array->getDtype(), array->getShape()),
                        describeType(dtype, getShape(desc)));
  return array;
}

llvm::Expected<llvm::SmallVector<std::string>> mlir::sic::getOutputFileNames(
    llvm::ArrayRef<const sic_tensor_desc_t *> outputs) {
  llvm::SmallVector<std::string> names;
  llvm::StringMap<unsigned> owners;
  for (auto [index, desc] : llvm::enumerate(outputs)) {
    std::string name =
        *desc->name ? desc->name : fmt::format("output{}", index);
    for (char &c : name)
      if (!llvm::isAlnum(c) && c != '.' && c != '-' && c != '_')
        c = '_';
    name += ".npy";
    auto [owner, inserted] = owners.try_emplace(name, index);
    if (!inserted)
      return makeRunError(
          "{} and {} would both be written to {}",
          describeTensor("output", *outputs[owner->second], owner->second),
          describeTensor("output", *desc, index), name);
    names.push_back(std::move(name));
  }
  return names;
}
