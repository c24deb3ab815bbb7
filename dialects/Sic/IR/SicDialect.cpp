//===- SicDialect.cpp - The sic dialect -----------------------------------===//
//
// The one translation unit that expands the generated op, attribute and
// interface definitions; the op families' rules live in their own files.
//
//===----------------------------------------------------------------------===//

#include "dialects/Sic/IR/SicOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sic;

#include "dialects/Sic/IR/SicDialect.cpp.inc"
#include "dialects/Sic/IR/SicEnums.cpp.inc"
#include "dialects/Sic/IR/SicInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Sic/IR/SicAttributes.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/Sic/IR/SicOps.cpp.inc"

void SicDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Sic/IR/SicOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Sic/IR/SicAttributes.cpp.inc"
      >();
}
