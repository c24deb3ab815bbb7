//===- SicToLinalg.h - Lowering sic ops to linalg/tensor/arith --*- C++ -*-===//
//
// Each op family of the sic dialect has its own pattern file; the
// convert-sic-to-linalg pass applies them all.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_CONVERSION_SICTOLINALG_H
#define SIC_CONVERSION_SICTOLINALG_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::sic {

/// Elementwise unary and binary ops and cast: linalg.generic with NumPy
/// broadcasting.
void populateElementwiseLoweringPatterns(RewritePatternSet &patterns);
/// matmul, gemm, conv2d: linalg's named contractions.
void populateContractionLoweringPatterns(RewritePatternSet &patterns);
/// max_pool2d, avg_pool2d, global_avg_pool.
void populatePoolingLoweringPatterns(RewritePatternSet &patterns);
/// batch_norm, softmax, layer_norm.
void populateNormalizationLoweringPatterns(RewritePatternSet &patterns);
/// reduce_mean, reduce_sum, reduce_max, reduce_prod.
void populateReductionLoweringPatterns(RewritePatternSet &patterns);
/// recurrence: a loop over the time steps per direction, the states
/// carried in place, each step a contraction by R and one elementwise cell.
void populateRecurrenceLoweringPatterns(RewritePatternSet &patterns);
/// constant, reshape, transpose, concat, slice, flatten, squeeze, unsqueeze,
/// pad.
void populateDataMovementLoweringPatterns(RewritePatternSet &patterns);
/// top_k: k passes over each row.
void populateTopKLoweringPatterns(RewritePatternSet &patterns);
/// gather_nd: its tuples checked once each, then a gather.
void populateGatherNDLoweringPatterns(RewritePatternSet &patterns);
/// scatter_elements, scatter_nd: loops over the updates.
void populateScatterLoweringPatterns(RewritePatternSet &patterns);

} // namespace mlir::sic

#endif // SIC_CONVERSION_SICTOLINALG_H
