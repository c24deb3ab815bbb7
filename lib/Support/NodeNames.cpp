//===- NodeNames.cpp - The model node an IR location names ----------------===//

#include "sic/Support/NodeNames.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Visitors.h"

using namespace mlir;

std::optional<StringRef> mlir::sic::findNodeName(Location loc) {
  std::optional<StringRef> name;
  loc->walk([&](Location inner) {
    auto named = dyn_cast<NameLoc>(inner);
    if (!named)
      return WalkResult::advance();
    name = named.getName().strref();
    return WalkResult::interrupt();
  });
  return name;
}
