//===- HeaderEmission.cpp - model.h: the contract as C constants ----------===//

#include "sic/Target/ModelArtifact.h"

#include "sic/abi.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ErrorHandling.h"

#include <fmt/format.h>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// `name` as an upper-case C identifier fragment.
std::string toMacroName(StringRef name) {
  std::string macro;
  for (char c : name)
    macro += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  if (macro.empty() || llvm::isDigit(macro.front()))
    macro.insert(macro.begin(), '_');
  return macro;
}

const char *getDtypeName(uint32_t dtype) {
  switch (dtype) {
  case SIC_DTYPE_F32:
    return "SIC_DTYPE_F32";
  case SIC_DTYPE_I32:
    return "SIC_DTYPE_I32";
  case SIC_DTYPE_I64:
    return "SIC_DTYPE_I64";
  case SIC_DTYPE_BOOL:
    return "SIC_DTYPE_BOOL";
  case SIC_DTYPE_F64:
    return "SIC_DTYPE_F64";
  case SIC_DTYPE_I8:
    return "SIC_DTYPE_I8";
  case SIC_DTYPE_U8:
    return "SIC_DTYPE_U8";
  case SIC_DTYPE_I16:
    return "SIC_DTYPE_I16";
  case SIC_DTYPE_U16:
    return "SIC_DTYPE_U16";
  case SIC_DTYPE_U32:
    return "SIC_DTYPE_U32";
  case SIC_DTYPE_U64:
    return "SIC_DTYPE_U64";
  case SIC_DTYPE_F16:
    return "SIC_DTYPE_F16";
  case SIC_DTYPE_BF16:
    return "SIC_DTYPE_BF16";
  }
  llvm_unreachable("the signature holds only sic_dtype_t values");
}

/// Escapes `text` for a C comment and string literal.
std::string escape(StringRef text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\')
      escaped += '\\';
    if (c == '*' || !llvm::isPrint(c)) {
      escaped += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
      continue;
    }
    escaped += c;
  }
  return escaped;
}

void writeTensors(ArrayRef<TensorSignature> tensors, StringRef kind,
                  const std::string &prefix, llvm::StringSet<> &used,
                  llvm::raw_ostream &os) {
  for (auto [index, tensor] : llvm::enumerate(tensors)) {
    std::string macro = prefix + "_" + toMacroName(kind) + "_" +
                        toMacroName(tensor.name);
    if (!used.insert(macro).second)
      macro += fmt::format("_{}", index);
    std::string dims;
    for (int64_t dim : tensor.shape)
      dims += fmt::format("{}{}", dims.empty() ? "" : ", ", dim);
    os << fmt::format("\n/* {} #{}: \"{}\" */\n", kind.str(), index,
                      escape(tensor.name));
    os << fmt::format("#define {}_INDEX {}\n", macro, index);
    os << fmt::format("#define {}_NAME \"{}\"\n", macro, escape(tensor.name));
    os << fmt::format("#define {}_DTYPE {}\n", macro,
                      getDtypeName(tensor.dtype));
    os << fmt::format("#define {}_RANK {}\n", macro, tensor.shape.size());
    if (!tensor.shape.empty())
      os << fmt::format("#define {}_DIMS {{ {} }}\n", macro, dims);
    os << fmt::format("#define {}_BYTES {}\n", macro, tensor.byteSize);
  }
}

} // namespace

void mlir::sic::writeModelHeader(const ModelSignature &signature,
                                 llvm::raw_ostream &os) {
  std::string prefix = "SIC_" + toMacroName(signature.modelName);
  os << fmt::format("/* The contract of the compiled model \"{}\", written by "
                    "sic-compile --emit=header.\n * Pass {}_CONTRACT_HASH "
                    "when opening the model: a model.so that no longer\n"
                    " * matches this header is refused. */\n",
                    escape(signature.modelName), prefix);
  os << fmt::format("#ifndef {0}_H\n#define {0}_H\n\n#include <sic/abi.h>\n\n",
                    prefix);
  os << fmt::format("#define {}_CONTRACT_HASH UINT64_C(0x{:016x})\n", prefix,
                    signature.getContractHash());
  os << fmt::format("#define {}_ABI_VERSION {}u\n", prefix, SIC_ABI_VERSION);
  os << fmt::format("#define {}_NUM_INPUTS {}\n", prefix,
                    signature.inputs.size());
  os << fmt::format("#define {}_NUM_OUTPUTS {}\n", prefix,
                    signature.outputs.size());
  os << fmt::format("#define {}_ARENA_SIZE {}\n", prefix, signature.arenaSize);
  os << fmt::format("#define {}_ARENA_ALIGNMENT {}\n", prefix,
                    signature.arenaAlignment);
  if (!signature.descriptorSymbol.empty())
    os << fmt::format(
        "\n/* The descriptor the model's .o exports: open it with\n"
        " * sic_model_open_static(&{0}_DESCRIPTOR, {0}_CONTRACT_HASH, ...). "
        "*/\n#ifdef __cplusplus\nextern \"C\" {{\n#endif\n"
        "extern const sic_model_desc_t {1};\n#ifdef __cplusplus\n}}\n"
        "#endif\n#define {0}_DESCRIPTOR {1}\n",
        prefix, signature.descriptorSymbol);
  llvm::StringSet<> used;
  writeTensors(signature.inputs, "input", prefix, used, os);
  writeTensors(signature.outputs, "output", prefix, used, os);
  os << fmt::format("\n#endif /* {}_H */\n", prefix);
}
