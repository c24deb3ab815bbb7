//===- Npy.h - Read and write NumPy .npy files ------------------*- C++ -*-===//
//
// The .npy format (NumPy's NEP 1, versions 1.0 to 3.0) for the arrays sic-run
// binds to a model: little-endian f32, i32 or i64, or bool (a byte of 0 or
// 1), in C order. Files are untrusted: anything else, and any damage, is an
// error that says what is wrong, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_NPY_H
#define SIC_RUN_NPY_H

#include "sic/Run/NdArray.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// Parses the contents of a .npy file: the magic string, a format version of
/// 1.0, 2.0 or 3.0, a header dict with exactly the keys 'descr' ('<f4', '<i4',
/// '<i8', or '|b1' and its synonyms such as '?'), 'fortran_order' (False) and
/// 'shape' (a tuple of at most SIC_MAX_RANK dims), then exactly the bytes the
/// shape needs, each byte of a bool 0 or 1.
llvm::Expected<NdArray> parseNpy(llvm::StringRef bytes);

/// Reads and parses the .npy file at `path`; errors start with the path.
llvm::Expected<NdArray> readNpyFile(llvm::StringRef path);

/// Writes `array` as a .npy file as numpy.save does: format 1.0, the data
/// 64-byte aligned.
void writeNpy(const NdArray &array, llvm::raw_ostream &os);

/// Writes `array` to the .npy file at `path`; errors start with the path.
llvm::Error writeNpyFile(const NdArray &array, llvm::StringRef path);

} // namespace mlir::sic

#endif // SIC_RUN_NPY_H
