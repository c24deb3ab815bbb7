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
