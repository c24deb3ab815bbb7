//===- ConvertSicToLinalg.cpp - The convert-sic-to-linalg pass ------------===//

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/Passes.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::sic {
#define GEN_PASS_DEF_CONVERTSICTOLINALGPASS
#include "sic/Conversion/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

/// `type` with signless integers for unsigned ones (also as a tensor's
/// elements).
Type getSignless(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(getSignless(tensor.getElementType()));
  if (auto integer = dyn_cast<IntegerType>(type);
      integer && integer.isUnsigned())
    return IntegerType::get(type.getContext(), integer.getWidth());
  return type;
}

/// Makes every type in `func` signless once sic.cast, the only op on
/// unsigned elements, is lowered: arith and LLVM know no signedness. The
/// model's signature keeps the unsigned types of its inputs and outputs as
/// sic.type, for the descriptor.
void makeSignless(func::FuncOp func) {
  MLIRContext *context = func.getContext();
  StringRef typeAttr = SicDialect::TypeAttrHelper::getNameStr();
  FunctionType type = func.getFunctionType();
  for (auto [index, input] : llvm::enumerate(type.getInputs()))
    if (getSignless(input) != input)
      func.setArgAttr(index, typeAttr, TypeAttr::get(input));
  for (auto [index, result] : llvm::enumerate(type.getResults()))
    if (getSignless(result) != result)
      func.setResultAttr(index, typeAttr, TypeAttr::get(result));
  auto convert = [](TypeRange types) {
    return llvm::map_to_vector(types, [](Type t) { return getSignless(t); });
  };
  func.setType(FunctionType::get(context, convert(type.getInputs()),
                                 convert(type.getResults())));
  func.walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          argument.setType(getSignless(argument.getType()));
    for (OpResult result : op->getResults())
      result.setType(getSignless(result.getType()));
  });
  // The views between an unsigned element and its signless bits are now
  // no-ops.
  func.walk([](UnrealizedConversionCastOp cast) {
    if (cast->getNumOperands() == 1 && cast->getNumResults() == 1 &&
        cast.getOperand(0).getType() == cast.getResult(0).getType()) {
      cast.getResult(0).replaceAllUsesWith(cast.getOperand(0));
      cast.erase();
    }
  });
}

struct ConvertSicToLinalgPass
    : public sic::impl::ConvertSicToLinalgPassBase<ConvertSicToLinalgPass> {
  void runOnOperation() override {
    // Declarations (the runtime's hooks) have nothing to lower.
    if (getOperation().isExternal())
      return;
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    populateElementwiseLoweringPatterns(patterns);
    populateContractionLoweringPatterns(patterns);
    populatePoolingLoweringPatterns(patterns);
    populateNormalizationLoweringPatterns(patterns);
    populateReductionLoweringPatterns(patterns);
    populateRecurrenceLoweringPatterns(patterns);
    populateDataMovementLoweringPatterns(patterns);
    populateGatherNDLoweringPatterns(patterns);
    populateTopKLoweringPatterns(patterns);
    populateScatterLoweringPatterns(patterns);

    ConversionTarget target(*context);
    target.addIllegalDialect<SicDialect>();
    // The runtime's hooks, which convert-sic-hooks lowers next.
    target.addLegalOp<BeforeOpHookOp, AfterOpHookOp, IndexFaultOp>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    func::FuncOp func = getOperation();
    if (failed(applyFullConversion(func, target, std::move(patterns))))
      return signalPassFailure();
    makeSignless(func);
    // The caller owns the model's inputs and only lends them for reading:
    // bufferization must not write into them. (Other arguments, such as the
    // runtime's environment, are no tensors.)
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (isa<TensorType>(func.getArgument(i).getType()))
        func.setArgAttr(i,
                        bufferization::BufferizationDialect::kWritableAttrName,
                        BoolAttr::get(&getContext(), false));
  }
};

} // namespace
