/*===- hooks.h - The environment a model's op hooks call ------------------===*
 *
 * Code compiled with hooks calls env->before_op and env->after_op around
 * every op. The runtime's hooks call the context's op callback and, for a
 * debug-checked model, check each op's output: the arena's guards first
 * (an overrun corrupts memory, the worse fault), then NaN and Inf in f32
 * outputs. Code that reads indices from data calls env->index_fault for
 * one out of range. The first failure of a run is recorded in the context's
 * error; the code runs on (it cannot stop early), with no further checks.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_HOOKS_H
#define SIC_RUNTIME_HOOKS_H

#include "context.h"

/** The byte every guard holds while no op has written it. */
#define SIC_GUARD_BYTE 0xa5u

/** Points the context's env at the runtime's hooks and the context. */
void sic_hooks_init(sic_context_t *context);

/** Writes SIC_GUARD_BYTE over every guard of `desc` in `arena`. */
void sic_guards_fill(const sic_model_desc_t *desc, void *arena);

#endif /* SIC_RUNTIME_HOOKS_H */
