//===- TensorFiles.h - .npy files for a model's tensors ---------*- C++ -*-===//
//
// How sic-run's command line names files for a model's inputs and outputs
// (`--input x=x.npy`, `--expect y=y.npy`, `--output-dir`), and the checks
// that a file fits the tensor it is given for.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_TENSORFILES_H
#define SIC_RUN_TENSORFILES_H

#include "sic/Run/NdArray.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::sic {

/// A model tensor and the file given for it.
struct TensorFile {
  unsigned index; ///< in the model's inputs or outputs
  std::string path;
};

/// Parses the `name=path` values of option `flag` (e.g. "--input"): the name
/// before the first '=' must be one of `tensors` (`kind` is "input" or
/// "output", `modelName` the model's), and no name may come twice.
llvm::Expected<llvm::SmallVector<TensorFile>>
parseTensorFiles(llvm::ArrayRef<std::string> values, llvm::StringRef flag,
                 llvm::ArrayRef<const sic_tensor_desc_t *> tensors,
                 llvm::StringRef kind, llvm::StringRef modelName);

/// Reads the .npy file at `path` and checks that its dtype and shape are
/// those of `desc`, the tensor `what` ("input 'x' (#0)").
llvm::Expected<NdArray> readTensorFile(llvm::StringRef path,
                                       const sic_tensor_desc_t &desc,
                                       llvm::StringRef what);

/// The file name of each output in `--output-dir`: its name with every
/// character other than letters, digits, '.', '-' and '_' replaced by '_',
/// and ".npy". Fails when two outputs would share a file.
llvm::Expected<llvm::SmallVector<std::string>>
getOutputFileNames(llvm::ArrayRef<const sic_tensor_desc_t *> outputs);

} // namespace mlir::sic

#endif // SIC_RUN_TENSORFILES_H
