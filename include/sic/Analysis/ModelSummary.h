//===- ModelSummary.h - Per-node shapes, parameters and MACs ----*- C++ -*-===//
//
// What `sic-compile --summary` prints about a scheduled model: each node with
// its output types, the parameters it reads and the multiply-accumulates it
// performs, and the totals. Computed on the sic ops after scheduling (and,
// at -O1 and up, after folding), so it describes the model that is compiled.
//
// MACs count the multiply-accumulates of contractions, the ops whose cost
// grows with a reduction over weights:
//   conv2d:  N * M * OH * OW * (C / group) * KH * KW
//   matmul:  output elements * K (each batch counts; a 1-D operand's
//            dropped dim counts as 1)
//   gemm:    M * N * K (alpha, beta and C add no MACs)
// Every other op (elementwise, normalization, pooling, reductions, data
// movement) counts 0: their cost is linear in the elements they touch,
// which the output shapes show.
//
// Each convolution also names the kernel -O2 gives it
// (ConvolutionKernels.h); below -O2, every one runs as loops.
//
// Parameters are the elements of the sic.constant operands a node reads. A
// constant read by several nodes counts for each of them; the totals count
// it once.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_ANALYSIS_MODELSUMMARY_H
#define SIC_ANALYSIS_MODELSUMMARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace mlir::sic {

/// One node of a scheduled model.
struct NodeSummary {
  /// Its position among the model's nodes (constants excluded), in schedule
  /// order.
  unsigned index = 0;
  /// The model's name for it (its NameLoc), else its op name.
  std::string name;
  /// Its op's name without the dialect: "conv2d".
  std::string op;
  SmallVector<RankedTensorType, 1> outputs;
  /// Elements of the constants it reads.
  uint64_t parameters = 0;
  uint64_t macs = 0;
  /// A convolution's kernel ("direct", "im2col", ...); empty for other ops
  /// and when the module has no target yet.
  std::string kernel;
};

/// A scheduled model function, node by node, with totals. Sums saturate at
/// UINT64_MAX.
struct ModelSummary {
  std::string function;
  SmallVector<NodeSummary> nodes;
  /// Elements and bytes of the distinct constants that nodes read.
  uint64_t parameters = 0;
  uint64_t parameterBytes = 0;
  uint64_t macs = 0;
};

/// "1x32x64x64xf32", as in the tensor type; "f32" for a scalar.
std::string formatTensorType(RankedTensorType type);

/// The multiply-accumulates `op` performs, by the rule above; 0 for ops that
/// are not contractions. `op` must be a verified node.
uint64_t getMacCount(Operation *op);

/// Summarizes `func`, a scheduled model function of sic ops, to be compiled
/// at `optLevel`.
ModelSummary computeModelSummary(func::FuncOp func, unsigned optLevel);

/// Prints `summary` as a table followed by a line of totals; the kernel
/// column only when a node has one.
void printModelSummary(const ModelSummary &summary, llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_ANALYSIS_MODELSUMMARY_H
