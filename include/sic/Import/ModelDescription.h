//===- ModelDescription.h - A model as an importer reads it -----*- C++ -*-===//
//
// The neutral form every importer (SIC FlatBuffers, ONNX) fills in from its
// file before the shared GraphBuilder checks it and builds a sic.graph. Its
// contents are untrusted: nothing here has been checked yet.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_IMPORT_MODELDESCRIPTION_H
#define SIC_IMPORT_MODELDESCRIPTION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mlir::sic {

/// The element types a model may use (Bool: one byte, 0 or 1). Those after
/// F64 are storage-only: SIC computes on them as getComputeType says.
enum class ElementType {
  F32,
  I32,
  I64,
  Bool,
  F64,
  I8,
  U8,
  I16,
  U16,
  U32,
  U64,
  F16,
  BF16
};

/// Bytes of one element.
inline uint64_t getElementSize(ElementType type) {
  switch (type) {
  case ElementType::I64:
  case ElementType::F64:
  case ElementType::U64:
    return 8;
  case ElementType::Bool:
  case ElementType::I8:
  case ElementType::U8:
    return 1;
  case ElementType::I16:
  case ElementType::U16:
  case ElementType::F16:
  case ElementType::BF16:
    return 2;
  default:
    return 4;
  }
}

/// The type SIC computes a model's values of `type` in: i32 for 8- and
/// 16-bit integers, i64 for u32 and u64, f32 for f16 and bf16; `type`
/// itself for the others.
inline ElementType getComputeType(ElementType type) {
  switch (type) {
  case ElementType::I8:
  case ElementType::U8:
  case ElementType::I16:
  case ElementType::U16:
    return ElementType::I32;
  case ElementType::U32:
  case ElementType::U64:
    return ElementType::I64;
  case ElementType::F16:
  case ElementType::BF16:
    return ElementType::F32;
  default:
    return type;
  }
}

struct TensorDescription {
  std::string name;
  ElementType elementType = ElementType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  /// The constant's little-endian, row-major bytes; absent for a tensor that
  /// is not a constant. Must outlive the import (and the imported module,
  /// with ModelDescription::dataOutlivesModule).
  std::optional<llvm::ArrayRef<char>> data;
};

/// A node attribute: an integer, a float, a list of integers, a string, a
/// list of floats or a list of strings.
struct AttributeDescription {
  using Value = std::variant<int64_t, float, llvm::SmallVector<int64_t, 4>,
                             std::string, llvm::SmallVector<float, 4>,
                             llvm::SmallVector<std::string, 4>>;
  std::string name;
  Value value;
};

struct NodeDescription {
  /// The model's name for the node; may be empty.
  std::string name;
  /// The sic op without its prefix ("gemm").
  std::string op;
  /// Tensor indices (not yet range-checked).
  llvm::SmallVector<uint64_t, 4> inputs;
  llvm::SmallVector<uint64_t, 1> outputs;
  std::vector<AttributeDescription> attributes;
};

struct ModelDescription {
  /// Whether constant data outlives the module (a mapped model file), so
  /// that aligned data can be used in place; otherwise it is copied.
  bool dataOutlivesModule = false;
  std::string name;
  std::vector<TensorDescription> tensors;
  std::vector<NodeDescription> nodes;
  /// Tensor indices of the graph inputs and outputs, in order.
  std::vector<uint64_t> inputs;
  std::vector<uint64_t> outputs;
  /// The model's names of its outputs, in order: none (each output is
  /// named by its tensor), or one per output. An output may be named apart
  /// from its tensor: an ONNX graph output that is another name (Identity)
  /// for a graph input, a constant or another output.
  std::vector<std::string> outputNames;
};

} // namespace mlir::sic

#endif // SIC_IMPORT_MODELDESCRIPTION_H
