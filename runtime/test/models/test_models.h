/*===- test_models.h - Hand-written models the runtime tests run ----------===*
 *
 * What `sic-compile --emit=header` writes for a model, for two small models
 * whose descriptors and entries are written by hand in C.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_TEST_MODELS_H
#define SIC_TEST_MODELS_H

#include "sic/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/** add_one: y = x + 1; x and y are f32 [1, 4], 16-byte aligned; no arena. */
#define ADD_ONE_CONTRACT_HASH 0x5bfc3f13c2c4860dull
extern const sic_model_desc_t sic_test_add_one;

/** add_pair: sum = a + b, positives = how many elements of sum are > 0;
 * a, b and sum are f32 [2, 3] at 32 bytes, positives an i64 scalar. The sum
 * is formed in a 24-byte arena aligned to 64, then copied out. */
#define ADD_PAIR_CONTRACT_HASH 0x53a4f1b216225897ull
extern const sic_model_desc_t sic_test_add_pair;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SIC_TEST_MODELS_H */
