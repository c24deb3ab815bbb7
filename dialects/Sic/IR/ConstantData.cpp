//===- ConstantData.cpp - Reading the elements of sic.constant ------------===//
//
// The elements of sic.constant, through the one reader of constant data
// (sic/Support/ConstantElements.h). The reference evaluator and the passes
// that compute with weights both read through it.
//
//===----------------------------------------------------------------------===//

#include "dialects/Sic/IR/SicOps.h"

#include "sic/Support/ConstantElements.h"

using namespace mlir;
using namespace mlir::sic;

template <typename T>
FailureOr<std::vector<T>>
mlir::sic::readConstantValues(ConstantOp op,
                              function_ref<InFlightDiagnostic()> emitError) {
  return readElements<T>(op.getValue(), emitError);
}

template FailureOr<std::vector<float>>
    mlir::sic::readConstantValues<float>(ConstantOp,
                                         function_ref<InFlightDiagnostic()>);
template FailureOr<std::vector<double>>
    mlir::sic::readConstantValues<double>(ConstantOp,
                                          function_ref<InFlightDiagnostic()>);
template FailureOr<std::vector<int32_t>>
    mlir::sic::readConstantValues<int32_t>(ConstantOp,
                                           function_ref<InFlightDiagnostic()>);
template FailureOr<std::vector<int64_t>>
    mlir::sic::readConstantValues<int64_t>(ConstantOp,
                                           function_ref<InFlightDiagnostic()>);
