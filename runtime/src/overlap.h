/*===- overlap.h - Finding memory shared by buffers of one call -----------===*
 *
 * The entry writes outputs and the arena while it reads inputs, so no written
 * buffer may share a byte with any other buffer of the call; inputs may share
 * memory with each other. Sorting the buffers by address finds a forbidden
 * pair in O(n log n) whatever the number of tensors.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_OVERLAP_H
#define SIC_RUNTIME_OVERLAP_H

#include <stddef.h>
#include <stdint.h>

typedef enum sic_role_t {
  SIC_ROLE_INPUT,
  SIC_ROLE_OUTPUT,
  SIC_ROLE_ARENA,
} sic_role_t;

/** One buffer of a call: bytes [begin, end). */
typedef struct sic_span_t {
  uintptr_t begin;
  uintptr_t end;
  sic_role_t role;
  uint32_t index; /**< position among the tensors of its role */
} sic_span_t;

/** Makes the span of `size` bytes (size >= 1) at `data`. */
sic_span_t sic_span_make(const void *data, uint64_t size, sic_role_t role,
                         uint32_t index);

/** Sorts `spans` and returns a span that overlaps an earlier one, at least
 * one of the two written, setting `*out_other` to the earlier one; NULL
 * when there is no such pair. The pair found depends only on the addresses,
 * roles and indices. */
const sic_span_t *sic_span_find_overlap(sic_span_t *spans, size_t count,
                                        const sic_span_t **out_other);

#endif /* SIC_RUNTIME_OVERLAP_H */
