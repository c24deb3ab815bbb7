//===- NodeAttributes.h - Model attributes as sic attributes ----*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_NODEATTRIBUTES_H
#define SIC_LIB_IMPORT_NODEATTRIBUTES_H

#include "sic/Import/ModelDescription.h"

#include "mlir/IR/Attributes.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace mlir::sic {

/// Converts the model attribute `name` = `value` into the attribute a sic op
/// expects under that name. On a kind or value mismatch, or a list longer
/// than `maxListSize`, returns failure and says why in `error` ("expects a
/// float, got an integer list").
FailureOr<Attribute>
convertNodeAttribute(MLIRContext *context, StringRef name,
                     const AttributeDescription::Value &value,
                     uint64_t maxListSize, std::string &error);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_NODEATTRIBUTES_H
