//===- InsertOpHooks.cpp - The sic-insert-op-hooks pass -------------------===//
//
// Puts sic.before_op / sic.after_op around every node of a scheduled model
// function and records the op table the runtime names nodes by; see
// Passes.td.
//
//===----------------------------------------------------------------------===//

#include "dialects/Sic/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::sic {
#define GEN_PASS_DEF_INSERTOPHOOKSPASS
#include "dialects/Sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The model's names of the values `func` returns (`sic.name` result
/// attributes); the first name wins for a value returned twice.
DenseMap<Value, StringAttr> getOutputNames(func::FuncOp func) {
  DenseMap<Value, StringAttr> names;
  func.walk([&](func::ReturnOp ret) {
    for (auto [index, value] : llvm::enumerate(ret.getOperands()))
      if (auto name = func.getResultAttrOfType<StringAttr>(
              index, SicDialect::NameAttrHelper::getNameStr()))
        names.try_emplace(value, name);
  });
  return names;
}

struct InsertOpHooksPass
    : public sic::impl::InsertOpHooksPassBase<InsertOpHooksPass> {
  using InsertOpHooksPassBase::InsertOpHooksPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool debug = checks == sic::CheckPolicy::Debug;
    auto *dialect = getContext().getLoadedDialect<SicDialect>();
    if ((!debug && !instrument) || func.isExternal() ||
        dialect->getOpsAttrHelper().isAttrPresent(func))
      return;

    MLIRContext *context = &getContext();
    Builder attrs(context);
    DenseMap<Value, StringAttr> outputNames = getOutputNames(func);
    SmallVector<Attribute> table;
    for (Operation &op :
         llvm::make_early_inc_range(func.getBody().front().getOperations())) {
      if (!isa<NodeOpInterface>(op) || op.getNumResults() != 1)
        continue;
      Value output = op.getResult(0);
      auto index = static_cast<int32_t>(table.size());
      OpBuilder builder(&op);
      if (instrument)
        builder.create<BeforeOpHookOp>(op.getLoc(), index);
      builder.setInsertionPointAfter(&op);
      builder.create<AfterOpHookOp>(op.getLoc(), index, output);
      StringAttr outputName = outputNames.lookup(output);
      table.push_back(OpInfoAttr::get(
          context, op.getName().getStringRef(), getNodeName(&op),
          outputName ? outputName.getValue() : StringRef(), output.getType()));
    }
    dialect->getOpsAttrHelper().setAttr(func, attrs.getArrayAttr(table));
    dialect->getChecksAttrHelper().setAttr(
        func, CheckPolicyAttr::get(context, checks));
    if (instrument)
      dialect->getInstrumentedAttrHelper().setAttr(func,
                                                   UnitAttr::get(context));
  }
};

} // namespace
