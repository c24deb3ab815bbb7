//===- Bufferize.cpp - The sic-bufferize pass -----------------------------===//
//
// One-shot bufferization of a module, its buffers and constant globals
// aligned to the module's #sic.target; see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::sic {
#define GEN_PASS_DEF_BUFFERIZEPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

struct BufferizePass : public sic::impl::BufferizePassBase<BufferizePass> {
  using BufferizePassBase::BufferizePassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<sic::TargetAttr> target = sic::requireTarget(module);
    if (failed(target))
      return signalPassFailure();
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    options.bufferAlignment = target->getAlignment();
    options.memCpyFn = [](OpBuilder &b, Location loc, Value from, Value to) {
      b.create<linalg::CopyOp>(loc, from, to);
      return success();
    };
    if (failed(bufferization::runOneShotModuleBufferize(module, options)))
      signalPassFailure();
  }
};

} // namespace
