//===- ReferenceTestSupport.h - Running small models in unit tests -*- C++
//-*-===//
//
// The reference evaluator's tests write each model as MLIR text (a func.func
// of sic nodes, as sic-schedule leaves it), evaluate it, and compare with
// values worked out by hand.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TEST_UNIT_REFERENCE_REFERENCETESTSUPPORT_H
#define SIC_TEST_UNIT_REFERENCE_REFERENCETESTSUPPORT_H

#include "sic/Reference/Evaluator.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include "gtest/gtest.h"

#include <limits>
#include <optional>
#include <string>

namespace mlir::sic::unittest {

/// Edge values the tests use.
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr int32_t kMinI32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMaxI32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMinI64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxI64 = std::numeric_limits<int64_t>::max();

/// A model of one node: `sic.<op> %x0, %x1, ... <attributes>` on inputs of
/// `inputTypes`, returning its `outputType` result.
std::string nodeModel(StringRef op, ArrayRef<StringRef> inputTypes,
                      StringRef outputType, StringRef attributes = "");

class ReferenceTest : public ::testing::Test {
protected:
  ReferenceTest();

  /// Parses `source` (one func.func) and evaluates it on `inputs`; nullopt
  /// on failure, with the errors in `diagnostics`.
  std::optional<SmallVector<HostTensor>>
  evaluate(StringRef source, ArrayRef<HostTensor> inputs,
           const ReferenceOptions &options = {});

  /// Evaluates `source` and expects its one result to have `expected`'s
  /// type and values: within `tolerance` for f32 (NaN matching NaN), exactly
  /// for integers.
  void expectResult(StringRef source, ArrayRef<HostTensor> inputs,
                    const HostTensor &expected, double tolerance = 0);

  /// Evaluates `source` and expects it to fail with `message` (a substring
  /// of the errors).
  void expectError(StringRef source, ArrayRef<HostTensor> inputs,
                   StringRef message, const ReferenceOptions &options = {});

  /// Tensors of each element type.
  HostTensor f32(ArrayRef<int64_t> shape, std::vector<float> values);
  HostTensor i32(ArrayRef<int64_t> shape, std::vector<int32_t> values);
  HostTensor i64(ArrayRef<int64_t> shape, std::vector<int64_t> values);

  MLIRContext context;
  std::string diagnostics;

private:
  ScopedDiagnosticHandler handler;
  OwningOpRef<ModuleOp> module;
};

} // namespace mlir::sic::unittest

#endif // SIC_TEST_UNIT_REFERENCE_REFERENCETESTSUPPORT_H
