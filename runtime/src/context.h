/*===- context.h - A context: arena, error buffer, hooks ------------------===*/

#ifndef SIC_RUNTIME_CONTEXT_H
#define SIC_RUNTIME_CONTEXT_H

#include "model.h"
#include "overlap.h"
#include "pool.h"

#include "sic/runtime.h"

#include <stdatomic.h>
#include <stdbool.h>

struct sic_context_t {
  const sic_model_t *model;
  void *arena;       /**< the model's arena; NULL when it needs none */
  void *owned_arena; /**< what destroy frees: the arena unless borrowed */
  void **pointers;   /**< the entry's input then output data pointers */
  sic_span_t *spans; /**< scratch room of the overlap check */
  sic_error_t error; /**< what the last run (or its first hook) found */
  sic_env_t env;     /**< what the entry calls; env.runtime is the context */
  sic_pool_t *pool;  /**< the context's threads; NULL: none of its own */
  sic_parallel_for_t parallel_for; /**< the application's; NULL: none */
  void *parallel_for_user;
  sic_op_callback_t callback; /**< NULL when none is set */
  void *user;                 /**< the callback's argument */
  /** Set while a call (a run, or setting the callback) holds the context:
   * a second thread entering it is refused instead of racing the first. */
  atomic_bool busy;
  /** The refusal of such a call, made once at creation: the refused thread
   * reads it without touching `error`, which belongs to the call in
   * progress. */
  sic_error_t busy_error;
};

#endif /* SIC_RUNTIME_CONTEXT_H */
