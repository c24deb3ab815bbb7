//===- ModuleLimits.cpp - Import limits on a parsed .mlir model -----------===//

#include "ModuleLimits.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;

/// Reports `value`'s type when it is a static tensor type that breaks the
/// shape limits.
static bool checkValue(Value value, ImportDiagnostics &diagnostics,
                       const ImportLimits &limits) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return true;
  std::optional<std::string> problem =
      checkShapeLimits(type.getShape(), limits);
  if (!problem)
    return true;
  diagnostics.recordError();
  emitError(value.getLoc()) << "a " << type << " " << *problem;
  return false;
}

bool mlir::sic::checkModuleLimits(ModuleOp module,
                                  ImportDiagnostics &diagnostics,
                                  const ImportLimits &limits) {
  uint64_t numNodes = 0, numTensors = 0;
  module.walk([&](Operation *op) {
    numNodes += isa<NodeOpInterface>(op);
    numTensors += op->getNumResults();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        numTensors += block.getNumArguments();
  });
  if (!checkModelCounts(diagnostics, numTensors, numNodes, limits))
    return false;

  bool valid = true;
  std::optional<uint64_t> constantBytes = 0;
  // In the order of the text: an op's results, then its regions' values.
  module.walk<WalkOrder::PreOrder>([&](Operation *op) {
    for (Value result : op->getResults())
      valid &= checkValue(result, diagnostics, limits);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          valid &= checkValue(argument, diagnostics, limits);
    auto constant = dyn_cast<ConstantOp>(op);
    auto type =
        constant ? dyn_cast<RankedTensorType>(constant.getType()) : nullptr;
    if (!type || !type.hasStaticShape() || !constantBytes)
      return;
    uint64_t elementBytes = (type.getElementTypeBitWidth() + 7) / 8;
    std::optional<uint64_t> bytes =
        llvm::checkedMulUnsigned(uint64_t(type.getNumElements()), elementBytes);
    constantBytes =
        bytes ? llvm::checkedAddUnsigned(*constantBytes, *bytes) : std::nullopt;
  });
  if (!constantBytes || *constantBytes > limits.maxConstantBytes) {
    InFlightDiagnostic diag = diagnostics.error() << "the constants take ";
    if (constantBytes)
      diag << *constantBytes << " bytes";
    else
      diag << "more than 2^64 bytes";
    diag << ", more than the limit of " << limits.maxConstantBytes;
    valid = false;
  }
  return valid;
}
