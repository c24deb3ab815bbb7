//===- Npy.cpp - Read and write NumPy .npy files --------------------------===//
//
// The header is a Python dict literal; the parser accepts the subset numpy
// writes (quoted keys, a string, True/False and a tuple of integers as
// values, optional trailing commas, any blanks) and nothing else.
//
//===----------------------------------------------------------------------===//

#include "sic/Run/Npy.h"

#include "RunError.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cassert>
#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>

using namespace mlir::sic;
using llvm::StringRef;

// Array data is copied as it lies in the file, which .npy says is
// little-endian here.
static_assert(llvm::sys::IsLittleEndianHost,
              "the .npy reader and writer assume a little-endian host");

namespace {

constexpr StringRef kMagic = "\x93NUMPY";
/// What the header's descr says for each dtype.
constexpr StringRef kSupportedDescrs =
    "'<f4', '<f8', '<f2', '<i4', '<i8', '|i1', '<i2', '|u1', '<u2', '<u4', "
    "'<u8' or '|b1'";
/// The descrs numpy reads as bool: it writes '|b1'; a one-byte type has no
/// byte order, and '?' is bool's character code.
constexpr StringRef kBoolDescrs[] = {"|b1", "<b1", ">b1", "=b1",
                                     "b1",  "?",   "|?"};

/// The values of the header dict that sic-run reads.
struct Header {
  std::optional<std::string> descr;
  std::optional<bool> fortranOrder;
  std::optional<llvm::SmallVector<int64_t, 4>> shape;
};

/// A cursor over the header dict text.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  llvm::Expected<Header> parse() {
    Header header;
    llvm::StringSet<> seen;
    if (!consume('{'))
      return fail("expected '{'");
    while (!consume('}')) {
      std::optional<std::string> key = parseString();
      if (!key)
        return fail("expected a quoted key or '}'");
      if (!seen.insert(*key).second)
        return makeRunError("malformed .npy header: key '{}' appears twice",
                            *key);
      if (!consume(':'))
        return fail("expected ':'");
      if (llvm::Error error = parseValue(*key, header))
        return std::move(error);
      if (!consume(',') && !peek('}'))
        return fail("expected ',' or '}'");
    }
    skipBlanks();
    if (position != text.size())
      return fail("expected the end of the header");
    for (StringRef key : {"descr", "fortran_order", "shape"})
      if (!seen.contains(key))
        return makeRunError("malformed .npy header: no '{}' key", key);
    return header;
  }

private:
  llvm::Error parseValue(StringRef key, Header &header) {
    if (key == "descr") {
      header.descr = parseString();
      if (!header.descr)
        return makeRunError("unsupported dtype: 'descr' is not a string (a "
                            "structured array?); sic-run reads {}",
                            kSupportedDescrs);
      return llvm::Error::success();
    }
    if (key == "fortran_order") {
      header.fortranOrder = consumeWord("True")    ? std::optional(true)
                            : consumeWord("False") ? std::optional(false)
                                                   : std::nullopt;
      if (!header.fortranOrder)
        return fail("'fortran_order' is not True or False");
      return llvm::Error::success();
    }
    if (key == "shape")
      return parseShape(header);
    return makeRunError("malformed .npy header: unknown key '{}'", key);
  }

  /// A tuple of integers: "()", "(3,)", "(1, 4)" or "(1, 4,)". "(3)" is an
  /// integer in Python, not a tuple.
  llvm::Error parseShape(Header &header) {
    if (!consume('('))
      return fail("'shape' is not a tuple");
    llvm::SmallVector<int64_t, 4> dims;
    bool trailingComma = false;
    while (!consume(')')) {
      skipBlanks();
      size_t start = position;
      while (position < text.size() && llvm::isDigit(text[position]))
        ++position;
      int64_t dim;
      if (position == start)
        return fail("expected a dim (a non-negative integer) or ')'");
      if (text.slice(start, position).getAsInteger(10, dim))
        return makeRunError("malformed .npy header: dim {} is too large",
                            text.slice(start, position).str());
      if (dims.size() == SIC_MAX_RANK)
        return makeRunError("the .npy shape has more than {} dims, the most a "
                            "model tensor has",
                            SIC_MAX_RANK);
      dims.push_back(dim);
      trailingComma = consume(',');
      if (!trailingComma && !peek(')'))
        return fail("expected ',' or ')' in 'shape'");
    }
    if (dims.size() == 1 && !trailingComma)
      return fail("'shape' is not a tuple");
    header.shape = std::move(dims);
    return llvm::Error::success();
  }

  /// A string in single or double quotes, without escapes.
  std::optional<std::string> parseString() {
    skipBlanks();
    if (position == text.size() ||
        (text[position] != '\'' && text[position] != '"'))
      return std::nullopt;
    char quote = text[position];
    size_t end = text.find_first_of(StringRef("\\\n\0'\"", 5), position + 1);
    if (end == StringRef::npos || text[end] != quote)
      return std::nullopt;
    std::string value = text.slice(position + 1, end).str();
    position = end + 1;
    return value;
  }

  bool consumeWord(StringRef word) {
    skipBlanks();
    StringRef rest = text.drop_front(position);
    if (!rest.starts_with(word) ||
        (rest.size() > word.size() && llvm::isAlnum(rest[word.size()])))
      return false;
    position += word.size();
    return true;
  }

  bool consume(char c) {
    if (!peek(c))
      return false;
    ++position;
    return true;
  }

  bool peek(char c) {
    skipBlanks();
    return position < text.size() && text[position] == c;
  }

  void skipBlanks() {
    while (position < text.size() &&
           StringRef(" \t\r\n").contains(text[position]))
      ++position;
  }

  llvm::Error fail(StringRef what) {
    return makeRunError("malformed .npy header at byte {}: {}", position,
                        what.str());
  }

  StringRef text;
  size_t position = 0;
};

/// The dtype a supported descr names.
llvm::Expected<sic_dtype_t> getDtype(StringRef descr) {
  if (descr == "<f4")
    return SIC_DTYPE_F32;
  if (descr == "<f8")
    return SIC_DTYPE_F64;
  if (descr == "<i4")
    return SIC_DTYPE_I32;
  if (descr == "<i8")
    return SIC_DTYPE_I64;
  if (descr == "<f2")
    return SIC_DTYPE_F16;
  if (descr == "|i1")
    return SIC_DTYPE_I8;
  if (descr == "<i2")
    return SIC_DTYPE_I16;
  if (descr == "|u1")
    return SIC_DTYPE_U8;
  if (descr == "<u2")
    return SIC_DTYPE_U16;
  if (descr == "<u4")
    return SIC_DTYPE_U32;
  if (descr == "<u8")
    return SIC_DTYPE_U64;
  if (llvm::is_contained(kBoolDescrs, descr))
    return SIC_DTYPE_BOOL;
  if (descr.starts_with(">"))
    return makeRunError("dtype '{}' is big-endian; sic-run reads little-endian "
                        "{}",
                        descr.str(), kSupportedDescrs);
  return makeRunError("unsupported dtype '{}'; sic-run reads {}", descr.str(),
                      kSupportedDescrs);
}

StringRef getDescr(sic_dtype_t dtype) {
  switch (dtype) {
  case SIC_DTYPE_I32:
    return "<i4";
  case SIC_DTYPE_I64:
    return "<i8";
  case SIC_DTYPE_BOOL:
    return "|b1";
  case SIC_DTYPE_F64:
    return "<f8";
  case SIC_DTYPE_F16:
    return "<f2";
  case SIC_DTYPE_I8:
    return "|i1";
  case SIC_DTYPE_I16:
    return "<i2";
  case SIC_DTYPE_U8:
    return "|u1";
  case SIC_DTYPE_U16:
    return "<u2";
  case SIC_DTYPE_U32:
    return "<u4";
  case SIC_DTYPE_U64:
    return "<u8";
  default:
    return "<f4";
  }
}

/// Checks that every byte of bool `data` is 0 or 1, as a C++ bool must be:
/// a file is untrusted.
llvm::Error checkBools(StringRef data, const std::string &type) {
  for (size_t i = 0; i < data.size(); ++i)
    if (static_cast<uint8_t>(data[i]) > 1)
      return makeRunError("{} element {}: a bool must be 0 or 1, got {}", type,
                          i, unsigned(static_cast<uint8_t>(data[i])));
  return llvm::Error::success();
}

llvm::Error prefixError(StringRef path, llvm::Error error) {
  return makeRunError("{}: {}", path.str(), llvm::toString(std::move(error)));
}

} // namespace

llvm::Expected<NdArray> mlir::sic::parseNpy(StringRef bytes) {
  if (!bytes.starts_with(kMagic))
    return makeRunError("not a .npy file: it does not start with \\x93NUMPY");
  StringRef rest = bytes.drop_front(kMagic.size());
  if (rest.size() < 2)
    return makeRunError("truncated .npy file: no format version");
  unsigned major = static_cast<uint8_t>(rest[0]);
  unsigned minor = static_cast<uint8_t>(rest[1]);
  rest = rest.drop_front(2);
  if (major < 1 || major > 3 || minor != 0)
    return makeRunError("unsupported .npy format version {}.{}; sic-run reads "
                        "1.0, 2.0 and 3.0",
                        major, minor);
  size_t lengthSize = major == 1 ? 2 : 4;
  if (rest.size() < lengthSize)
    return makeRunError("truncated .npy file: no header length");
  uint64_t headerLength =
      major == 1
          ? llvm::support::endian::read16le(rest.data())
          : static_cast<uint64_t>(llvm::support::endian::read32le(rest.data()));
  rest = rest.drop_front(lengthSize);
  if (rest.size() < headerLength)
    return makeRunError("truncated .npy file: the header needs {} bytes, {} "
                        "follow",
                        headerLength, rest.size());

  llvm::Expected<Header> header =
      HeaderParser(rest.take_front(headerLength)).parse();
  if (!header)
    return header.takeError();
  rest = rest.drop_front(headerLength);
  llvm::Expected<sic_dtype_t> dtype = getDtype(*header->descr);
  if (!dtype)
    return dtype.takeError();
  if (*header->fortranOrder)
    return makeRunError("the array is in Fortran order; sic-run reads C-order "
                        "arrays only (save numpy.ascontiguousarray(a))");
  std::string type = describeType(*dtype, *header->shape);
  std::optional<uint64_t> byteSize =
      NdArray::computeByteSize(*dtype, *header->shape);
  if (!byteSize)
    return makeRunError("the .npy shape {} is too large", type);
  if (*byteSize > rest.size())
    return makeRunError("truncated .npy file: {} needs {} bytes of data, {} "
                        "follow the header",
                        type, *byteSize, rest.size());
  if (*byteSize < rest.size())
    return makeRunError("{} needs {} bytes of data, but {} follow the header",
                        type, *byteSize, rest.size());
  if (*dtype == SIC_DTYPE_BOOL)
    if (llvm::Error error = checkBools(rest, type))
      return std::move(error);
  NdArray array(*dtype, *header->shape);
  if (array.getByteSize() != 0)
    std::memcpy(array.getData(), rest.data(), array.getByteSize());
  return std::move(array);
}

llvm::Expected<NdArray> mlir::sic::readNpyFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return makeRunError("{}: {}", path.str(), file.getError().message());
  llvm::Expected<NdArray> array = parseNpy((*file)->getBuffer());
  if (!array)
    return prefixError(path, array.takeError());
  return array;
}

void mlir::sic::writeNpy(const NdArray &array, llvm::raw_ostream &os) {
  if (array.getDtype() == SIC_DTYPE_BF16)
    return writeNpy(widenBFloat16(array), os);
  llvm::ArrayRef<int64_t> shape = array.getShape();
  assert(shape.size() <= SIC_MAX_RANK && "the header needs format 2.0");
  std::string dict = fmt::format(
      "{{'descr': '{}', 'fortran_order': False, 'shape': ({}{}), }}",
      getDescr(array.getDtype()).str(), fmt::join(shape, ", "),
      shape.size() == 1 ? "," : "");
  // Pad with blanks and end with a newline so that the data starts at a
  // multiple of 64 bytes. The preamble is the magic, the version and a
  // 2-byte length: format 1.0 holds any header of at most SIC_MAX_RANK dims.
  constexpr size_t kPreamble = 10;
  size_t headerLength = dict.size() + 1;
  headerLength += (64 - (kPreamble + headerLength) % 64) % 64;
  dict.resize(headerLength - 1, ' ');
  dict += '\n';

  os << kMagic << '\x01' << '\0';
  char length[2];
  llvm::support::endian::write16le(length, headerLength);
  os.write(length, sizeof length);
  os << dict;
  os.write(static_cast<const char *>(array.getData()), array.getByteSize());
}

llvm::Error mlir::sic::writeNpyFile(const NdArray &array, StringRef path) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error, llvm::sys::fs::OF_None);
  if (!error) {
    writeNpy(array, os);
    os.close();
    error = os.error();
    os.clear_error(); // reported below, not by the stream's destructor
  }
  if (error)
    return makeRunError("{}: {}", path.str(), error.message());
  return llvm::Error::success();
}
