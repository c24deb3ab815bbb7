//===- InputShapes.cpp - sic-compile's --input-shape values ---------------===//

#include "InputShapes.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

LogicalResult
mlir::sic::parseInputShapes(ArrayRef<std::string> values,
                            llvm::StringMap<SmallVector<int64_t, 4>> &shapes) {
  for (StringRef value : values) {
    auto [name, dims] = value.rsplit('=');
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    SmallVector<int64_t, 4> shape;
    bool valid = !name.empty() && !dims.empty() && value.contains('=');
    for (StringRef part : parts) {
      int64_t dim = 0;
      valid &= !part.getAsInteger(10, dim) && dim >= 0;
      shape.push_back(dim);
    }
    if (!valid) {
      llvm::errs() << "sic-compile: error: --input-shape '" << value
                   << "' is not of the form name=d0xd1x... (e.g. "
                      "x=1x3x224x224)\n";
      return failure();
    }
    if (!shapes.try_emplace(name, std::move(shape)).second) {
      llvm::errs() << "sic-compile: error: --input-shape gives '" << name
                   << "' twice\n";
      return failure();
    }
  }
  return success();
}
