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
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::sic {

/// The node name a location carries: the name of its first NameLoc, however
/// deeply nested, if any.
std::optional<StringRef> findNodeName(Location loc);

/// Every node name a location carries, first found first, each once: an op
/// that fusion made of several nodes has a FusedLoc of theirs.
SmallVector<StringRef> findNodeNames(Location loc);

/// `op`'s location, extended to name every node that `from` names and it
/// does not yet: the location of an op that now also computes `from`'s node.
Location getFusedLoc(Location op, Location from);

} // namespace mlir::sic

#endif // SIC_SUPPORT_NODENAMES_H
