//===- DiscardableAttributes.cpp - The sic attributes set on other ops ---===//
//
// The rules of #sic.target, and where the dialect's discardable attributes
// may appear.
//
//===----------------------------------------------------------------------===//

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::sic;

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef triple, StringRef cpu,
                                 StringRef features, unsigned vectorBits,
                                 unsigned vectorRegisters, uint64_t l1Bytes,
                                 uint64_t l2Bytes, uint64_t l3Bytes,
                                 unsigned cacheLineBytes, unsigned alignment) {
  if (triple.empty() || cpu.empty())
    return emitError() << "#sic.target needs a triple and a cpu";
  if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    return emitError() << "#sic.target's vector_bits must be 128, 256 or "
                          "512, not "
                       << vectorBits;
  if (vectorRegisters < 8 || vectorRegisters > 64)
    return emitError() << "#sic.target's vector_registers must be 8 to 64, "
                          "not "
                       << vectorRegisters;
  if (l1Bytes == 0 || l2Bytes < l1Bytes || (l3Bytes != 0 && l3Bytes < l2Bytes))
    return emitError() << "#sic.target's caches must grow with their level "
                          "(l1_bytes > 0, l2_bytes >= l1_bytes, l3_bytes 0 "
                          "or >= l2_bytes), not "
                       << l1Bytes << ", " << l2Bytes << ", " << l3Bytes;
  if (!llvm::isPowerOf2_32(cacheLineBytes) || cacheLineBytes < 16 ||
      cacheLineBytes > 1024)
    return emitError() << "#sic.target's cache_line_bytes must be a power of "
                          "2 from 16 to 1024, not "
                       << cacheLineBytes;
  if (!llvm::isPowerOf2_32(alignment) || alignment < vectorBits / 8 ||
      alignment < cacheLineBytes || alignment > 4096)
    return emitError() << "#sic.target's alignment must be a power of 2 of "
                          "at least a vector ("
                       << vectorBits / 8 << " bytes) and a cache line ("
                       << cacheLineBytes << " bytes) and at most 4096, not "
                       << alignment;
  return success();
}

LogicalResult SicDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  if (attribute.getName().getValue() != TargetAttrHelper::getNameStr())
    return success();
  if (!isa<ModuleOp>(op))
    return op->emitError() << "'" << attribute.getName().getValue()
                           << "' belongs on a builtin.module";
  if (!isa<TargetAttr>(attribute.getValue()))
    return op->emitError() << "'" << attribute.getName().getValue()
                           << "' must be a #sic.target, not "
                           << attribute.getValue();
  return success();
}

FailureOr<TargetAttr> mlir::sic::requireTarget(Operation *op) {
  auto module = isa<ModuleOp>(op) ? cast<ModuleOp>(op)
                                  : op->getParentOfType<ModuleOp>();
  auto *dialect = op->getContext()->getLoadedDialect<SicDialect>();
  if (module && dialect)
    if (TargetAttr target = dialect->getTargetAttrHelper().getAttr(module))
      return target;
  return op->emitError() << "needs the #sic.target of its module, which "
                            "sic-set-target sets";
}
