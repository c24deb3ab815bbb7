//===- NpyTest.cpp - Reading and writing .npy files -----------------------===//

#include "sic/Run/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace mlir::sic;

namespace {

/// The bytes of a .npy file of format `version`.0 with `dict` as its header
/// and `data` after it.
std::string makeNpy(const std::string &dict, const std::string &data,
                    unsigned version = 1) {
  std::string header = dict + "\n";
  std::string file = "\x93NUMPY";
  file += static_cast<char>(version);
  file += '\0';
  for (unsigned i = 0; i < (version == 1 ? 2u : 4u); ++i)
    file += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return file + header + data;
}

std::string makeData(std::initializer_list<float> values) {
  std::string data(values.size() * sizeof(float), '\0');
  std::memcpy(data.data(), values.begin(), data.size());
  return data;
}

std::string serialize(const NdArray &array) {
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  writeNpy(array, os);
  return bytes;
}

/// The error message of parsing `bytes`, which must fail.
std::string getError(llvm::StringRef bytes) {
  llvm::Expected<NdArray> array = parseNpy(bytes);
  if (array) {
    ADD_FAILURE() << "parsed: " << bytes.str();
    return "";
  }
  return llvm::toString(array.takeError());
}

/// The error of a version 1.0 file with `dict` and `data`.
std::string getHeaderError(const std::string &dict,
                           const std::string &data = "") {
  return getError(makeNpy(dict, data));
}

template <typename T>
NdArray makeArray(sic_dtype_t dtype, llvm::ArrayRef<int64_t> shape,
                  std::initializer_list<T> values) {
  NdArray array(dtype, shape);
  llvm::copy(values, array.getValues<T>().begin());
  return array;
}

template <typename T> void expectRoundTrip(const NdArray &array) {
  std::string bytes = serialize(array);
  // The data starts at a multiple of 64 bytes, after a newline.
  size_t dataStart = bytes.size() - array.getByteSize();
  EXPECT_EQ(dataStart % 64, 0u);
  EXPECT_EQ(bytes[dataStart - 1], '\n');
  llvm::Expected<NdArray> read = parseNpy(bytes);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->getDtype(), array.getDtype());
  EXPECT_EQ(read->getShape(), array.getShape());
  EXPECT_EQ(read->getValues<T>(), array.getValues<T>());
}

TEST(Npy, RoundTripsEveryDtype) {
  expectRoundTrip<float>(
      makeArray<float>(SIC_DTYPE_F32, {2, 3}, {1, -2.5f, 0, 3e-8f, -0.0f, 7}));
  expectRoundTrip<int32_t>(
      makeArray<int32_t>(SIC_DTYPE_I32, {4}, {1, -2, INT32_MAX, INT32_MIN}));
  expectRoundTrip<int64_t>(
      makeArray<int64_t>(SIC_DTYPE_I64, {1, 2}, {INT64_MIN, INT64_MAX}));
  expectRoundTrip<bool>(
      makeArray<bool>(SIC_DTYPE_BOOL, {2, 2}, {true, false, false, true}));
  expectRoundTrip<int8_t>(makeArray<int8_t>(SIC_DTYPE_I8, {2}, {-128, 127}));
  expectRoundTrip<uint8_t>(makeArray<uint8_t>(SIC_DTYPE_U8, {2}, {0, 255}));
  expectRoundTrip<int16_t>(
      makeArray<int16_t>(SIC_DTYPE_I16, {2}, {INT16_MIN, INT16_MAX}));
  expectRoundTrip<uint16_t>(
      makeArray<uint16_t>(SIC_DTYPE_U16, {2}, {0, UINT16_MAX}));
  expectRoundTrip<uint32_t>(
      makeArray<uint32_t>(SIC_DTYPE_U32, {2}, {0, UINT32_MAX}));
  expectRoundTrip<uint64_t>(
      makeArray<uint64_t>(SIC_DTYPE_U64, {2}, {0, UINT64_MAX}));
  NdArray half(SIC_DTYPE_F16, {2});
  half.getValues<Float16>()[0] = toFloat16(-2.5);
  half.getValues<Float16>()[1] = toFloat16(65504);
  std::string bytes = serialize(half);
  EXPECT_NE(bytes.find("'descr': '<f2'"), std::string::npos);
  llvm::Expected<NdArray> read = parseNpy(bytes);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->getDtype(), SIC_DTYPE_F16);
  EXPECT_EQ(toDouble(read->getValues<Float16>()[0]), -2.5);
  EXPECT_EQ(toDouble(read->getValues<Float16>()[1]), 65504);
}

// Tests that a bf16 array is written as f32, exactly: numpy has no bf16.
TEST(Npy, WritesBFloat16AsFloat32) {
  NdArray array(SIC_DTYPE_BF16, {3});
  array.getValues<BFloat16>()[0] = toBFloat16(1.0078125); // exact
  array.getValues<BFloat16>()[1] = toBFloat16(-3e38);
  array.getValues<BFloat16>()[2] = toBFloat16(1.005859375); // rounds up
  llvm::Expected<NdArray> read = parseNpy(serialize(array));
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->getDtype(), SIC_DTYPE_F32);
  EXPECT_EQ(read->getValues<float>()[0], 1.0078125f);
  EXPECT_EQ(read->getValues<float>()[1], float(toDouble(toBFloat16(-3e38))));
  EXPECT_EQ(read->getValues<float>()[2], 1.0078125f);
  NdArray back = narrowToBFloat16(*read);
  EXPECT_EQ(back.getValues<BFloat16>()[2].bits, 0x3F81);
}

TEST(Npy, RoundTripsScalarsAndEmptyArrays) {
  expectRoundTrip<float>(makeArray<float>(SIC_DTYPE_F32, {}, {42}));
  expectRoundTrip<int64_t>(makeArray<int64_t>(SIC_DTYPE_I64, {0, 5}, {}));
  expectRoundTrip<float>(
      NdArray(SIC_DTYPE_F32, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}));
}

TEST(Npy, WritesTheHeaderNumpyWrites) {
  // The header dict, after the magic, the version and its length.
  auto getDict = [](const NdArray &array) {
    std::string bytes = serialize(array);
    return bytes.substr(10, bytes.find('}') - 9);
  };
  EXPECT_EQ(serialize(NdArray(SIC_DTYPE_F32, {3})).substr(0, 8),
            std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(getDict(NdArray(SIC_DTYPE_F32, {3})),
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
  EXPECT_EQ(getDict(NdArray(SIC_DTYPE_I32, {})),
            "{'descr': '<i4', 'fortran_order': False, 'shape': (), }");
  EXPECT_EQ(getDict(NdArray(SIC_DTYPE_I64, {2, 3})),
            "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }");
  EXPECT_EQ(getDict(NdArray(SIC_DTYPE_BOOL, {2})),
            "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }");
}

TEST(Npy, ReadsBoolsUnderEveryDescrNumpyReads) {
  std::string data("\x01\x00\x01", 3);
  const bool expected[] = {true, false, true};
  for (const char *descr : {"|b1", "<b1", ">b1", "=b1", "b1", "?", "|?"}) {
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (3,)}";
    llvm::Expected<NdArray> array = parseNpy(makeNpy(dict, data));
    ASSERT_TRUE(static_cast<bool>(array))
        << descr << ": " << llvm::toString(array.takeError());
    EXPECT_EQ(array->getDtype(), SIC_DTYPE_BOOL) << descr;
    EXPECT_EQ(array->getValues<bool>(), llvm::ArrayRef<bool>(expected))
        << descr;
  }
}

TEST(Npy, RejectsBoolBytesOtherThan0And1) {
  std::string dict =
      "{'descr': '|b1', 'fortran_order': False, 'shape': (2, 3)}";
  EXPECT_EQ(getHeaderError(dict, std::string("\x00\x01\x01\x07\x00\x02", 6)),
            "bool[2, 3] element 3: a bool must be 0 or 1, got 7");
  EXPECT_EQ(getHeaderError(dict, std::string("\x00\x01\x01\x01\x00\xff", 6)),
            "bool[2, 3] element 5: a bool must be 0 or 1, got 255");
}

TEST(Npy, ReadsHeadersInAnyLayoutNumpyAccepts) {
  std::string data = makeData({1, 2});
  for (const char *dict :
       {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
        "{\"shape\": (2,), \"descr\": \"<f4\", \"fortran_order\": False}",
        "{ 'fortran_order' : False , 'shape' : ( 1 , 2 ) , 'descr':'<f4' }  ",
        "{'descr':'<f4','fortran_order':False,'shape':(2,1,),}"}) {
    llvm::Expected<NdArray> array = parseNpy(makeNpy(dict, data));
    ASSERT_TRUE(static_cast<bool>(array))
        << dict << ": " << llvm::toString(array.takeError());
    EXPECT_EQ(array->getNumElements(), 2);
    EXPECT_EQ(array->getValues<float>()[1], 2.0f);
  }
}

TEST(Npy, ReadsFormatVersions2And3) {
  const char *dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (), }";
  std::string data(4, '\x07');
  for (unsigned version : {2u, 3u}) {
    llvm::Expected<NdArray> array = parseNpy(makeNpy(dict, data, version));
    ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
    EXPECT_EQ(array->getValues<int32_t>()[0], 0x07070707);
  }
}

TEST(Npy, RejectsFilesThatAreNotNpy) {
  EXPECT_EQ(getError(""), "not a .npy file: it does not start with \\x93NUMPY");
  EXPECT_EQ(getError("PK\x03\x04 a zip file"),
            "not a .npy file: it does not start with \\x93NUMPY");
  EXPECT_EQ(getError("\x93NUMP"),
            "not a .npy file: it does not start with \\x93NUMPY");
}

TEST(Npy, RejectsTruncatedPreambles) {
  EXPECT_EQ(getError("\x93NUMPY\x01"),
            "truncated .npy file: no format version");
  EXPECT_EQ(getError(std::string("\x93NUMPY\x01\x00\x10", 9)),
            "truncated .npy file: no header length");
  EXPECT_EQ(getError(std::string("\x93NUMPY\x02\x00\x10\x00\x00", 11)),
            "truncated .npy file: no header length");
  EXPECT_EQ(getError(std::string("\x93NUMPY\x01\x00\x10\x00{'descr'", 17)),
            "truncated .npy file: the header needs 16 bytes, 7 follow");
}

TEST(Npy, RejectsUnknownFormatVersions) {
  EXPECT_EQ(getError(std::string("\x93NUMPY\x04\x00", 8)),
            "unsupported .npy format version 4.0; sic-run reads 1.0, 2.0 "
            "and 3.0");
  EXPECT_EQ(getError(std::string("\x93NUMPY\x01\x01", 8)),
            "unsupported .npy format version 1.1; sic-run reads 1.0, 2.0 "
            "and 3.0");
  EXPECT_EQ(getError(std::string("\x93NUMPY\x00\x00", 8)),
            "unsupported .npy format version 0.0; sic-run reads 1.0, 2.0 "
            "and 3.0");
}

TEST(Npy, RejectsMalformedHeaders) {
  EXPECT_EQ(getHeaderError("['descr', '<f4']"),
            "malformed .npy header at byte 0: expected '{'");
  EXPECT_EQ(getHeaderError("{descr: '<f4'}"),
            "malformed .npy header at byte 1: expected a quoted key or '}'");
  EXPECT_EQ(getHeaderError("{'descr' '<f4'}"),
            "malformed .npy header at byte 9: expected ':'");
  EXPECT_EQ(getHeaderError("{'descr': '<f4' 'shape': ()}"),
            "malformed .npy header at byte 16: expected ',' or '}'");
  EXPECT_EQ(getHeaderError("{'descr: '<f4'}"),
            "malformed .npy header at byte 10: expected ':'");
  EXPECT_EQ(getHeaderError("{'descr': '<f4"),
            "unsupported dtype: 'descr' is not a string (a structured "
            "array?); sic-run reads '<f4', '<f8', '<f2', '<i4', '<i8', '|i1', "
            "'<i2', '|u1', '<u2', '<u4', '<u8' or '|b1'");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (), } trailing"),
            "malformed .npy header at byte 56: expected the end of the "
            "header");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': ()"),
            "malformed .npy header at byte 53: expected ',' or '}'");
}

TEST(Npy, RejectsMissingUnknownAndRepeatedKeys) {
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'fortran_order': False}"),
            "malformed .npy header: no 'shape' key");
  EXPECT_EQ(getHeaderError("{'shape': (), 'fortran_order': False}"),
            "malformed .npy header: no 'descr' key");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'shape': ()}"),
            "malformed .npy header: no 'fortran_order' key");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'descr': '<f4'}"),
            "malformed .npy header: key 'descr' appears twice");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'order': 'C'}"),
            "malformed .npy header: unknown key 'order'");
}

TEST(Npy, RejectsUnsupportedDtypes) {
  auto dictWith = [](const std::string &descr) {
    return "{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,)}";
  };
  const std::string supported =
      "'<f4', '<f8', '<f2', '<i4', '<i8', '|i1', '<i2', '|u1', '<u2', "
      "'<u4', '<u8' or '|b1'";
  EXPECT_EQ(getHeaderError(dictWith("'>f4'"), "abcd"),
            "dtype '>f4' is big-endian; sic-run reads little-endian " +
                supported);
  EXPECT_EQ(getHeaderError(dictWith("'<c8'"), "abcdefgh"),
            "unsupported dtype '<c8'; sic-run reads " + supported);
  EXPECT_EQ(getHeaderError(dictWith("[('a', '<f4')]"), "abcd"),
            "unsupported dtype: 'descr' is not a string (a structured "
            "array?); sic-run reads " +
                supported);
  EXPECT_EQ(getHeaderError(dictWith("'<f\\x34'"), "abcd"),
            "unsupported dtype: 'descr' is not a string (a structured "
            "array?); sic-run reads " +
                supported);
}

TEST(Npy, RejectsFortranOrder) {
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'fortran_order': True, "
                           "'shape': (2, 2)}",
                           std::string(16, '\0')),
            "the array is in Fortran order; sic-run reads C-order arrays "
            "only (save numpy.ascontiguousarray(a))");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'fortran_order': 0, "
                           "'shape': ()}"),
            "malformed .npy header at byte 34: 'fortran_order' is not True "
            "or False");
  EXPECT_EQ(getHeaderError("{'descr': '<f4', 'fortran_order': Falsehood, "
                           "'shape': ()}"),
            "malformed .npy header at byte 34: 'fortran_order' is not True "
            "or False");
}

TEST(Npy, RejectsBadShapes) {
  auto dictWith = [](const std::string &shape) {
    return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + "}";
  };
  EXPECT_EQ(getHeaderError(dictWith("[2]")),
            "malformed .npy header at byte 50: 'shape' is not a tuple");
  EXPECT_EQ(getHeaderError(dictWith("(2)"), "abcdefgh"),
            "malformed .npy header at byte 53: 'shape' is not a tuple");
  EXPECT_EQ(getHeaderError(dictWith("(-1,)")),
            "malformed .npy header at byte 51: expected a dim (a "
            "non-negative integer) or ')'");
  EXPECT_EQ(getHeaderError(dictWith("(2.0,)")),
            "malformed .npy header at byte 52: expected ',' or ')' in "
            "'shape'");
  EXPECT_EQ(getHeaderError(dictWith("(2,,)")),
            "malformed .npy header at byte 53: expected a dim (a "
            "non-negative integer) or ')'");
  EXPECT_EQ(getHeaderError(dictWith("(99999999999999999999,)")),
            "malformed .npy header: dim 99999999999999999999 is too large");
  EXPECT_EQ(
      getHeaderError(dictWith("(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)")),
      "the .npy shape has more than 16 dims, the most a model tensor has");
  EXPECT_EQ(getHeaderError(dictWith("(4611686018427387904, 4)")),
            "the .npy shape f32[4611686018427387904, 4] is too large");
}

TEST(Npy, RejectsDataOfTheWrongSize) {
  std::string dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,)}";
  EXPECT_EQ(getHeaderError(dict, std::string(15, '\0')),
            "truncated .npy file: i64[2] needs 16 bytes of data, 15 follow "
            "the header");
  EXPECT_EQ(getHeaderError(dict, ""),
            "truncated .npy file: i64[2] needs 16 bytes of data, 0 follow "
            "the header");
  EXPECT_EQ(getHeaderError(dict, std::string(17, '\0')),
            "i64[2] needs 16 bytes of data, but 17 follow the header");
}

TEST(Npy, NeverCrashesOnDamagedFiles) {
  std::string valid = serialize(
      makeArray<float>(SIC_DTYPE_F32, {2, 2}, {1.0f, 2.0f, 3.0f, 4.0f}));
  for (size_t length = 0; length < valid.size(); ++length)
    EXPECT_FALSE(static_cast<bool>(parseNpy(valid.substr(0, length))))
        << "prefix of " << length << " bytes";
  for (size_t i = 0; i < valid.size(); ++i) {
    std::string damaged = valid;
    for (unsigned value = 0; value < 256; ++value) {
      damaged[i] = static_cast<char>(value);
      // Parsed or refused, never a crash.
      llvm::consumeError(parseNpy(damaged).takeError());
    }
  }
}

TEST(NpyFile, WritesAndReadsFiles) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("npy-test", dir));
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, "a.npy");
  NdArray array = makeArray<int32_t>(SIC_DTYPE_I32, {3}, {1, 2, 3});
  ASSERT_FALSE(static_cast<bool>(writeNpyFile(array, path)));
  llvm::Expected<NdArray> read = readNpyFile(path);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->getValues<int32_t>(), array.getValues<int32_t>());
  llvm::sys::fs::remove(path);
  llvm::sys::fs::remove(dir);
}

TEST(NpyFile, NamesTheFileInErrors) {
  llvm::Expected<NdArray> missing = readNpyFile("/nonexistent/a.npy");
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "/nonexistent/a.npy: No such file or directory");
  llvm::Error error =
      writeNpyFile(NdArray(SIC_DTYPE_F32, {1}), "/nonexistent/b.npy");
  EXPECT_EQ(llvm::toString(std::move(error)),
            "/nonexistent/b.npy: No such file or directory");
}

} // namespace
