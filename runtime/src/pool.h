/*===- pool.h - A context's intra-op threads ------------------------------===*
 *
 * A pool of threads that run the chunks of one parallel loop of a model's
 * code together with the calling thread. Thread t of T (the caller is 0)
 * starts with the contiguous chunks [chunks*t/T, chunks*(t+1)/T) and, once
 * they are taken, takes the others' last chunks: which thread runs a chunk
 * never changes what the chunk computes, so a model's outputs are the same
 * bits for every thread count.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_POOL_H
#define SIC_RUNTIME_POOL_H

#include "sic/abi.h"

#include <stdint.h>

typedef struct sic_pool_t sic_pool_t;

/** Starts `threads - 1` workers (threads >= 2). Returns NULL when memory or
 * a thread cannot be had; nothing is left running then. */
sic_pool_t *sic_pool_create(uint32_t threads);

/** Stops and joins the workers and frees the pool; NULL is ignored. */
void sic_pool_destroy(sic_pool_t *pool);

/** Runs task(closure, c) for every c in [0, chunks) on the pool's threads
 * and the caller's, and returns when all have run. One caller at a time. */
void sic_pool_run(sic_pool_t *pool, sic_task_fn_t task, void *closure,
                  uint32_t chunks);

#endif /* SIC_RUNTIME_POOL_H */
