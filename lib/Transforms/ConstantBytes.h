//===- ConstantBytes.h - The stored bytes of a tensor constant -*- C++ -*-===//

#ifndef SIC_LIB_TRANSFORMS_CONSTANTBYTES_H
#define SIC_LIB_TRANSFORMS_CONSTANTBYTES_H

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <vector>

namespace mlir::sic {

/// The bytes of `constant`'s tensor elements, row-major, when they are
/// stored one after another at their size: a dense attribute that is not a
/// splat, or a loaded dense_resource blob of the tensor's byte size; empty
/// otherwise.
ArrayRef<char> getStoredElementBytes(arith::ConstantOp constant);

/// `bytes`, rows of `rowBytes` each, with `padBytes` zero bytes after each
/// row.
std::vector<char> padRowBytes(ArrayRef<char> bytes, int64_t rowBytes,
                              int64_t padBytes);

/// A constant of `type` holding `bytes` (row-major), created at `builder`'s
/// insertion point: a dense_resource blob aligned to `alignment` when
/// `like` is one (under its key), a dense attribute otherwise.
Value buildConstantLike(OpBuilder &builder, Location loc,
                        arith::ConstantOp like, RankedTensorType type,
                        ArrayRef<char> bytes, int64_t alignment);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_CONSTANTBYTES_H
