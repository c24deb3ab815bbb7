//===- FlatBufferImporter.cpp - Import a SIC model file (.fb) -------------===//
//
// Verifies the buffer, then reads it into a ModelDescription (views into the
// file, no allocation sized by an unchecked count) for the GraphBuilder.
//
//===----------------------------------------------------------------------===//

#include "sic/Import/FlatBufferImporter.h"

#include "ImportDiagnostics.h"
#include "sic/Import/GraphBuilder.h"
#include "sic/Import/sic_model_generated.h"

#include "llvm/ADT/StringExtras.h"

#include "llvm/Support/SwapByteOrder.h"
#include <cstring>
#include <type_traits>

using namespace mlir;
using namespace mlir::sic;
namespace fb = ::sic::fb;

namespace {

/// The versions this SIC reads: 2 added the Bool dtype and the ops on it,
/// 3 the F64 dtype, 4 the storage-only dtypes, 5 the Floats and Texts
/// attribute values; a file of an older version is one of a newer version
/// without them.
constexpr uint32_t kMinFormatVersion = 1, kFormatVersion = 5;

/// The verifier visits every table once; this only bounds its work on a
/// hostile file, far above what the import limits admit.
constexpr flatbuffers::uoffset_t kMaxTables = 1u << 28;

/// Copies an optional vector of scalars (absent reads as empty). The
/// verifier checks only the 4-byte alignment of a vector's length, so the
/// elements of a hostile file's [long] may be misaligned: copy bytes, never
/// load through a T pointer.
template <typename Out, typename T>
Out copyVector(const flatbuffers::Vector<T> *vector) {
  static_assert(std::is_scalar_v<T>, "only vectors of scalars");
  if (!vector || vector->size() == 0)
    return {};
  std::vector<T> elements(vector->size());
  std::memcpy(elements.data(), vector->Data(), elements.size() * sizeof(T));
  return Out(elements.begin(), elements.end());
}

std::string toString(const flatbuffers::String *text) {
  return text ? text->str() : std::string();
}

class Reader {
public:
  Reader(const fb::Model &model, ImportDiagnostics &diagnostics)
      : model(model), diagnostics(diagnostics) {}

  ModelDescription read();

private:
  void readTensor(uint32_t index, const fb::Tensor &tensor,
                  TensorDescription &out);
  void readNode(uint32_t index, const fb::Node &node, NodeDescription &out);

  const fb::Model &model;
  ImportDiagnostics &diagnostics;
};

} // namespace

void Reader::readTensor(uint32_t index, const fb::Tensor &tensor,
                        TensorDescription &out) {
  out.name = tensor.name()->str();
  // DType and ElementType list the element types in the same order.
  if (tensor.dtype() >= fb::DType_MIN && tensor.dtype() <= fb::DType_MAX)
    out.elementType = static_cast<ElementType>(tensor.dtype());
  else
    diagnostics.error() << "tensor #" << index << " '" << out.name
                        << "' has unknown dtype " << int(tensor.dtype());
  out.shape = copyVector<SmallVector<int64_t, 4>>(tensor.shape());
  uint32_t buffer = tensor.buffer();
  if (buffer == 0)
    return;
  const auto *buffers = model.buffers();
  uint32_t numBuffers = buffers ? buffers->size() : 0;
  if (buffer >= numBuffers) {
    diagnostics.error() << "tensor #" << index << " '" << out.name
                        << "' refers to buffer #" << buffer
                        << ", but the model has " << numBuffers << " buffers";
    return;
  }
  const auto *data = buffers->Get(buffer)->data();
  out.data = data ? ArrayRef<char>(reinterpret_cast<const char *>(data->data()),
                                   data->size())
                  : ArrayRef<char>();
}

void Reader::readNode(uint32_t index, const fb::Node &node,
                      NodeDescription &out) {
  out.name = toString(node.name());
  out.op = node.op()->str();
  out.inputs = copyVector<SmallVector<uint64_t, 4>>(node.inputs());
  out.outputs = copyVector<SmallVector<uint64_t, 1>>(node.outputs());
  if (!node.attributes())
    return;
  for (const fb::Attribute *attribute : *node.attributes()) {
    AttributeDescription &result = out.attributes.emplace_back();
    result.name = attribute->name()->str();
    switch (attribute->value_type()) {
    case fb::AttributeValue_Int:
      result.value = attribute->value_as_Int()->value();
      break;
    case fb::AttributeValue_Float:
      result.value = attribute->value_as_Float()->value();
      break;
    case fb::AttributeValue_Ints:
      result.value = copyVector<SmallVector<int64_t, 4>>(
          attribute->value_as_Ints()->values());
      break;
    case fb::AttributeValue_Text:
      result.value = toString(attribute->value_as_Text()->value());
      break;
    case fb::AttributeValue_Floats:
      result.value = copyVector<SmallVector<float, 4>>(
          attribute->value_as_Floats()->values());
      break;
    case fb::AttributeValue_Texts: {
      SmallVector<std::string, 4> texts;
      if (const auto *values = attribute->value_as_Texts()->values())
        for (const flatbuffers::String *text : *values)
          texts.push_back(toString(text));
      result.value = std::move(texts);
      break;
    }
    default:
      diagnostics.error() << "node #" << index << " '" << out.name
                          << "': attribute '" << result.name
                          << "' has unknown value type "
                          << int(attribute->value_type());
    }
  }
}

ModelDescription Reader::read() {
  ModelDescription description;
  // The driver keeps the file mapped while the module lives.
  description.dataOutlivesModule = true;
  description.name = toString(model.name());
  if (const auto *tensors = model.tensors()) {
    description.tensors.resize(tensors->size());
    for (uint32_t i = 0; i < tensors->size(); ++i)
      readTensor(i, *tensors->Get(i), description.tensors[i]);
  }
  if (const auto *nodes = model.nodes()) {
    description.nodes.resize(nodes->size());
    for (uint32_t i = 0; i < nodes->size(); ++i)
      readNode(i, *nodes->Get(i), description.nodes[i]);
  }
  description.inputs = copyVector<std::vector<uint64_t>>(model.inputs());
  description.outputs = copyVector<std::vector<uint64_t>>(model.outputs());
  if (const auto *names = model.output_names())
    for (const flatbuffers::String *name : *names)
      description.outputNames.push_back(toString(name));
  return description;
}

OwningOpRef<ModuleOp>
mlir::sic::importFlatBufferModel(llvm::MemoryBufferRef buffer,
                                 MLIRContext *context,
                                 const ImportLimits &limits) {
  static_assert(llvm::sys::IsLittleEndianHost,
                "constants are stored little-endian and used in place");
  Location fileLoc =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  ImportDiagnostics diagnostics(fileLoc);
  const auto *bytes =
      reinterpret_cast<const uint8_t *>(buffer.getBufferStart());
  size_t size = buffer.getBufferSize();

  if (size < 8) {
    diagnostics.error() << "not a SIC model: the file has " << size
                        << " bytes, too few for a FlatBuffers header";
    return nullptr;
  }
  if (!fb::ModelBufferHasIdentifier(bytes)) {
    StringRef found(reinterpret_cast<const char *>(bytes) + 4, 4);
    InFlightDiagnostic diag = diagnostics.error()
                              << "not a SIC model: the file identifier is ";
    if (llvm::all_of(found, llvm::isPrint))
      diag << "'" << found << "'";
    else
      diag << "0x" << llvm::toHex(found);
    diag << ", expected '" << fb::ModelIdentifier() << "'";
    return nullptr;
  }
  if (size >= FLATBUFFERS_MAX_BUFFER_SIZE) {
    diagnostics.error() << "the file has " << size
                        << " bytes, more than a FlatBuffers model can hold";
    return nullptr;
  }
  flatbuffers::Verifier verifier(bytes, size, /*max_depth=*/64, kMaxTables);
  if (!fb::VerifyModelBuffer(verifier)) {
    diagnostics.error() << "corrupt SIC model: the FlatBuffers verifier "
                           "rejected it (a truncated or damaged file?)";
    return nullptr;
  }
  const fb::Model &model = *fb::GetModel(bytes);
  if (model.format_version() < kMinFormatVersion ||
      model.format_version() > kFormatVersion) {
    diagnostics.error() << "unsupported model format version "
                        << model.format_version()
                        << " (this SIC reads versions " << kMinFormatVersion
                        << " to " << kFormatVersion << ")";
    return nullptr;
  }
  // Bound the description's allocations before reading into it.
  if (!checkModelCounts(diagnostics,
                        model.tensors() ? model.tensors()->size() : 0,
                        model.nodes() ? model.nodes()->size() : 0, limits))
    return nullptr;

  ModelDescription description = Reader(model, diagnostics).read();
  if (diagnostics.hadError())
    return nullptr;
  return buildGraph(description, context, fileLoc, limits);
}
