//===- HalfFloats.cpp - f16 and bf16 values on the host -------------------===//

#include "sic/Support/HalfFloats.h"

#include "llvm/ADT/APFloat.h"

using namespace mlir::sic;

namespace {

double toDouble(uint16_t bits, const llvm::fltSemantics &semantics) {
  llvm::APFloat value(semantics, llvm::APInt(16, bits));
  bool lost = false;
  value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &lost);
  return value.convertToDouble();
}

uint16_t fromDouble(double from, const llvm::fltSemantics &semantics) {
  llvm::APFloat value(from);
  bool lost = false;
  value.convert(semantics, llvm::APFloat::rmNearestTiesToEven, &lost);
  return static_cast<uint16_t>(value.bitcastToAPInt().getZExtValue());
}

} // namespace

double mlir::sic::toDouble(Float16 value) {
  return ::toDouble(value.bits, llvm::APFloat::IEEEhalf());
}

double mlir::sic::toDouble(BFloat16 value) {
  return ::toDouble(value.bits, llvm::APFloat::BFloat());
}

Float16 mlir::sic::toFloat16(double value) {
  return {fromDouble(value, llvm::APFloat::IEEEhalf())};
}

BFloat16 mlir::sic::toBFloat16(double value) {
  return {fromDouble(value, llvm::APFloat::BFloat())};
}
