//===- FlatBufferWriter.cpp - Write a sic.graph as a SIC model ------------===//

#include "sic/Import/FlatBufferWriter.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Import/GraphBuilder.h"
#include "sic/Import/sic_model_generated.h"
#include "sic/Support/ConstantElements.h"
#include "sic/Support/NodeNames.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::sic;
namespace fb = ::sic::fb;

namespace {

class Writer {
public:
  explicit Writer(GraphOp graph) : graph(graph) {}

  LogicalResult write(llvm::raw_ostream &os);

private:
  /// Adds a tensor for `value`, named `name` (made unique).
  void addTensor(Value value, StringRef name, uint32_t buffer = 0);
  FailureOr<uint32_t> addBuffer(ConstantOp constant);
  FailureOr<flatbuffers::Offset<fb::Node>> addNode(NodeOpInterface node);
  flatbuffers::Offset<fb::Attribute> addAttribute(NamedAttribute attribute);

  GraphOp graph;
  flatbuffers::FlatBufferBuilder builder;
  std::vector<flatbuffers::Offset<fb::Tensor>> tensors;
  std::vector<std::string> tensorNames;
  std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
  llvm::DenseMap<Value, uint32_t> indices;
  llvm::StringSet<> names;
  llvm::StringMap<unsigned> nextSuffix;
};

} // namespace

// DType and ElementType list the element types in the same order.
static_assert(int(fb::DType_F64) == int(ElementType::F64) &&
                  int(fb::DType_U8) == int(ElementType::U8) &&
                  int(fb::DType_BF16) == int(ElementType::BF16) &&
                  fb::DType_MAX == fb::DType_BF16,
              "fb::DType follows ElementType");

static fb::DType getDType(Type type) {
  // A verified graph holds only model element types.
  return static_cast<fb::DType>(
      *getModelElementType(cast<RankedTensorType>(type).getElementType()));
}

void Writer::addTensor(Value value, StringRef name, uint32_t buffer) {
  // Model names need not be unique; tensor names must. Each base name
  // remembers its next suffix, so many equal names cost linear time.
  std::string unique = name.str();
  unsigned &suffix = nextSuffix[name];
  while (!names.insert(unique).second)
    unique = name.str() + "#" + std::to_string(++suffix);
  auto type = cast<RankedTensorType>(value.getType());
  std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
  indices[value] = tensors.size();
  tensorNames.push_back(unique);
  tensors.push_back(fb::CreateTensorDirect(builder, unique.c_str(),
                                           getDType(type), &shape, buffer));
}

FailureOr<uint32_t> Writer::addBuffer(ConstantOp constant) {
  // The host is little-endian, as the format's buffers are.
  FailureOr<std::vector<char>> data = getElementBytes(
      constant.getValue(), [&] { return constant.emitOpError(); });
  if (failed(data))
    return failure();
  std::vector<uint8_t> bytes(data->begin(), data->end());
  buffers.push_back(fb::CreateBufferDirect(builder, &bytes));
  return buffers.size() - 1;
}

flatbuffers::Offset<fb::Attribute>
Writer::addAttribute(NamedAttribute attribute) {
  StringRef attributeName = attribute.getName().strref();
  auto name = builder.CreateString(attributeName.data(), attributeName.size());
  Attribute value = attribute.getValue();
  if (auto flag = dyn_cast<BoolAttr>(value))
    return fb::CreateAttribute(builder, name, fb::AttributeValue_Int,
                               fb::CreateInt(builder, flag.getValue()).Union());
  if (auto number = dyn_cast<FloatAttr>(value))
    return fb::CreateAttribute(
        builder, name, fb::AttributeValue_Float,
        fb::CreateFloat(builder, number.getValueAsDouble()).Union());
  if (auto number = dyn_cast<IntegerAttr>(value))
    return fb::CreateAttribute(builder, name, fb::AttributeValue_Int,
                               fb::CreateInt(builder, number.getInt()).Union());
  if (auto list = dyn_cast<DenseI64ArrayAttr>(value)) {
    std::vector<int64_t> values(list.asArrayRef().begin(),
                                list.asArrayRef().end());
    return fb::CreateAttribute(builder, name, fb::AttributeValue_Ints,
                               fb::CreateIntsDirect(builder, &values).Union());
  }
  if (auto list = dyn_cast<DenseF32ArrayAttr>(value)) {
    std::vector<float> values(list.asArrayRef().begin(),
                              list.asArrayRef().end());
    return fb::CreateAttribute(
        builder, name, fb::AttributeValue_Floats,
        fb::CreateFloatsDirect(builder, &values).Union());
  }
  if (auto list = dyn_cast<ArrayAttr>(value)) {
    std::vector<flatbuffers::Offset<flatbuffers::String>> texts;
    for (auto activation : list.getAsRange<ActivationAttr>())
      texts.push_back(builder.CreateString(
          stringifyActivation(activation.getValue()).str()));
    return fb::CreateAttribute(builder, name, fb::AttributeValue_Texts,
                               fb::CreateTextsDirect(builder, &texts).Union());
  }
  std::string text;
  if (auto mode = dyn_cast<PadModeAttr>(value))
    text = stringifyPadMode(mode.getValue()).str();
  else if (auto approximation = dyn_cast<GeluApproximationAttr>(value))
    text = stringifyGeluApproximation(approximation.getValue()).str();
  else if (auto reduction = dyn_cast<ScatterReductionAttr>(value))
    text = stringifyScatterReduction(reduction.getValue()).str();
  else if (auto cell = dyn_cast<RecurrentCellAttr>(value))
    text = stringifyRecurrentCell(cell.getValue()).str();
  else if (auto direction = dyn_cast<RecurrenceDirectionAttr>(value))
    text = stringifyRecurrenceDirection(direction.getValue()).str();
  else if (auto type = dyn_cast<TypeAttr>(value))
    llvm::raw_string_ostream(text) << type.getValue();
  return fb::CreateAttribute(
      builder, name, fb::AttributeValue_Text,
      fb::CreateTextDirect(builder, text.c_str()).Union());
}

FailureOr<flatbuffers::Offset<fb::Node>> Writer::addNode(NodeOpInterface node) {
  std::vector<uint32_t> inputs, outputs;
  for (Value input : node->getOperands())
    inputs.push_back(indices.lookup(input));
  for (Value output : node->getResults())
    outputs.push_back(indices.lookup(output));
  // The op's own attributes that are set (defaults left out stay defaults).
  std::vector<flatbuffers::Offset<fb::Attribute>> attributes;
  for (StringAttr name : node->getName().getAttributeNames())
    if (std::optional<Attribute> value = node->getInherentAttr(name))
      if (*value)
        attributes.push_back(addAttribute(NamedAttribute(name, *value)));
  std::string name = findNodeName(node->getLoc()).value_or("").str();
  return fb::CreateNodeDirect(builder, name.empty() ? nullptr : name.c_str(),
                              node->getName().stripDialect().str().c_str(),
                              &inputs, &outputs, &attributes);
}

LogicalResult Writer::write(llvm::raw_ostream &os) {
  Block &body = graph.getBody().front();
  // A graph output's tensor keeps its sic.name.
  llvm::DenseMap<Value, std::string> outputNames;
  for (auto [index, output] :
       llvm::enumerate(graph.getOutputOp().getOutputs())) {
    auto name = graph.getResultAttrOfType<StringAttr>(
        index, SicDialect::NameAttrHelper::getNameStr());
    if (name && !outputNames.count(output))
      outputNames[output] = name.str();
  }
  auto nameOf = [&](Value value, StringRef fallback) -> std::string {
    auto it = outputNames.find(value);
    return it != outputNames.end() ? it->second : fallback.str();
  };

  buffers.push_back(fb::CreateBuffer(builder)); // the empty sentinel
  std::vector<uint32_t> inputs;
  for (BlockArgument argument : body.getArguments()) {
    auto name = graph.getArgAttrOfType<StringAttr>(
        argument.getArgNumber(), SicDialect::NameAttrHelper::getNameStr());
    addTensor(
        argument,
        name ? name.strref()
             : StringRef("input" + std::to_string(argument.getArgNumber())));
    inputs.push_back(indices[argument]);
  }
  for (auto constant : body.getOps<ConstantOp>()) {
    FailureOr<uint32_t> buffer = addBuffer(constant);
    if (failed(buffer))
      return failure();
    addTensor(constant.getOutput(),
              nameOf(constant.getOutput(),
                     findNodeName(constant.getLoc()).value_or("constant").str()),
              *buffer);
  }
  std::vector<NodeOpInterface> nodes;
  for (Operation &op : body.without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    auto node = dyn_cast<NodeOpInterface>(op);
    if (!node)
      return op.emitOpError("cannot be written to a model file");
    nodes.push_back(node);
    std::string name =
        findNodeName(op.getLoc()).value_or(op.getName().stripDialect()).str();
    for (Value output : op.getResults())
      addTensor(output, nameOf(output, name + ":out"));
  }
  std::vector<flatbuffers::Offset<fb::Node>> nodeOffsets;
  for (NodeOpInterface node : nodes) {
    FailureOr<flatbuffers::Offset<fb::Node>> offset = addNode(node);
    if (failed(offset))
      return failure();
    nodeOffsets.push_back(*offset);
  }
  // An output named apart from its tensor (an input or a constant under
  // another name, a tensor returned twice) makes the file name them all.
  std::vector<uint32_t> outputs;
  std::vector<flatbuffers::Offset<flatbuffers::String>> outputNameOffsets;
  bool renamed = false;
  for (auto [index, output] :
       llvm::enumerate(graph.getOutputOp().getOutputs())) {
    outputs.push_back(indices.lookup(output));
    StringRef tensorName = tensorNames[outputs.back()];
    auto name = graph.getResultAttrOfType<StringAttr>(
        index, SicDialect::NameAttrHelper::getNameStr());
    StringRef outputName = name ? name.getValue() : tensorName;
    renamed |= outputName != tensorName;
    outputNameOffsets.push_back(
        builder.CreateString(outputName.data(), outputName.size()));
  }

  std::string name = graph.getSymName().str();
  auto model = fb::CreateModelDirect(
      builder, /*format_version=*/5, name.c_str(), /*producer=*/"sic-compile",
      /*description=*/nullptr, /*model_version=*/0, &tensors, &nodeOffsets,
      &inputs, &outputs, &buffers, /*metadata=*/nullptr,
      renamed ? &outputNameOffsets : nullptr);
  fb::FinishModelBuffer(builder, model);
  os.write(reinterpret_cast<const char *>(builder.GetBufferPointer()),
           builder.GetSize());
  return success();
}

LogicalResult mlir::sic::writeFlatBufferModel(ModuleOp module,
                                              llvm::raw_ostream &os) {
  auto graphs = llvm::to_vector(module.getOps<GraphOp>());
  if (graphs.size() != 1 ||
      !llvm::hasSingleElement(module.getBody()->getOperations()))
    return module.emitError("a model file holds exactly one sic.graph, and "
                            "nothing else");
  return Writer(graphs.front()).write(os);
}
