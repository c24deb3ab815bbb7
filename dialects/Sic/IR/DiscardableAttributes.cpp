//===- DiscardableAttributes.cpp - The sic attributes set on other ops ---===//
//
// The rules of the dialect's attributes (#sic.target, #sic.op_info,
// #sic.guard, #sic.arena_plan), and where each `sic.<name>` attribute may
// appear and what it must hold.
//
//===----------------------------------------------------------------------===//

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
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

LogicalResult
IndexCheckAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       StringRef op, StringRef node, int64_t dim,
                       int64_t size) {
  if (op.empty())
    return emitError() << "expects an op name";
  if (dim < 0 || size < 1)
    return emitError() << "expects dim >= 0 and size >= 1, got dim " << dim
                       << " and size " << size;
  return success();
}

LogicalResult OpInfoAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef op, StringRef node, StringRef output,
                                 Type type) {
  if (op.empty())
    return emitError() << "#sic.op_info needs the node's op";
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return emitError() << "#sic.op_info's type must be a statically shaped "
                          "tensor, not "
                       << type;
  return success();
}

LogicalResult GuardAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                uint64_t offset, uint64_t bytes) {
  if (bytes == 0 || offset + bytes < offset)
    return emitError() << "#sic.guard must cover at least one byte inside "
                          "the address space, not "
                       << bytes << " at " << offset;
  return success();
}

LogicalResult
ArenaPlanAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      uint64_t bytes, uint64_t alignment, ArrayAttr guards) {
  if (!llvm::isPowerOf2_64(alignment) || alignment > 4096)
    return emitError() << "#sic.arena_plan's alignment must be a power of 2 "
                          "up to 4096, not "
                       << alignment;
  uint64_t end = 0;
  for (auto [index, attr] : llvm::enumerate(guards)) {
    auto guard = llvm::dyn_cast<GuardAttr>(attr);
    if (!guard)
      return emitError() << "#sic.arena_plan's guards must be #sic.guard, "
                            "not "
                         << attr;
    if (guard.getOffset() < end || guard.getBytes() > bytes ||
        guard.getOffset() > bytes - guard.getBytes())
      return emitError() << "#sic.arena_plan's guard #" << index
                         << " must lie after the one before it and inside "
                            "the arena's "
                         << bytes << " bytes";
    end = guard.getOffset() + guard.getBytes();
  }
  return success();
}

namespace {

/// "'sic.<name>' <rule>": the error of an attribute at a wrong place or of a
/// wrong kind.
InFlightDiagnostic emitAttrError(Operation *op, NamedAttribute attribute) {
  return op->emitError() << "'" << attribute.getName().getValue() << "' ";
}

/// The attributes of a model function (not of its arguments).
LogicalResult verifyFunctionAttribute(Operation *op, NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  if (!isa<FunctionOpInterface>(op))
    return emitAttrError(op, attribute) << "belongs on a model function";
  if (name == SicDialect::ChecksAttrHelper::getNameStr() &&
      !isa<CheckPolicyAttr>(value))
    return emitAttrError(op, attribute)
           << "must be a #sic.check_policy, not " << value;
  if (name == SicDialect::ArenaPlanAttrHelper::getNameStr() &&
      !isa<ArenaPlanAttr>(value))
    return emitAttrError(op, attribute)
           << "must be a #sic.arena_plan, not " << value;
  if (name == SicDialect::InstrumentedAttrHelper::getNameStr()) {
    if (!isa<UnitAttr>(value))
      return emitAttrError(op, attribute) << "must be a unit attribute";
    if (!op->hasAttr(SicDialect::OpsAttrHelper::getNameStr()))
      return emitAttrError(op, attribute)
             << "needs the op table '"
             << SicDialect::OpsAttrHelper::getNameStr()
             << "' its hooks name ops by";
  }
  if (name == SicDialect::OpsAttrHelper::getNameStr()) {
    auto table = dyn_cast<ArrayAttr>(value);
    if (!table || !llvm::all_of(table, llvm::IsaPred<OpInfoAttr>))
      return emitAttrError(op, attribute)
             << "must be an array of #sic.op_info, not " << value;
  }
  if (name == SicDialect::IndexChecksAttrHelper::getNameStr()) {
    auto table = dyn_cast<ArrayAttr>(value);
    if (!table || !llvm::all_of(table, llvm::IsaPred<IndexCheckAttr>))
      return emitAttrError(op, attribute)
             << "must be an array of #sic.index_check, not " << value;
  }
  return success();
}

/// Whether `name` is one of the attributes of a model function's arguments.
bool isArgumentAttribute(StringRef name) {
  return name == SicDialect::NameAttrHelper::getNameStr() ||
         name == SicDialect::TypeAttrHelper::getNameStr() ||
         name == SicDialect::OutputAttrHelper::getNameStr() ||
         name == SicDialect::ArenaAttrHelper::getNameStr() ||
         name == SicDialect::EnvAttrHelper::getNameStr();
}

/// Checks a sic.type: the tensor type of a model's input or output.
LogicalResult verifySignatureType(Operation *op, NamedAttribute attribute) {
  auto type = dyn_cast<TypeAttr>(attribute.getValue());
  auto tensor = type ? dyn_cast<RankedTensorType>(type.getValue()) : nullptr;
  if (!tensor || !tensor.hasStaticShape())
    return emitAttrError(op, attribute)
           << "must be a statically shaped tensor type, not "
           << attribute.getValue();
  return success();
}

} // namespace

LogicalResult SicDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  if (name == TargetAttrHelper::getNameStr()) {
    if (!isa<ModuleOp>(op))
      return emitAttrError(op, attribute) << "belongs on a builtin.module";
    if (!isa<TargetAttr>(value))
      return emitAttrError(op, attribute)
             << "must be a #sic.target, not " << value;
    return success();
  }
  if (name == ChecksAttrHelper::getNameStr() ||
      name == OpsAttrHelper::getNameStr() ||
      name == IndexChecksAttrHelper::getNameStr() ||
      name == InstrumentedAttrHelper::getNameStr() ||
      name == ArenaPlanAttrHelper::getNameStr())
    return verifyFunctionAttribute(op, attribute);
  if (name == TileLoopAttrHelper::getNameStr()) {
    if (!isa<LoopLikeOpInterface>(op))
      return emitAttrError(op, attribute) << "belongs on a loop";
    if (!isa<TileLoopAttr>(value))
      return emitAttrError(op, attribute)
             << "must be a #sic.tile_loop, not " << value;
    return success();
  }
  if (name == kParallelMark) {
    if (!isa<LoopLikeOpInterface>(op))
      return emitAttrError(op, attribute) << "belongs on a loop";
    if (!isa<UnitAttr>(value))
      return emitAttrError(op, attribute) << "must be a unit attribute";
    return success();
  }
  if (name == VectorizeAttrHelper::getNameStr()) {
    if (!isa<UnitAttr>(value))
      return emitAttrError(op, attribute) << "must be a unit attribute";
    return success();
  }
  if (isArgumentAttribute(name))
    return emitAttrError(op, attribute)
           << "belongs on an argument of a model function";
  return emitAttrError(op, attribute) << "is no attribute of the sic dialect";
}

LogicalResult SicDialect::verifyRegionArgAttribute(Operation *op,
                                                   unsigned regionIndex,
                                                   unsigned argIndex,
                                                   NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  if (!isArgumentAttribute(name))
    return emitAttrError(op, attribute)
           << "cannot be an argument's attribute (argument #" << argIndex
           << ")";
  if (name == NameAttrHelper::getNameStr())
    return isa<StringAttr>(value) ? success()
                                  : emitAttrError(op, attribute)
                                        << "must be a string, not " << value;
  if (name == TypeAttrHelper::getNameStr())
    return verifySignatureType(op, attribute);
  if (!isa<UnitAttr>(value))
    return emitAttrError(op, attribute) << "must be a unit attribute";
  // An argument is an input, an output, the arena or the environment.
  unsigned roles = 0;
  for (StringRef role :
       {OutputAttrHelper::getNameStr(), ArenaAttrHelper::getNameStr(),
        EnvAttrHelper::getNameStr()})
    if (auto function = dyn_cast<FunctionOpInterface>(op))
      roles += static_cast<bool>(function.getArgAttr(argIndex, role));
  if (roles > 1)
    return emitAttrError(op, attribute)
           << "marks argument #" << argIndex
           << ", which already has another role (output, arena or env)";
  return success();
}

LogicalResult
SicDialect::verifyRegionResultAttribute(Operation *op, unsigned regionIndex,
                                        unsigned resultIndex,
                                        NamedAttribute attribute) {
  // A result's storage type, kept while its value is computed on another.
  if (attribute.getName().getValue() == TypeAttrHelper::getNameStr())
    return verifySignatureType(op, attribute);
  if (attribute.getName().getValue() != NameAttrHelper::getNameStr())
    return emitAttrError(op, attribute)
           << "cannot be a result's attribute (result #" << resultIndex << ")";
  if (!isa<StringAttr>(attribute.getValue()))
    return emitAttrError(op, attribute)
           << "must be a string, not " << attribute.getValue();
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
