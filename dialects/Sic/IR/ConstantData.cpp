//===- ConstantData.cpp - Reading the elements of sic.constant ------------===//
//
// One reader for the two forms a constant takes: a dense attribute (written
// in IR text) and a dense_resource blob (the importers' weights, which may
// point into the model file). The reference evaluator and the passes that
// compute with weights both read through it.
//
//===----------------------------------------------------------------------===//

#include "Sic/IR/SicOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;
using namespace mlir::sic;

template <typename T>
FailureOr<std::vector<T>>
mlir::sic::readConstantValues(ConstantOp op,
                              function_ref<InFlightDiagnostic()> emitError) {
  auto type = cast<RankedTensorType>(op.getType());
  size_t count = type.getNumElements();
  ElementsAttr value = op.getValue();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    const AsmResourceBlob *blob = handle.getBlob();
    if (!blob) {
      if (emitError)
        emitError() << "has no data for resource '" << handle.getKey() << "'";
      return failure();
    }
    // Copied byte-wise: a blob need not be aligned for T.
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != count * sizeof(T)) {
      if (emitError)
        emitError() << "expects " << count * sizeof(T) << " bytes in resource '"
                    << handle.getKey() << "', got " << bytes.size();
      return failure();
    }
    std::vector<T> values(count);
    if (count != 0)
      std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
  }
  auto range = value.tryGetValues<T>();
  if (!range) {
    if (emitError)
      emitError() << "has a value whose elements cannot be read as " << type;
    return failure();
  }
  return std::vector<T>(range->begin(), range->end());
}

template FailureOr<std::vector<float>>
    mlir::sic::readConstantValues<float>(ConstantOp,
                                         function_ref<InFlightDiagnostic()>);
template FailureOr<std::vector<int32_t>>
    mlir::sic::readConstantValues<int32_t>(ConstantOp,
                                           function_ref<InFlightDiagnostic()>);
template FailureOr<std::vector<int64_t>>
    mlir::sic::readConstantValues<int64_t>(ConstantOp,
                                           function_ref<InFlightDiagnostic()>);
