//===- ConstantBytes.h - The stored bytes of a tensor constant -*- C++ -*-===//

#ifndef SIC_LIB_TRANSFORMS_CONSTANTBYTES_H
#define SIC_LIB_TRANSFORMS_CONSTANTBYTES_H

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir::sic {

/// The bytes of `constant`'s tensor elements, row-major, when they are
/// stored one after another at their size: a dense attribute that is not a
/// splat, or a loaded dense_resource blob of the tensor's byte size; empty
/// otherwise.
ArrayRef<char> getStoredElementBytes(arith::ConstantOp constant);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_CONSTANTBYTES_H
