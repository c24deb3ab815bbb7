//===- HookLowering.cpp - The runtime's hooks to calls --------------------===//

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicHooks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The environment argument of the function around `op`, if it has one.
FailureOr<Value> getEnv(Operation *op, PatternRewriter &rewriter) {
  auto func = op->getParentOfType<func::FuncOp>();
  if (std::optional<unsigned> env = func ? getEnvArgIndex(func) : std::nullopt)
    return Value(func.getArgument(*env));
  return rewriter.notifyMatchFailure(op, "no sic.env argument");
}

/// Replaces `op` by a call of `callee` with the environment, the op index
/// and `data` (when given).
LogicalResult replaceByCall(Operation *op, int32_t index, StringRef callee,
                            Value data, PatternRewriter &rewriter) {
  FailureOr<Value> env = getEnv(op, rewriter);
  if (failed(env))
    return failure();
  Location loc = op->getLoc();
  SmallVector<Value> operands = {
      *env, rewriter.create<arith::ConstantIntOp>(loc, index, 32)};
  if (data)
    operands.push_back(data);
  rewriter.replaceOpWithNewOp<func::CallOp>(op, callee, TypeRange{}, operands);
  return success();
}

struct BeforeOpHookLowering : public OpRewritePattern<BeforeOpHookOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BeforeOpHookOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByCall(op, op.getIndex(), kBeforeOpHookName, Value(),
                         rewriter);
  }
};

struct AfterOpHookLowering : public OpRewritePattern<AfterOpHookOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AfterOpHookOp op,
                                PatternRewriter &rewriter) const override {
    // An identity layout: bufferization copies a strided view into a dense
    // buffer, so the runtime reads the output as its op table describes it.
    auto type = cast<RankedTensorType>(op.getOutput().getType());
    Type elementType = type.getElementType();
    auto memrefType = MemRefType::get(type.getShape(), elementType);
    Location loc = op.getLoc();
    Value buffer = rewriter.create<bufferization::ToMemrefOp>(
        loc, memrefType, op.getOutput(), /*read_only=*/true);
    // Its first element, as a memref of one type for every shape. (A memref
    // operand lowers to the data's address; memref.extract_aligned_pointer_
    // as_index would not: expand-strided-metadata folds it through
    // memref.view, the arena's views, to the arena's start.)
    Value first = rewriter.create<memref::ReinterpretCastOp>(
        loc, MemRefType::get({}, elementType), buffer, /*offset=*/0,
        /*sizes=*/ArrayRef<int64_t>(), /*strides=*/ArrayRef<int64_t>());
    return replaceByCall(op, op.getIndex(), getAfterOpHookName(elementType),
                         first, rewriter);
  }
};

/// sic_hook_index_fault(env, check, index), `check` the position of the
/// op's description in its function's table.
struct IndexFaultLowering : public OpRewritePattern<IndexFaultOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IndexFaultOp op,
                                PatternRewriter &rewriter) const override {
    auto func = op->getParentOfType<func::FuncOp>();
    ArrayAttr table = func
                          ? func->getAttrOfType<ArrayAttr>(
                                SicDialect::IndexChecksAttrHelper::getNameStr())
                          : nullptr;
    const Attribute *found = table ? llvm::find(table, op.getCheck()) : nullptr;
    if (!table || found == table.end())
      return rewriter.notifyMatchFailure(op, "not in sic.index_checks");
    return replaceByCall(op, int32_t(found - table.begin()),
                         kIndexFaultHookName, op.getIndex(), rewriter);
  }
};

} // namespace

std::string mlir::sic::getAfterOpHookName(Type elementType) {
  std::string name;
  llvm::raw_string_ostream os(name);
  os << kAfterOpHookPrefix << elementType;
  return name;
}

void mlir::sic::populateHookLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<BeforeOpHookLowering, AfterOpHookLowering, IndexFaultLowering>(
      patterns.getContext());
}
