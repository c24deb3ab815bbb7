//===- SliceTransferFolding.h - Slices folded into vector transfers -*- C++ -*-===//

#ifndef SIC_LIB_TRANSFORMS_SLICETRANSFERFOLDING_H
#define SIC_LIB_TRANSFORMS_SLICETRANSFERFOLDING_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {

/// Adds the patterns that make vector transfers read and write the tensors
/// that tiles are sliced from: a transfer_read of an extract_slice reads
/// the sliced tensor, and an insert_slice of a transfer_write that covers
/// the whole slice writes into the destination.
///
/// MLIR 19's own set (tensor::populateFoldTensorSubsetIntoVectorTransfer-
/// Patterns) also folds an insert_slice of a transfer_write that covers
/// only part of the slice, dropping the rest of it (a product's last rows,
/// peeled, replaced the whole product in a concat); it is used without that
/// pattern.
void populateSliceTransferFoldingPatterns(RewritePatternSet &patterns);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_SLICETRANSFERFOLDING_H
