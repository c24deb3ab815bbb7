/*===- test_models.h - Hand-written models the runtime tests run ----------===*
 *
 * What `sic-compile --emit=header` writes for a model, for small models
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
#define ADD_ONE_CONTRACT_HASH 0x4a3669285ef7c488ull
extern const sic_model_desc_t sic_test_add_one;

/** add_pair: sum = a + b, positives = how many elements of sum are > 0;
 * a, b and sum are f32 [2, 3] at 32 bytes, positives an i64 scalar. The sum
 * is formed in a 24-byte arena aligned to 64, then copied out. */
#define ADD_PAIR_CONTRACT_HASH 0xf7de2efb5da2c8a2ull
extern const sic_model_desc_t sic_test_add_pair;

/** logical_not: inverted = !mask; mask and inverted are bool [2, 3] at 8
 * bytes; no arena. Its entry flips the low bit of each byte, so only a
 * binding of 0s and 1s gives bools back. */
#define LOGICAL_NOT_CONTRACT_HASH 0x740cca6d25a9c258ull
extern const sic_model_desc_t sic_test_logical_not;

/** checked: y = (x + x) / x; x and y are f32 [2, 3] at 16 bytes; two ops
 * with hooks, 'double' (sic.add, writing t to a 192-byte arena between two
 * 64-byte guards) and 'ratio' (sic.div, writing y); instrumented.
 * sic_test_checked is debug-checked; sic_test_overrun is too, but its op 0
 * writes 4 bytes past its slice, into the guard at arena byte 128;
 * sic_test_profiled is its release build (no guards). */
#define CHECKED_CONTRACT_HASH 0x6e094bfe9e2878a8ull
extern const sic_model_desc_t sic_test_checked;
extern const sic_model_desc_t sic_test_overrun;
extern const sic_model_desc_t sic_test_profiled;

/** gather: rows[i] = {10, 20, 30}[indices[i]]; indices is i64 [2], rows
 * f32 [2]; no arena. A negative index counts from the end; one out of range
 * is reported through index_fault (check 0: node 'lookup', sic.gather,
 * dimension 0 of size 3) and reads element 0 in its place. */
#define GATHER_CONTRACT_HASH 0xfeb8ad7038abf77full
extern const sic_model_desc_t sic_test_gather;

/** chunks: y = 2 * x, x and y f32 [1000] at 64 bytes, in 100 chunks of 10
 * elements through sic_env_t.parallel_for; runs (i32 [100]) counts how
 * often each chunk ran (in a 400-byte arena), which must be once. */
#define CHUNKS_CONTRACT_HASH 0x6fa2bc2a9b123780ull
extern const sic_model_desc_t sic_test_chunks;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SIC_TEST_MODELS_H */
