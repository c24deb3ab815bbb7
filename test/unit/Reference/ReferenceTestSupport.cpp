//===- ReferenceTestSupport.cpp - Running small models in unit tests ------===//

#include "ReferenceTestSupport.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

std::string unittest::nodeModel(StringRef op, ArrayRef<StringRef> inputTypes,
                                StringRef outputType, StringRef attributes) {
  std::string arguments, operands, types;
  for (auto [index, type] : llvm::enumerate(inputTypes)) {
    std::string separator = index == 0 ? "" : ", ";
    std::string name = "%x" + std::to_string(index);
    arguments += separator + name + ": " + type.str();
    operands += separator + name;
    types += separator + type.str();
  }
  return "func.func @model(" + arguments + ") -> " + outputType.str() +
         " {\n  %y = sic." + op.str() + " " + operands + " " +
         attributes.str() + " : (" + types + ") -> " + outputType.str() +
         "\n  return %y : " + outputType.str() + "\n}\n";
}

ReferenceTest::ReferenceTest()
    : handler(&context, [this](Diagnostic &diagnostic) {
        diagnostics += diagnostic.str() + "\n";
        return success();
      }) {
  context.loadDialect<SicDialect, func::FuncDialect>();
}

std::optional<SmallVector<HostTensor>>
ReferenceTest::evaluate(StringRef source, ArrayRef<HostTensor> inputs,
                        const ReferenceOptions &options) {
  // The evaluator verifies the function itself.
  module = parseSourceString<ModuleOp>(
      source, ParserConfig(&context, /*verifyAfterParse=*/false));
  if (!module)
    return std::nullopt;
  auto functions = module->getOps<func::FuncOp>();
  if (!llvm::hasSingleElement(functions)) {
    ADD_FAILURE() << "expects one func.func";
    return std::nullopt;
  }
  FailureOr<SmallVector<HostTensor>> results =
      evaluateReference(*functions.begin(), inputs, options);
  if (failed(results))
    return std::nullopt;
  return std::move(*results);
}

/// Whether two f32 values agree within `tolerance`, NaN matching NaN.
static bool agree(float actual, float expected, double tolerance) {
  if (std::isnan(expected))
    return std::isnan(actual);
  return actual == expected ||
         std::fabs(static_cast<double>(actual) - expected) <= tolerance;
}

template <typename T>
static void expectValues(const HostTensor &actual, const HostTensor &expected,
                         double tolerance) {
  ArrayRef<T> got = actual.getValues<T>(), want = expected.getValues<T>();
  for (size_t i = 0; i < want.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>)
      EXPECT_TRUE(agree(got[i], want[i], tolerance))
          << "element " << i << ": got " << got[i] << ", expected " << want[i];
    else
      EXPECT_EQ(got[i], want[i]) << "element " << i;
  }
}

void ReferenceTest::expectResult(StringRef source, ArrayRef<HostTensor> inputs,
                                 const HostTensor &expected, double tolerance) {
  std::optional<SmallVector<HostTensor>> results = evaluate(source, inputs);
  ASSERT_TRUE(results) << diagnostics;
  ASSERT_EQ(results->size(), 1u);
  const HostTensor &actual = results->front();
  ASSERT_EQ(actual.getType(), expected.getType());
  if (actual.holds<float>())
    expectValues<float>(actual, expected, tolerance);
  else if (actual.holds<int32_t>())
    expectValues<int32_t>(actual, expected, tolerance);
  else
    expectValues<int64_t>(actual, expected, tolerance);
}

void ReferenceTest::expectError(StringRef source, ArrayRef<HostTensor> inputs,
                                StringRef message,
                                const ReferenceOptions &options) {
  EXPECT_FALSE(evaluate(source, inputs, options));
  EXPECT_NE(diagnostics.find(message.str()), std::string::npos)
      << "errors: " << diagnostics;
}

HostTensor ReferenceTest::f32(ArrayRef<int64_t> shape,
                              std::vector<float> values) {
  return HostTensor(RankedTensorType::get(shape, FloatType::getF32(&context)),
                    std::move(values));
}

HostTensor ReferenceTest::i32(ArrayRef<int64_t> shape,
                              std::vector<int32_t> values) {
  return HostTensor(
      RankedTensorType::get(shape, IntegerType::get(&context, 32)),
      std::move(values));
}

HostTensor ReferenceTest::i64(ArrayRef<int64_t> shape,
                              std::vector<int64_t> values) {
  return HostTensor(
      RankedTensorType::get(shape, IntegerType::get(&context, 64)),
      std::move(values));
}
