//===- RandomInputs.h - Seeded random model inputs --------------*- C++ -*-===//

#ifndef SIC_RUN_RANDOMINPUTS_H
#define SIC_RUN_RANDOMINPUTS_H

#include "sic/Run/NdArray.h"

namespace mlir::sic {

/// An array for input #`index` of a model, with the dtype and shape of
/// `desc`, filled from a generator seeded with `seed` and `index`: f32
/// uniform in [-1, 1), integers uniform in [1, 8] (small, and never 0, so
/// that dividing by an input is defined), bools false or true with even
/// odds. The values depend on nothing else:
/// the same seed gives the same inputs on every host and whichever other
/// inputs come from files.
NdArray makeRandomInput(const sic_tensor_desc_t &desc, unsigned index,
                        uint64_t seed);

} // namespace mlir::sic

#endif // SIC_RUN_RANDOMINPUTS_H
