//===- ImportLimits.h - Resource limits for untrusted models ----*- C++ -*-===//

#ifndef SIC_IMPORT_IMPORTLIMITS_H
#define SIC_IMPORT_IMPORTLIMITS_H

#include <cstdint>

namespace mlir::sic {

/// Resource limits an importer enforces before it allocates anything sized by
/// the model file. The defaults admit every realistic inference model.
struct ImportLimits {
  /// Nodes in the graph.
  uint64_t maxNodes = 1u << 20;
  /// Tensors in the model (inputs, constants, intermediates, outputs).
  uint64_t maxTensors = 1u << 21;
  /// Rank of any tensor.
  uint64_t maxRank = 16;
  /// Elements of any one tensor.
  uint64_t maxTensorElements = uint64_t(1) << 32;
  /// Bytes of all constant data together.
  uint64_t maxConstantBytes = uint64_t(4) << 30;
  /// Work that evaluating nodes on constants at import may do, in all: the
  /// elements each node reads and writes, and each multiply-add of a
  /// contraction or recurrence; nodes past it are computed at run time.
  uint64_t maxFoldedElements = uint64_t(1) << 24;
};

} // namespace mlir::sic

#endif // SIC_IMPORT_IMPORTLIMITS_H
