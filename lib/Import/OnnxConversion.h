//===- OnnxConversion.h - State of one ONNX import --------------*- C++ -*-===//
//
// What the per-op converters (OnnxOps.cpp) see of an ONNX import: the node's
// attributes with their defaults, the shapes and constant values known for
// its inputs, and how to emit sic nodes. Every getter reports a fault as an
// error naming the node and returns failure.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_IMPORT_ONNXCONVERSION_H
#define SIC_LIB_IMPORT_ONNXCONVERSION_H

#include "ImportDiagnostics.h"

#include "sic/Import/ModelDescription.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <onnx/onnx_pb.h>

namespace mlir::sic {

/// A sic node with its tensors named as in the ONNX graph.
struct PendingNode {
  std::string name;
  std::string op;
  llvm::SmallVector<std::string, 4> inputs;
  llvm::SmallVector<std::string, 1> outputs;
  std::vector<AttributeDescription> attributes;
};

/// A constant value: an initializer, a Constant node's value, or a folded
/// shape computation. The bytes are little-endian, row-major.
struct OnnxConstant {
  ElementType elementType;
  llvm::SmallVector<int64_t, 4> shape;
  llvm::ArrayRef<char> bytes;
};

class OnnxConversion {
public:
  OnnxConversion(MLIRContext *context, ImportDiagnostics &diagnostics,
                 const ImportLimits &limits, int64_t opset)
      : context(context), diagnostics(diagnostics), limits(limits),
        opset(opset) {}

  int64_t getOpset() const { return opset; }
  const ImportLimits &getLimits() const { return limits; }

  /// Starts an error about `node`: "node 'name' (Op): ".
  InFlightDiagnostic emitNodeError(const onnx::NodeProto &node);

  /// Attribute getters: the attribute's value, `fallback` when it is absent,
  /// or an error when it is absent without a fallback or has another type.
  FailureOr<int64_t> getInt(const onnx::NodeProto &node, llvm::StringRef name,
                            std::optional<int64_t> fallback = std::nullopt);
  FailureOr<float> getFloat(const onnx::NodeProto &node, llvm::StringRef name,
                            std::optional<float> fallback = std::nullopt);
  FailureOr<llvm::SmallVector<int64_t, 4>>
  getInts(const onnx::NodeProto &node, llvm::StringRef name,
          std::optional<llvm::SmallVector<int64_t, 4>> fallback = std::nullopt);
  FailureOr<std::string>
  getString(const onnx::NodeProto &node, llvm::StringRef name,
            std::optional<std::string> fallback = std::nullopt);
  bool hasAttribute(const onnx::NodeProto &node, llvm::StringRef name);
  /// Accepts an attribute the conversion does not need (BatchNormalization's
  /// momentum, MaxPool's storage_order, ...).
  void ignoreAttribute(llvm::StringRef name) { readAttributes.insert(name); }
  /// Starts converting a node: forgets which attributes were read.
  void beginNode() { readAttributes.clear(); }
  /// Reports every attribute of `node` that its conversion did not read
  /// (or ignore): an attribute its op does not take in this opset, which
  /// ONNX would refuse and SIC would otherwise silently drop.
  LogicalResult checkAttributesRead(const onnx::NodeProto &node);

  /// Input `index` of `node`, or "" when it is absent (ONNX leaves out an
  /// optional input with an empty name).
  llvm::StringRef getInput(const onnx::NodeProto &node, int index) const;
  /// The static shape of a value, when known (inputs, constants, and every
  /// node output converted so far).
  std::optional<llvm::ArrayRef<int64_t>> getShape(llvm::StringRef value) const;
  /// The shape of input `index`, or an error saying it is unknown.
  FailureOr<llvm::ArrayRef<int64_t>> getInputShape(const onnx::NodeProto &node,
                                                   int index);
  /// The integer values of a constant input, or an error saying that SIC
  /// needs that input to be a constant.
  FailureOr<llvm::SmallVector<int64_t, 4>>
  getConstantInts(const onnx::NodeProto &node, int index);
  /// The value of a constant single-element float input.
  FailureOr<float> getConstantFloat(const onnx::NodeProto &node, int index);

  /// Emits a sic node `op` reading `inputs` and writing the node's first
  /// output; fails if the node has further outputs that anything uses.
  FailureOr<PendingNode *> emit(const onnx::NodeProto &node, llvm::StringRef op,
                                llvm::ArrayRef<llvm::StringRef> inputs);
  /// Gives a pending node's output the type its sic op's rules infer. A
  /// broken rule is reported at the node.
  LogicalResult inferOutputType(const onnx::NodeProto &node,
                                const PendingNode &pending);
  /// The integer values of a constant, if `value` is one.
  std::optional<llvm::SmallVector<int64_t, 4>>
  lookupConstantInts(llvm::StringRef value) const;
  /// Records an integer constant SIC computed (a folded shape computation).
  void addIntConstant(llvm::StringRef value, ElementType elementType,
                      llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<int64_t> values);
  /// Makes the node's first output another name for `value`.
  LogicalResult alias(const onnx::NodeProto &node, llvm::StringRef value);
  /// Records a constant the model defines (an initializer or Constant node);
  /// `bytes` must outlive the import.
  void addConstant(llvm::StringRef value, OnnxConstant constant);
  /// Records a value's element type and shape.
  void setType(llvm::StringRef value, ElementType elementType,
               llvm::ArrayRef<int64_t> shape);
  /// The element type of a value, when known.
  std::optional<ElementType> getElementType(llvm::StringRef value) const;
  /// Bytes owned by the import, for constants SIC makes itself.
  llvm::ArrayRef<char> store(llvm::ArrayRef<char> bytes);

  /// The value a name stands for after aliases.
  llvm::StringRef resolve(llvm::StringRef value) const;
  /// Whether a node reads `value` or it is a graph output (recorded for
  /// every name before any node is converted).
  void markUsed(llvm::StringRef value) { used.insert(value); }
  bool isUsed(llvm::StringRef value) const { return used.count(value); }

  ImportDiagnostics &getDiagnostics() { return diagnostics; }
  std::vector<PendingNode> &getNodes() { return nodes; }
  const llvm::StringMap<OnnxConstant> &getConstants() const {
    return constants;
  }

private:
  /// Fails (reporting it) if `output` is already written.
  LogicalResult checkUnwritten(const onnx::NodeProto &node,
                               llvm::StringRef output);
  /// Finds attribute `name` and records that the conversion read it.
  const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                            llvm::StringRef name);
  /// The attribute `name` read by `read` if it has ONNX type `type`,
  /// `fallback` if it is absent, or an error.
  template <typename T, typename Read>
  FailureOr<T> getAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                            std::optional<T> fallback, int type,
                            const char *expected, Read read);

  MLIRContext *context;
  ImportDiagnostics &diagnostics;
  const ImportLimits &limits;
  int64_t opset;
  llvm::StringMap<llvm::SmallVector<int64_t, 4>> shapes;
  llvm::StringMap<ElementType> elementTypes;
  llvm::StringMap<OnnxConstant> constants;
  llvm::StringMap<std::string> aliases;
  llvm::StringSet<> used;
  std::vector<PendingNode> nodes;
  llvm::StringSet<> readAttributes;
  std::deque<std::vector<char>> storage;
};

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXCONVERSION_H
