//===- ViewedBuffer.h - The buffer a chain of views starts from -*- C++ -*-===//

#ifndef SIC_LIB_TRANSFORMS_VIEWEDBUFFER_H
#define SIC_LIB_TRANSFORMS_VIEWEDBUFFER_H

#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::sic {

/// The buffer a chain of views of `value` starts from (`value` itself when
/// it is no view).
inline Value getViewedBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_VIEWEDBUFFER_H
