/*===- context.c - Contexts: arena, error buffer, running -----------------===*/

#include "context.h"

#include "binding.h"
#include "error.h"
#include "hooks.h"

#include <inttypes.h>
#include <stdlib.h>

/* sic_env_t.parallel_for: the application's parallel-for, the context's
 * threads, or the calling thread alone. */
static void parallel_for(const sic_env_t *env, sic_task_fn_t task,
                         void *closure, uint32_t chunks) {
  sic_context_t *context = env->runtime;
  if (context->parallel_for)
    context->parallel_for(context->parallel_for_user, task, closure, chunks);
  else if (context->pool)
    sic_pool_run(context->pool, task, closure, chunks);
  else
    for (uint32_t chunk = 0; chunk < chunks; ++chunk)
      task(closure, chunk);
}

/* Makes a context around `arena`, taking ownership of `owned_arena`. */
static sic_status_t make_context(const sic_model_t *model, void *arena,
                                 void *owned_arena, sic_context_t **out_context,
                                 sic_error_t *out_error) {
  const sic_model_desc_t *desc = model->desc;
  size_t num_tensors = (size_t)desc->num_inputs + desc->num_outputs;
  sic_context_t *context = calloc(1, sizeof *context);
  if (context) {
    context->owned_arena = owned_arena;
    context->pointers = calloc(num_tensors + 1, sizeof *context->pointers);
    context->spans = calloc(num_tensors + 1, sizeof *context->spans);
  }
  if (!context || !context->pointers || !context->spans) {
    if (context)
      sic_context_destroy(context);
    else
      free(owned_arena);
    sic_site_t site = {.model = desc->model_name};
    return sic_fail(out_error, SIC_STATUS_OUT_OF_MEMORY, &site,
                    "context: out of memory");
  }
  context->model = model;
  context->arena = arena;
  sic_hooks_init(context);
  context->env.parallel_for = parallel_for;
  sic_error_clear(&context->error);
  atomic_init(&context->busy, false);
  sic_site_t site = {.model = desc->model_name};
  sic_fail(&context->busy_error, SIC_STATUS_CONTEXT_BUSY, &site,
           "context is already running on another thread (one context per "
           "thread)");
  *out_context = context;
  return SIC_STATUS_OK;
}

/* Allocates the model's arena, if it needs one. */
static sic_status_t allocate_arena(const sic_model_desc_t *desc,
                                   void **out_arena, sic_error_t *out_error) {
  *out_arena = NULL;
  if (desc->arena_size == 0)
    return SIC_STATUS_OK;
  // aligned_alloc wants a size that is a multiple of the alignment.
  uint64_t padding = desc->arena_alignment - 1;
  if (desc->arena_size <= SIZE_MAX - padding)
    *out_arena =
        aligned_alloc((size_t)desc->arena_alignment,
                      (size_t)((desc->arena_size + padding) & ~padding));
  if (*out_arena)
    return SIC_STATUS_OK;
  sic_site_t site = {.model = desc->model_name};
  return sic_fail(out_error, SIC_STATUS_OUT_OF_MEMORY, &site,
                  "arena: cannot allocate %" PRIu64
                  " bytes aligned to %" PRIu64,
                  desc->arena_size, desc->arena_alignment);
}

/* Checks a caller's arena against the model's needs. */
static sic_status_t check_borrowed_arena(const sic_model_desc_t *desc,
                                         const void *arena, size_t arena_size,
                                         sic_error_t *out_error) {
  if (desc->arena_size == 0)
    return SIC_STATUS_OK;
  sic_site_t site = {.model = desc->model_name};
  if (!arena)
    return sic_fail_null(out_error, &site, "arena");
  if ((uint64_t)arena_size < desc->arena_size)
    return sic_fail(out_error, SIC_STATUS_ARENA_TOO_SMALL, &site,
                    "arena size: expected at least %" PRIu64 ", got %zu",
                    desc->arena_size, arena_size);
  uint64_t alignment = sic_address_alignment(arena);
  if (alignment < desc->arena_alignment)
    return sic_fail(out_error, SIC_STATUS_MISALIGNED, &site,
                    "arena alignment: expected %" PRIu64 ", got %" PRIu64,
                    desc->arena_alignment, alignment);
  return SIC_STATUS_OK;
}

/* Checks the threads of `options`. */
static sic_status_t check_options(const sic_context_options_t *options,
                                  const sic_site_t *site,
                                  sic_error_t *out_error) {
  if (options->threads > SIC_MAX_THREADS)
    return sic_fail(out_error, SIC_STATUS_INVALID_OPTION, site,
                    "options: threads: expected at most %u, got %" PRIu32,
                    SIC_MAX_THREADS, options->threads);
  if (options->parallel_for && options->threads > 1)
    return sic_fail(out_error, SIC_STATUS_INVALID_OPTION, site,
                    "options: %" PRIu32
                    " threads and a parallel_for: expected one of them",
                    options->threads);
  return SIC_STATUS_OK;
}

/* Starts the context's threads, or takes the application's parallel-for. */
static sic_status_t start_threads(sic_context_t *context,
                                  const sic_context_options_t *options,
                                  sic_error_t *out_error) {
  context->parallel_for = options->parallel_for;
  context->parallel_for_user = options->parallel_for_user;
  if (options->threads <= 1)
    return SIC_STATUS_OK;
  context->pool = sic_pool_create(options->threads);
  if (context->pool)
    return SIC_STATUS_OK;
  sic_site_t site = {.model = context->model->desc->model_name};
  return sic_fail(out_error, SIC_STATUS_THREAD_FAILED, &site,
                  "context: cannot start %" PRIu32 " threads",
                  options->threads - 1);
}

/* Creates a context as `options` say, on the caller's arena (`borrowed`)
 * or on one of its own. */
static sic_status_t create(const sic_model_t *model, int borrowed, void *arena,
                           size_t arena_size,
                           const sic_context_options_t *options,
                           sic_context_t **out_context,
                           sic_error_t *out_error) {
  sic_error_clear(out_error);
  sic_site_t site = {.model = model ? model->desc->model_name : NULL};
  if (!out_context)
    return sic_fail_null(out_error, &site, "out_context");
  *out_context = NULL;
  if (!model)
    return sic_fail_null(out_error, &site, "model");
  sic_context_options_t defaults = {0};
  if (!options)
    options = &defaults;
  sic_status_t checked = check_options(options, &site, out_error);
  if (checked != SIC_STATUS_OK)
    return checked;
  const sic_model_desc_t *desc = model->desc;
  sic_status_t status =
      borrowed ? check_borrowed_arena(desc, arena, arena_size, out_error)
               : allocate_arena(desc, &arena, out_error);
  if (status != SIC_STATUS_OK)
    return status;
  if (desc->arena_size == 0)
    arena = NULL;
  sic_context_t *context = NULL;
  status =
      make_context(model, arena, borrowed ? NULL : arena, &context, out_error);
  if (status != SIC_STATUS_OK)
    return status;
  status = start_threads(context, options, out_error);
  if (status != SIC_STATUS_OK) {
    sic_context_destroy(context);
    return status;
  }
  *out_context = context;
  return SIC_STATUS_OK;
}

sic_status_t sic_context_create(const sic_model_t *model,
                                sic_context_t **out_context,
                                sic_error_t *out_error) {
  return create(model, 0, NULL, 0, NULL, out_context, out_error);
}

sic_status_t sic_context_create_with_options(
    const sic_model_t *model, const sic_context_options_t *options,
    sic_context_t **out_context, sic_error_t *out_error) {
  int borrowed = options && options->arena;
  return create(model, borrowed, borrowed ? options->arena : NULL,
                borrowed ? options->arena_size : 0, options, out_context,
                out_error);
}

sic_status_t sic_context_create_borrowed(const sic_model_t *model, void *arena,
                                         size_t arena_size,
                                         sic_context_t **out_context,
                                         sic_error_t *out_error) {
  return create(model, 1, arena, arena_size, NULL, out_context, out_error);
}

void sic_context_destroy(sic_context_t *context) {
  if (!context)
    return;
  sic_pool_destroy(context->pool);
  free(context->owned_arena);
  free(context->pointers);
  free(context->spans);
  free(context);
}

/* Takes the context for one call; false when another call holds it. A
 * single atomic exchange: the whole cost of the one-thread-per-context check
 * on every call. */
static bool enter(sic_context_t *context) {
  // Acquire: this call sees everything the previous holder wrote.
  return !atomic_exchange_explicit(&context->busy, true, memory_order_acquire);
}

/* Lets the next call take the context. */
static void leave(sic_context_t *context) {
  // Release: the next holder sees everything this call wrote.
  atomic_store_explicit(&context->busy, false, memory_order_release);
}

/* UBSan's function check reads a type signature just before an indirect
   callee; a compiled model's entry is generated code with none, and the
   bytes before it may lie outside its mapping. The entry's type is fixed
   by the ABI and checked by the descriptor's version. */
#if defined(__clang__)
#define SIC_CALLS_MODEL_CODE __attribute__((no_sanitize("function")))
#else
#define SIC_CALLS_MODEL_CODE
#endif

/* sic_context_run once the call holds the context. */
SIC_CALLS_MODEL_CODE
static sic_status_t run(sic_context_t *context, const sic_tensor_t *inputs,
                        size_t num_inputs, const sic_tensor_t *outputs,
                        size_t num_outputs) {
  sic_error_clear(&context->error);
  const sic_model_desc_t *desc = context->model->desc;
  sic_binding_t binding = {inputs, num_inputs, outputs, num_outputs,
                           context->arena};
  sic_status_t status =
      sic_binding_check(desc, &binding, context->spans, &context->error);
  if (status != SIC_STATUS_OK)
    return status;
  for (size_t i = 0; i < num_inputs; ++i)
    context->pointers[i] = inputs[i].data;
  for (size_t i = 0; i < num_outputs; ++i)
    context->pointers[num_inputs + i] = outputs[i].data;
  sic_guards_fill(desc, context->arena);
  int32_t result =
      desc->entry(context->pointers, context->pointers + num_inputs,
                  context->arena, &context->env);
  // A hook's failure comes first: the entry ran on after it.
  if (context->error.status != SIC_STATUS_OK)
    return context->error.status;
  if (result != 0) {
    sic_site_t site = {.model = desc->model_name};
    return sic_fail(&context->error, SIC_STATUS_ENTRY_FAILED, &site,
                    "entry status: expected 0, got %" PRId32, result);
  }
  return SIC_STATUS_OK;
}

sic_status_t sic_context_run(sic_context_t *context, const sic_tensor_t *inputs,
                             size_t num_inputs, const sic_tensor_t *outputs,
                             size_t num_outputs) {
  if (!context)
    return SIC_STATUS_NULL_POINTER;
  // A refused call writes nothing: the error belongs to the call in
  // progress.
  if (!enter(context))
    return context->busy_error.status;
  sic_status_t status = run(context, inputs, num_inputs, outputs, num_outputs);
  leave(context);
  return status;
}

/* sic_context_set_op_callback once the call holds the context. */
static sic_status_t set_op_callback(sic_context_t *context,
                                    sic_op_callback_t callback, void *user) {
  // The last run's error stays readable unless this call is refused.
  const sic_model_desc_t *desc = context->model->desc;
  if (callback && !(desc->hooks & SIC_HOOK_BEFORE_OP)) {
    sic_site_t site = {.model = desc->model_name};
    return sic_fail(&context->error, SIC_STATUS_NOT_INSTRUMENTED, &site,
                    "op callback: expected a model compiled with "
                    "--instrument, got one without before-op hooks");
  }
  context->callback = callback;
  context->user = user;
  return SIC_STATUS_OK;
}

sic_status_t sic_context_set_op_callback(sic_context_t *context,
                                         sic_op_callback_t callback,
                                         void *user) {
  if (!context)
    return SIC_STATUS_NULL_POINTER;
  // The callback is what a run in progress calls.
  if (!enter(context))
    return context->busy_error.status;
  sic_status_t status = set_op_callback(context, callback, user);
  leave(context);
  return status;
}

const char *sic_context_last_error(const sic_context_t *context) {
  if (!context)
    return NULL;
  // While a call holds the context its error is that call's to write; a
  // thread refused meanwhile reads its refusal.
  if (atomic_load_explicit(&context->busy, memory_order_acquire))
    return context->busy_error.message;
  return context->error.message;
}
