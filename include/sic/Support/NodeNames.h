//===- NodeNames.h - The model node an IR location names -------*- C++ -*-===//
//
// The importer gives every op the location NameLoc(node name, file); fusion
// and lowering wrap it in FusedLocs and the like. Every phase that names a
// node to the user (diagnostics, the memory plan, the op table, a written
// model file) reads it back here.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_SUPPORT_NODENAMES_H
#define SIC_SUPPORT_NODENAMES_H

#include "mlir/IR/Location.h"

#include <optional>

namespace mlir::sic {

/// The node name a location carries: the name of its first NameLoc, however
/// deeply nested, if any.
std::optional<StringRef> findNodeName(Location loc);

} // namespace mlir::sic

#endif // SIC_SUPPORT_NODENAMES_H
