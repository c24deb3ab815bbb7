//===- NodeAttributesTest.cpp - The import table covers every attribute ---===//
//
// Importers map model attributes onto sic attributes by name; a new op or
// attribute in the dialect must get an entry in that table.
//
//===----------------------------------------------------------------------===//

#include "NodeAttributes.h"

#include "dialects/Sic/IR/SicOps.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

TEST(NodeAttributes, EveryNodeAttributeHasAnImportKind) {
  MLIRContext context;
  context.loadDialect<SicDialect>();
  unsigned checked = 0;
  for (RegisteredOperationName name : context.getRegisteredOperations()) {
    if (name.getDialectNamespace() != "sic" ||
        !name.hasInterface<NodeOpInterface>())
      continue;
    for (StringAttr attribute : name.getAttributeNames()) {
      std::string error;
      // The value's kind may be wrong for the attribute; its name may not.
      (void)convertNodeAttribute(&context, attribute.strref(), int64_t(0),
                                 /*maxListSize=*/32, error);
      EXPECT_NE(error, "is not a sic attribute")
          << name.getStringRef().str() << " attribute "
          << attribute.strref().str();
      ++checked;
    }
  }
  EXPECT_GT(checked, 20u);
}

TEST(NodeAttributes, ConvertsEachKind) {
  MLIRContext context;
  context.loadDialect<SicDialect>();
  std::string error;
  EXPECT_TRUE(isa<BoolAttr>(
      *convertNodeAttribute(&context, "keepdims", int64_t(1), 32, error)));
  EXPECT_TRUE(isa<FloatAttr>(
      *convertNodeAttribute(&context, "alpha", 0.5f, 32, error)));
  EXPECT_TRUE(isa<DenseI64ArrayAttr>(*convertNodeAttribute(
      &context, "perm", SmallVector<int64_t, 4>{1, 0}, 32, error)));
  EXPECT_TRUE(isa<PadModeAttr>(
      *convertNodeAttribute(&context, "mode", std::string("edge"), 32, error)));
  EXPECT_TRUE(isa<TypeAttr>(
      *convertNodeAttribute(&context, "to", std::string("i32"), 32, error)));
  EXPECT_TRUE(failed(
      convertNodeAttribute(&context, "keepdims", int64_t(2), 32, error)));
  EXPECT_EQ(error, "expects 0 or 1, got 2");
  EXPECT_TRUE(failed(convertNodeAttribute(
      &context, "axes", SmallVector<int64_t, 4>{0, 1, 2}, 2, error)));
  EXPECT_EQ(error, "has 3 values, more than the limit of 2");
}

TEST(NodeAttributes, ConvertsTheListsOfRecurrence) {
  MLIRContext context;
  context.loadDialect<SicDialect>();
  std::string error;
  auto alphas =
      convertNodeAttribute(&context, "activation_alpha",
                           SmallVector<float, 4>{0.5f, 2.0f}, 32, error);
  ASSERT_TRUE(succeeded(alphas));
  EXPECT_EQ(cast<DenseF32ArrayAttr>(*alphas).asArrayRef(),
            ArrayRef<float>({0.5f, 2.0f}));
  auto activations = convertNodeAttribute(
      &context, "activations",
      SmallVector<std::string, 4>{"sigmoid", "scaled_tanh"}, 32, error);
  ASSERT_TRUE(succeeded(activations));
  auto list = cast<ArrayAttr>(*activations).getAsRange<ActivationAttr>();
  EXPECT_EQ((*list.begin()).getValue(), Activation::sigmoid);
  EXPECT_EQ((*std::next(list.begin())).getValue(), Activation::scaled_tanh);
  EXPECT_TRUE(isa<RecurrentCellAttr>(
      *convertNodeAttribute(&context, "cell", std::string("gru"), 32, error)));
  EXPECT_TRUE(failed(convertNodeAttribute(
      &context, "activation_beta", SmallVector<float, 4>{1, 2, 3}, 2, error)));
  EXPECT_EQ(error, "has 3 values, more than the limit of 2");
}

} // namespace
