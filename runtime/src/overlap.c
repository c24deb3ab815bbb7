/*===- overlap.c - Finding memory shared by buffers of one call -----------===*/

#include "overlap.h"

#include <stdlib.h>

sic_span_t sic_span_make(const void *data, uint64_t size, sic_role_t role,
                         uint32_t index) {
  uintptr_t begin = (uintptr_t)data;
  // A span that would wrap around the address space ends at its top.
  uintptr_t end =
      size > UINTPTR_MAX - begin ? UINTPTR_MAX : begin + (uintptr_t)size;
  sic_span_t span = {begin, end, role, index};
  return span;
}

/* Orders by address, then role, then index: a total order, so the pair
 * reported never depends on how qsort breaks ties. */
static int compare_spans(const void *lhs, const void *rhs) {
  const sic_span_t *a = lhs, *b = rhs;
  if (a->begin != b->begin)
    return a->begin < b->begin ? -1 : 1;
  if (a->role != b->role)
    return a->role < b->role ? -1 : 1;
  if (a->index != b->index)
    return a->index < b->index ? -1 : 1;
  return 0;
}

const sic_span_t *sic_span_find_overlap(sic_span_t *spans, size_t count,
                                        const sic_span_t **out_other) {
  qsort(spans, count, sizeof *spans, compare_spans);
  // Sweeping by start address, a span overlaps an earlier one exactly when it
  // starts before that one ends; the earlier span reaching furthest (of any
  // role, and of the written roles) is the one to compare with.
  const sic_span_t *furthest = NULL, *furthest_written = NULL;
  for (size_t i = 0; i < count; ++i) {
    const sic_span_t *span = &spans[i];
    if (span->begin == span->end)
      continue; // no bytes, nothing to overlap
    int written = span->role != SIC_ROLE_INPUT;
    const sic_span_t *other = written ? furthest : furthest_written;
    if (other && span->begin < other->end) {
      *out_other = other;
      return span;
    }
    if (!furthest || span->end > furthest->end)
      furthest = span;
    if (written && (!furthest_written || span->end > furthest_written->end))
      furthest_written = span;
  }
  return NULL;
}
