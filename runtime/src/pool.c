/*===- pool.c - A context's intra-op threads ------------------------------===*
 *
 * Workers wait for a new generation of the pool: a new loop to share. They
 * spin a little before sleeping, as a model's parallel loops come one after
 * the other and a wake-up through the kernel costs more than a small loop.
 *
 * Each thread takes the chunks of its own contiguous range from the front;
 * one that runs out takes the others' from their back. A loop's next loop
 * usually reads what the same chunks wrote, so most chunks run where their
 * data is; a thread slowed down (by another process on its core) has its
 * last chunks taken over instead of holding everyone up.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

/* Polls of a word before sleeping on it: tens of microseconds. */
enum { SPINS = 4096 };

/* A thread's range of chunks: the next one to take from the front in the
 * low 32 bits, the end in the high 32, on a cache line of its own. */
typedef struct range_t {
  _Alignas(64) atomic_uint_fast64_t bounds;
} range_t;

typedef struct worker_t {
  sic_pool_t *pool;
  uint32_t index; /**< 1 to threads - 1; the caller is 0 */
  pthread_t thread;
} worker_t;

struct sic_pool_t {
  uint32_t threads; /**< the workers and the caller */
  worker_t *workers;
  range_t *ranges; /**< one per thread */
  pthread_mutex_t mutex;
  pthread_cond_t wake; /**< a new generation, or stopping */
  pthread_cond_t done; /**< pending reached 0 */
  /** Bumped (under the mutex) for each loop; the loop's fields below are
   * written before and read after it, so they need no atomics. */
  atomic_uint generation;
  atomic_uint pending; /**< workers still in the current loop */
  atomic_bool stopping;
  sic_task_fn_t task;
  void *closure;
};

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Takes the chunk at the front (`front`) or back of `range` into `chunk`;
 * false once the range is empty. */
static bool take(range_t *range, bool front, uint32_t *chunk) {
  uint64_t bounds = atomic_load_explicit(&range->bounds, memory_order_relaxed);
  for (;;) {
    uint32_t next = (uint32_t)bounds, end = (uint32_t)(bounds >> 32);
    if (next >= end)
      return false;
    uint64_t taken = front ? bounds + 1 : bounds - ((uint64_t)1 << 32);
    if (atomic_compare_exchange_weak_explicit(&range->bounds, &bounds, taken,
                                              memory_order_relaxed,
                                              memory_order_relaxed)) {
      *chunk = front ? next : end - 1;
      return true;
    }
  }
}

/* Runs thread `index`'s range of the current loop, then whatever is left
 * of the others'. */
static void run_share(sic_pool_t *pool, uint32_t index) {
  uint32_t chunk;
  while (take(&pool->ranges[index], true, &chunk))
    pool->task(pool->closure, chunk);
  for (uint32_t i = 1; i < pool->threads; ++i) {
    range_t *other = &pool->ranges[(index + i) % pool->threads];
    while (take(other, false, &chunk))
      pool->task(pool->closure, chunk);
  }
}

/* The generation after `seen`, once there is one. */
static unsigned wait_generation(sic_pool_t *pool, unsigned seen) {
  for (int spin = 0; spin < SPINS; ++spin) {
    unsigned generation =
        atomic_load_explicit(&pool->generation, memory_order_acquire);
    if (generation != seen)
      return generation;
    relax();
  }
  pthread_mutex_lock(&pool->mutex);
  unsigned generation;
  while ((generation = atomic_load_explicit(&pool->generation,
                                            memory_order_acquire)) == seen)
    pthread_cond_wait(&pool->wake, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
  return generation;
}

static void *work(void *argument) {
  worker_t *worker = argument;
  sic_pool_t *pool = worker->pool;
  unsigned seen = 0;
  for (;;) {
    seen = wait_generation(pool, seen);
    if (atomic_load_explicit(&pool->stopping, memory_order_acquire))
      return NULL;
    run_share(pool, worker->index);
    if (atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_acq_rel) ==
        1) {
      pthread_mutex_lock(&pool->mutex);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->mutex);
    }
  }
}

/* Starts a new generation: a loop to run, or stopping. */
static void publish(sic_pool_t *pool) {
  pthread_mutex_lock(&pool->mutex);
  atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
}

/* Stops and joins the first `started` workers. */
static void stop(sic_pool_t *pool, uint32_t started) {
  atomic_store_explicit(&pool->stopping, true, memory_order_release);
  publish(pool);
  for (uint32_t i = 0; i < started; ++i)
    pthread_join(pool->workers[i].thread, NULL);
}

sic_pool_t *sic_pool_create(uint32_t threads) {
  sic_pool_t *pool = calloc(1, sizeof *pool);
  if (!pool)
    return NULL;
  pool->threads = threads;
  pool->workers = calloc(threads - 1, sizeof *pool->workers);
  pool->ranges = aligned_alloc(_Alignof(range_t), threads * sizeof(range_t));
  if (!pool->workers || !pool->ranges) {
    free(pool->workers);
    free(pool->ranges);
    free(pool);
    return NULL;
  }
  pthread_mutex_init(&pool->mutex, NULL);
  pthread_cond_init(&pool->wake, NULL);
  pthread_cond_init(&pool->done, NULL);
  atomic_init(&pool->generation, 0);
  atomic_init(&pool->pending, 0);
  atomic_init(&pool->stopping, false);
  for (uint32_t i = 0; i + 1 < threads; ++i) {
    pool->workers[i].pool = pool;
    pool->workers[i].index = i + 1;
    if (pthread_create(&pool->workers[i].thread, NULL, work,
                       &pool->workers[i]) != 0) {
      stop(pool, i);
      pool->threads = 1;
      sic_pool_destroy(pool);
      return NULL;
    }
  }
  return pool;
}

void sic_pool_destroy(sic_pool_t *pool) {
  if (!pool)
    return;
  if (pool->threads > 1)
    stop(pool, pool->threads - 1);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->workers);
  free(pool->ranges);
  free(pool);
}

void sic_pool_run(sic_pool_t *pool, sic_task_fn_t task, void *closure,
                  uint32_t chunks) {
  pool->task = task;
  pool->closure = closure;
  for (uint32_t t = 0; t < pool->threads; ++t) {
    uint64_t begin = (uint64_t)chunks * t / pool->threads;
    uint64_t end = (uint64_t)chunks * (t + 1) / pool->threads;
    atomic_store_explicit(&pool->ranges[t].bounds, end << 32 | begin,
                          memory_order_relaxed);
  }
  atomic_store_explicit(&pool->pending, pool->threads - 1,
                        memory_order_relaxed);
  publish(pool);
  run_share(pool, 0);
  for (int spin = 0; spin < SPINS; ++spin) {
    if (atomic_load_explicit(&pool->pending, memory_order_acquire) == 0)
      return;
    relax();
  }
  pthread_mutex_lock(&pool->mutex);
  while (atomic_load_explicit(&pool->pending, memory_order_acquire) != 0)
    pthread_cond_wait(&pool->done, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
}
