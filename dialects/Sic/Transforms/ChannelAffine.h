//===- ChannelAffine.h - Affine maps folded into contractions -*- C++ -*-===//
//
// A per-channel affine map on a contraction's result (conv2d, gemm,
// matmul) and the contraction that computes it at once, its constant
// weights and bias rewritten.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TRANSFORMS_CHANNELAFFINE_H
#define SIC_TRANSFORMS_CHANNELAFFINE_H

#include "dialects/Sic/IR/SicOps.h"

#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <utility>

namespace mlir::sic {

/// y = x * scale[c] + shift[c] for each output channel c of a contraction.
/// Each list holds no value (the identity), one value (for every channel)
/// or one value per channel.
struct ChannelAffine {
  SmallVector<double> scale, shift;
  /// The constant the shift comes from: where a bias the fold creates is
  /// located.
  ConstantOp shiftSource;

  double getScale(int64_t channel) const { return get(scale, channel, 1.0); }
  double getShift(int64_t channel) const { return get(shift, channel, 0.0); }
  bool hasChannelScale() const { return scale.size() > 1; }
  bool hasShift() const { return !shift.empty(); }
  /// Whether the scale or the shift differs between channels.
  bool isPerChannel() const { return scale.size() > 1 || shift.size() > 1; }

private:
  static double get(ArrayRef<double> values, int64_t channel, double identity) {
    if (values.empty())
      return identity;
    return values[values.size() == 1 ? 0 : channel];
  }
};

/// `value` as the per-channel values of a result of `shape` whose channels
/// run along `axis`: one value when `value` is a single number, one per
/// channel when it varies along `axis` only. Nothing when `value` is not a
/// readable f32 constant, varies along another dim, would broadcast `shape`
/// to a larger shape, or holds a value that is not finite.
std::optional<SmallVector<double>>
getChannelValues(Value value, ArrayRef<int64_t> shape, int64_t axis);

/// The contraction that defines `value` and that nothing but `value`'s one
/// reader uses, with the axis of its result along which its output
/// channels run.
std::optional<std::pair<Operation *, int64_t>> getSoleContraction(Value value);

/// Replaces `epilogue`, which applies `affine` to the result of the
/// contraction `producer` (read by nothing else), with one contraction.
/// Fails, changing nothing, when the contraction cannot take it.
LogicalResult foldAffine(Operation *producer, const ChannelAffine &affine,
                         Operation *epilogue, RewriterBase &rewriter);

} // namespace mlir::sic

#endif // SIC_TRANSFORMS_CHANNELAFFINE_H
