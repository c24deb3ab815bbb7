/*===- descriptor.h - Validating a model's descriptor ---------------------===*
 *
 * A descriptor read from a file is untrusted: a stale or miscompiled model
 * must be refused at open with a clear message rather than crash or corrupt
 * memory on the first call. (A library's own code runs when it is loaded, so
 * this guards against mistakes, not against a malicious file.)
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_DESCRIPTOR_H
#define SIC_RUNTIME_DESCRIPTOR_H

#include "sic/runtime.h"

/** Checks the ABI version, required pointers, check policy, every tensor
 * (dtype, rank, dims, byte size, alignment), the arena alignment, the hook
 * flags, the op table (names, outputs), the guards (within the arena) and
 * the recorded contract hash, in that order; returns the first fault. `path`
 * names the file in messages until the model's name is read (NULL for a
 * static descriptor). */
sic_status_t sic_descriptor_check(const sic_model_desc_t *desc,
                                  const char *path, sic_error_t *error);

#endif /* SIC_RUNTIME_DESCRIPTOR_H */
