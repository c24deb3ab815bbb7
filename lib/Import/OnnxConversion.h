//===- OnnxConversion.h - State of one ONNX import --------------*- C++ -*-===//
//
// What the per-op converters (OnnxOps.cpp) see of an ONNX import: the node's
// attributes with their defaults, the values its inputs name (typed sic
// values in the sic.graph being built), and typed builders that create sic
// ops. Each created op gets its output types from its own rules at once,
// and an op whose inputs are all constants is evaluated on the spot
// (OnnxFolding.cpp). Every getter reports a fault as an error naming the
// node and returns failure.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_IMPORT_ONNXCONVERSION_H
#define SIC_LIB_IMPORT_ONNXCONVERSION_H

#include "ImportDiagnostics.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Import/ModelDescription.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <map>
#include <onnx/onnx_pb.h>
#include <utility>

namespace mlir::sic {

/// A constant the model defines: an initializer or a Constant node's value.
/// The bytes are little-endian, row-major.
struct OnnxConstant {
  ElementType elementType;
  llvm::SmallVector<int64_t, 4> shape;
  llvm::ArrayRef<char> bytes;
  /// The model's element type when it is storage-only (UINT8, FLOAT16, ...):
  /// `elementType` and `bytes` then hold the values in its compute type.
  std::optional<ElementType> storage = std::nullopt;
};

class OnnxConversion {
public:
  /// Converts into `body`, the block of the sic.graph being built (its
  /// arguments are the graph inputs, bound with bindInput).
  OnnxConversion(Block *body, ImportDiagnostics &diagnostics,
                 const ImportLimits &limits, int64_t opset);

  int64_t getOpset() const { return opset; }
  const ImportLimits &getLimits() const { return limits; }
  ImportDiagnostics &getDiagnostics() { return diagnostics; }
  OpBuilder &getBuilder() { return builder; }

  /// Starts an error about `node`: "node 'name' (Op): ".
  InFlightDiagnostic emitNodeError(const onnx::NodeProto &node);

  //===--------------------------------------------------------------------===//
  // Attributes
  //===--------------------------------------------------------------------===//

  /// Attribute getters: the attribute's value, `fallback` when it is absent,
  /// or an error when it is absent without a fallback or has another type.
  FailureOr<int64_t> getInt(const onnx::NodeProto &node, llvm::StringRef name,
                            std::optional<int64_t> fallback = std::nullopt);
  FailureOr<float> getFloat(const onnx::NodeProto &node, llvm::StringRef name,
                            std::optional<float> fallback = std::nullopt);
  /// A list longer than the import limits admit is an error too.
  FailureOr<llvm::SmallVector<int64_t, 4>>
  getInts(const onnx::NodeProto &node, llvm::StringRef name,
          std::optional<llvm::SmallVector<int64_t, 4>> fallback = std::nullopt);
  FailureOr<llvm::SmallVector<float, 4>>
  getFloats(const onnx::NodeProto &node, llvm::StringRef name,
            std::optional<llvm::SmallVector<float, 4>> fallback = std::nullopt);
  FailureOr<std::string>
  getString(const onnx::NodeProto &node, llvm::StringRef name,
            std::optional<std::string> fallback = std::nullopt);
  FailureOr<llvm::SmallVector<std::string, 4>> getStrings(
      const onnx::NodeProto &node, llvm::StringRef name,
      std::optional<llvm::SmallVector<std::string, 4>> fallback = std::nullopt);
  /// A tensor attribute, or null when it is absent.
  FailureOr<const onnx::TensorProto *> getTensor(const onnx::NodeProto &node,
                                                 llvm::StringRef name);
  /// A graph attribute (a branch).
  FailureOr<const onnx::GraphProto *> getGraph(const onnx::NodeProto &node,
                                               llvm::StringRef name);
  bool hasAttribute(const onnx::NodeProto &node, llvm::StringRef name);
  /// Accepts an attribute the conversion does not need (BatchNormalization's
  /// momentum, MaxPool's storage_order, ...).
  void ignoreAttribute(llvm::StringRef name) { readAttributes.insert(name); }
  /// Starts converting a node: returns which attributes of the node being
  /// converted were read (a node with branches converts other nodes), and
  /// forgets them until endNode gives them back.
  llvm::StringSet<> beginNode() { return std::exchange(readAttributes, {}); }
  void endNode(llvm::StringSet<> outer) { readAttributes = std::move(outer); }
  /// Reports every attribute of `node` that its conversion did not read
  /// (or ignore): an attribute its op does not take in this opset, which
  /// ONNX would refuse and SIC would otherwise silently drop.
  LogicalResult checkAttributesRead(const onnx::NodeProto &node);

  //===--------------------------------------------------------------------===//
  // Values
  //===--------------------------------------------------------------------===//

  /// Input `index` of `node`, or "" when it is absent (ONNX leaves out an
  /// optional input with an empty name).
  llvm::StringRef getInput(const onnx::NodeProto &node, int index) const;
  /// The value `name` stands for (a graph input, a constant, or the output
  /// of a node converted so far), or null.
  Value lookup(llvm::StringRef name);
  /// The value of input `index`, or an error saying nothing writes it.
  FailureOr<Value> getInputValue(const onnx::NodeProto &node, int index);
  /// The values of the node's present inputs among the first `limit`.
  FailureOr<llvm::SmallVector<Value>>
  getPresentInputValues(const onnx::NodeProto &node, int limit);
  /// The static shape of a value, when known.
  std::optional<llvm::ArrayRef<int64_t>> getShape(llvm::StringRef name);
  /// The shape of input `index`, or an error saying it is unknown.
  FailureOr<llvm::ArrayRef<int64_t>> getInputShape(const onnx::NodeProto &node,
                                                   int index);
  /// The integer values of `name`, if it is an integer constant.
  std::optional<llvm::SmallVector<int64_t, 4>>
  lookupConstantInts(llvm::StringRef name);
  /// The integer values of a constant input, or an error saying that SIC
  /// needs that input to be a constant and what it depends on.
  FailureOr<llvm::SmallVector<int64_t, 4>>
  getConstantInts(const onnx::NodeProto &node, int index);
  /// The same for an input whose values become a constant tensor rather than
  /// a list attribute, so the list limit does not apply.
  FailureOr<llvm::SmallVector<int64_t, 4>>
  getConstantIntTensor(const onnx::NodeProto &node, int index);
  /// Why `value` is not a constant: the graph input it depends on, or the
  /// node that computes it at run time.
  std::string explainNotConstant(Value value);
  /// The value of a constant single-element f32 input.
  FailureOr<float> getConstantFloat(const onnx::NodeProto &node, int index);

  /// Binds a graph input. One of a storage-only type (ui8, f16, ...) is
  /// read through a sic.cast to its compute type.
  void bindInput(llvm::StringRef name, BlockArgument argument);

  /// Binds `name` to `value`: an input of `node`'s loop body.
  LogicalResult bindValue(const onnx::NodeProto &node, llvm::StringRef name,
                          Value value);
  /// Starts a scope: the names written from here on (node outputs,
  /// constants, bound values) are forgotten at the matching endScope, so
  /// that a loop body converts once per iteration under the same names.
  size_t beginScope() const { return scopeLog.size(); }
  void endScope(size_t start);

  /// The element type ONNX gives `value`: the storage-only type it holds
  /// values of (ui8 for a UINT8 tensor SIC computes in i32), else its own.
  Type getStorageType(Value value) const;
  /// Records that `value` holds values of element type `storage`; a compute
  /// type marks it as holding just that.
  void setStorageType(Value value, Type storage) {
    storageTypes[value] = storage;
  }
  /// `value`, of the compute type of storage-only type `storage`, brought to
  /// what `storage` holds and back: integers wrapped to its width, floats
  /// rounded to it. The result holds values of `storage`.
  FailureOr<Value> narrowTo(const onnx::NodeProto &node, Value value,
                            Type storage);
  /// `value` converted for a graph output: to its storage type.
  Value toStorage(Value value);
  /// Records a constant the model defines (an initializer or a Constant
  /// node's value); `bytes` must outlive the import. It becomes a
  /// sic.constant when something reads it. A name already written is
  /// reported at `node`, the Constant node, when there is one.
  LogicalResult addConstant(llvm::StringRef name, OnnxConstant constant,
                            const onnx::NodeProto *node = nullptr);
  /// Creates a sic.constant named `name` holding a copy of `bytes`.
  Value createConstant(llvm::StringRef name, RankedTensorType type,
                       llvm::ArrayRef<char> bytes);
  /// Creates a sic.constant named `name` holding `value`.
  Value createConstant(llvm::StringRef name, ElementsAttr value);
  /// Bytes owned by the import, for constants SIC makes itself.
  llvm::ArrayRef<char> store(llvm::ArrayRef<char> bytes);

  //===--------------------------------------------------------------------===//
  // Creating sic ops
  //===--------------------------------------------------------------------===//

  /// Creates sic node `OpT` for `node` on `inputs` with the attributes
  /// `attributes` (in the op's builder order), types its output by the op's
  /// rules and evaluates it when every input is a constant. Returns its
  /// output (or the constant it folded to); a broken rule is reported at the
  /// node.
  template <typename OpT, typename... Attributes>
  FailureOr<Value> create(const onnx::NodeProto &node, ValueRange inputs,
                          Attributes &&...attributes) {
    if (inputs.empty()) {
      emitNodeError(node) << "has no inputs";
      return failure();
    }
    // The output type is a stand-in until the op's rules say.
    auto op = builder.create<OpT>(getNodeLoc(node, OpT::getOperationName()),
                                  TypeRange{inputs.front().getType()}, inputs,
                                  std::forward<Attributes>(attributes)...);
    return finishNode(node, op);
  }
  /// create(), with the op's output as the node's first output.
  template <typename OpT, typename... Attributes>
  LogicalResult emit(const onnx::NodeProto &node, ValueRange inputs,
                     Attributes &&...attributes) {
    FailureOr<Value> output =
        create<OpT>(node, inputs, std::forward<Attributes>(attributes)...);
    return failed(output) ? failure() : bind(node, *output);
  }
  /// Makes `value` the node's first output; fails if the node has further
  /// outputs that anything uses, or its output is already written.
  LogicalResult bind(const onnx::NodeProto &node, Value value) {
    return bindOutputs(node, value);
  }
  /// Makes `values[i]` the node's output #i: some output must have a name;
  /// one after #0 may be absent (no name) or unread when its value is null.
  /// Fails if an output without a value is read, or an output is already
  /// written.
  LogicalResult bindOutputs(const onnx::NodeProto &node, ValueRange values);
  /// Creates a constant f32 scalar for `node`, named by getConstantName.
  Value createScalar(const onnx::NodeProto &node, float value);
  /// A constant scalar of float type `type` named for `node`.
  Value createScalar(const onnx::NodeProto &node, double value, FloatType type);
  /// The name of constants made for `node`: its first output's, else its
  /// own, else its operator's.
  std::string getConstantName(const onnx::NodeProto &node) const;
  /// Makes the node's first output another name for input `index`.
  LogicalResult alias(const onnx::NodeProto &node, int index);

  /// Whether a node reads `name` or it is a graph output (recorded for
  /// every name before any node is converted).
  void markUsed(llvm::StringRef name) { used.insert(name); }
  bool isUsed(llvm::StringRef name) const { return used.count(name); }

  /// Marks the outputs of a node that could not be converted: nodes that
  /// read them are skipped rather than reported again for the same fault.
  void markLost(llvm::StringRef name) { lost.insert(name); }
  bool isLost(llvm::StringRef name) const { return lost.contains(name); }

  /// Counts a node whose op SIC does not convert (reported once per op).
  void noteUnsupportedOp(const std::string &op) { ++unsupportedOps[op]; }
  const std::map<std::string, size_t> &getUnsupportedOps() const {
    return unsupportedOps;
  }

  /// Erases the constants and folded values nothing reads.
  void eraseUnusedConstants();
  /// Takes `elements` from the budget of compile-time evaluation
  /// (ImportLimits::maxFoldedElements); false, taking nothing, when they do
  /// not fit.
  bool takeFoldBudget(uint64_t elements);

private:
  /// The integer values of a constant input if there are at most `limit`.
  FailureOr<llvm::SmallVector<int64_t, 4>>
  getConstantInts(const onnx::NodeProto &node, int index, uint64_t limit);
  /// The location of an op made for `node`: its name, or the op's with a
  /// counter when the model gives none.
  Location getNodeLoc(const onnx::NodeProto &node, llvm::StringRef opName);
  /// Types the outputs of a created op, checks them against the limits,
  /// and folds the op when its inputs are constants.
  FailureOr<Value> finishNode(const onnx::NodeProto &node, Operation *op);
  /// The storage type output #`index` of `node`, `value`, takes from the
  /// node's data input (narrowTo wraps it to that), or null.
  Type getInheritedStorageType(const onnx::NodeProto &node, int index,
                               Value value);
  /// A sic.cast of `value` to element type `element`, at the value's
  /// location (a graph input's or output's conversion, not a node's).
  Value createCast(Value value, Type element);
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
  /// The values of list attribute `name`, or an error when it holds more
  /// than the import limits admit.
  template <typename T, typename Field>
  FailureOr<llvm::SmallVector<T, 4>> readList(const onnx::NodeProto &node,
                                              llvm::StringRef name,
                                              const Field &values);

  OpBuilder builder;
  ImportDiagnostics &diagnostics;
  const ImportLimits &limits;
  int64_t opset;
  /// Every written name: graph inputs and node outputs as values, model
  /// constants until something reads them.
  llvm::StringMap<Value> values;
  llvm::StringMap<OnnxConstant> constants;
  /// Every name written, in order (for endScope).
  std::vector<std::string> scopeLog;
  /// Values with a recorded element type (getStorageType).
  llvm::DenseMap<Value, Type> storageTypes;
  /// The last constant made: the next goes after it.
  ConstantOp lastConstant;
  uint64_t constantBytes = 0;
  /// Elements produced by compile-time evaluation so far.
  uint64_t foldedElements = 0;
  unsigned unnamedNodes = 0;
  llvm::StringSet<> used;
  llvm::StringSet<> readAttributes;
  std::map<std::string, size_t> unsupportedOps;
  llvm::StringSet<> lost;
  std::deque<std::vector<char>> storage;
};

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXCONVERSION_H
