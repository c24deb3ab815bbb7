//===- InputShapes.h - sic-compile's --input-shape values -------*- C++ -*-===//

#ifndef SIC_LIB_DRIVER_INPUTSHAPES_H
#define SIC_LIB_DRIVER_INPUTSHAPES_H

#include "mlir/Support/LLVM.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace mlir::sic {

/// Parses --input-shape values ("x=1x3x224x224") into `shapes`, reporting
/// a malformed value or a name given twice.
LogicalResult
parseInputShapes(ArrayRef<std::string> values,
                 llvm::StringMap<SmallVector<int64_t, 4>> &shapes);

} // namespace mlir::sic

#endif // SIC_LIB_DRIVER_INPUTSHAPES_H
