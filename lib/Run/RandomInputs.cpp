//===- RandomInputs.cpp - Seeded random model inputs ----------------------===//

#include "sic/Run/RandomInputs.h"

#include "sic/Run/CompiledModel.h"

#include <random>

using namespace mlir::sic;

NdArray mlir::sic::makeRandomInput(const sic_tensor_desc_t &desc,
                                   unsigned index, uint64_t seed) {
  // The standard fixes the output of seed_seq and mt19937_64, not that of
  // the distributions, so values are made from raw bits.
  std::seed_seq sequence{static_cast<uint32_t>(seed),
                         static_cast<uint32_t>(seed >> 32), index};
  std::mt19937_64 generator(sequence);
  NdArray array(static_cast<sic_dtype_t>(desc.dtype), getShape(desc));
  visitDtype(array.getDtype(), [&](auto zero) {
    using T = decltype(zero);
    for (T &value : array.getValues<T>()) {
      uint64_t bits = generator();
      if constexpr (std::is_floating_point_v<T>)
        value = static_cast<T>(bits >> 40) * T(0x1p-23) - T(1); // k * 2^-23
      else if constexpr (std::is_same_v<T, Float16>)            // k * 2^-10
        value = toFloat16(static_cast<double>(bits >> 53) * 0x1p-10 - 1);
      else if constexpr (std::is_same_v<T, BFloat16>) // k * 2^-7
        value = toBFloat16(static_cast<double>(bits >> 56) * 0x1p-7 - 1);
      else if constexpr (std::is_same_v<T, bool>)
        value = bits >> 63;
      else
        value = static_cast<T>(1 + (bits >> 61));
    }
  });
  return array;
}
