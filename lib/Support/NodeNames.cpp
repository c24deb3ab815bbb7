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

SmallVector<StringRef> mlir::sic::findNodeNames(Location loc) {
  SmallVector<StringRef> names;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner))
      if (!llvm::is_contained(names, named.getName().strref()))
        names.push_back(named.getName().strref());
    return WalkResult::advance();
  });
  return names;
}

Location mlir::sic::getFusedLoc(Location op, Location from) {
  SmallVector<StringRef> names = findNodeNames(op);
  if (llvm::all_of(findNodeNames(from), [&](StringRef name) {
        return llvm::is_contained(names, name);
      }))
    return op;
  return FusedLoc::get(op.getContext(), {op, from});
}
