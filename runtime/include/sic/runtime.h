/*===- sic/runtime.h - Open, bind and run compiled SIC models -------------===*
 *
 * Calling conventions
 * - Every function that can fail returns a sic_status_t; SIC_STATUS_OK is 0
 *   and every other value is a stable code (docs/runtime-errors.md).
 *   Results come back through out-parameters named out_...; on failure a
 *   handle out-parameter is set to NULL.
 * - Calls without a context (opening a model, creating a context) describe a
 *   failure in a caller-owned sic_error_t passed as out_error (may be NULL).
 *   sic_context_run describes it in the context, read by
 *   sic_context_last_error. A message names the model, the tensor (name and
 *   index) and the expected against the actual value, e.g.
 *   `model 'mnist': input 'x' (#0) dim 1: expected 784, got 785`.
 * - The library prints nothing, never aborts on bad input and keeps no global
 *   state.
 *
 * Ownership
 * - sic_model_t: made by sic_model_open or sic_model_open_static, freed by
 *   sic_model_close, which must come after every context of the model is
 *   destroyed. A static descriptor must outlive its model.
 * - Tensor descriptors and names a model returns belong to the model and stay
 *   valid until it is closed.
 * - sic_context_t: made by sic_context_create (owns its arena) or
 *   sic_context_create_borrowed (uses the caller's arena, which must outlive
 *   the context), freed by sic_context_destroy.
 * - An op callback's `user` pointer stays the caller's; the runtime passes
 *   it back and never frees it.
 * - Tensor data and dims stay the caller's: the runtime keeps no pointer to
 *   them after sic_context_run returns.
 *
 * Threads
 * - A model is immutable once open: any number of threads may query it,
 *   create contexts from it and run those contexts at the same time.
 * - A context is used by one thread at a time; give each thread its own.
 *   A call that finds the context running on another thread is refused
 *   with SIC_STATUS_CONTEXT_BUSY (a single atomic exchange per call).
 * - Within a run, a model compiled at -O2 or above shares the iterations of
 *   its large loops between the context's threads
 *   (sic_context_options_t.threads) or the application's parallel-for.
 *   Outputs are the same bits for every thread count.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_H
#define SIC_RUNTIME_H

#include "sic/abi.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of a runtime call; docs/runtime-errors.md explains each code.
 * The values are stable: codes are added, never renumbered. */
typedef enum sic_status_t {
  SIC_STATUS_OK = 0,
  /* Using the API. */
  SIC_STATUS_NULL_POINTER = 1,
  SIC_STATUS_OUT_OF_MEMORY = 2,
  SIC_STATUS_NOT_INSTRUMENTED = 3,
  SIC_STATUS_CONTEXT_BUSY = 4,
  SIC_STATUS_INVALID_OPTION = 5,
  SIC_STATUS_THREAD_FAILED = 6,
  /* Opening a model. */
  SIC_STATUS_OPEN_FAILED = 10,
  SIC_STATUS_SYMBOL_NOT_FOUND = 11,
  SIC_STATUS_CONTRACT_MISMATCH = 12,
  /* The descriptor a model exports. */
  SIC_STATUS_DESC_ABI_VERSION = 20,
  SIC_STATUS_DESC_NULL_FIELD = 21,
  SIC_STATUS_DESC_CHECK_POLICY = 22,
  SIC_STATUS_DESC_DTYPE = 23,
  SIC_STATUS_DESC_RANK = 24,
  SIC_STATUS_DESC_DIM = 25,
  SIC_STATUS_DESC_BYTE_SIZE = 26,
  SIC_STATUS_DESC_ALIGNMENT = 27,
  SIC_STATUS_DESC_CONTRACT_HASH = 28,
  SIC_STATUS_DESC_HOOKS = 29,
  SIC_STATUS_DESC_GUARD = 30,
  SIC_STATUS_DESC_INDEX_CHECK = 31,
  /* Binding tensors and arena to a call. */
  SIC_STATUS_COUNT_MISMATCH = 40,
  SIC_STATUS_DTYPE_MISMATCH = 41,
  SIC_STATUS_RANK_MISMATCH = 42,
  SIC_STATUS_DIM_MISMATCH = 43,
  SIC_STATUS_BYTE_SIZE_MISMATCH = 44,
  SIC_STATUS_MISALIGNED = 45,
  SIC_STATUS_OVERLAP = 46,
  SIC_STATUS_ARENA_TOO_SMALL = 47,
  SIC_STATUS_INVALID_BOOL = 48,
  /* Running. */
  SIC_STATUS_ENTRY_FAILED = 50,
  SIC_STATUS_NON_FINITE = 51,
  SIC_STATUS_ARENA_OVERRUN = 52,
  SIC_STATUS_INDEX_OUT_OF_RANGE = 53,
} sic_status_t;

/** The size of a message buffer, NUL included; longer messages are cut. */
#define SIC_ERROR_MESSAGE_SIZE 512

/** A caller-owned description of a failure. */
typedef struct sic_error_t {
  sic_status_t status;
  char message[SIC_ERROR_MESSAGE_SIZE]; /**< "" when status is OK */
} sic_error_t;

/** The expected contract hash that accepts any model. */
#define SIC_ANY_CONTRACT 0u

/** A caller's tensor bound to a model input or output: dense, row-major. */
typedef struct sic_tensor_t {
  void *data; /**< at the alignment the model asks for */
  sic_dtype_t dtype;
  uint32_t rank;
  const int64_t *dims; /**< `rank` dims; may be NULL when rank is 0 */
  size_t byte_size;    /**< bytes at `data`: product of dims times dtype size */
} sic_tensor_t;

/** An open model: its validated descriptor, and the library when it came
 * from a file. */
typedef struct sic_model_t sic_model_t;

/** What one thread needs to run a model: the arena and an error buffer. */
typedef struct sic_context_t sic_context_t;

/** The code's name, e.g. "SIC_STATUS_DIM_MISMATCH"; "SIC_STATUS_UNKNOWN"
 * for a value that is not a code. */
const char *sic_status_name(sic_status_t status);

/** "f32", "i32", "i64" or "bool"; "unknown" for a value that is not a dtype. */
const char *sic_dtype_name(sic_dtype_t dtype);

/** Opens a compiled model.so with dlopen (a path without '/' is searched for
 * like any shared library) and validates its descriptor. When
 * `expected_contract_hash` is not SIC_ANY_CONTRACT, a model whose contract
 * hash differs (the application was built against another model.h) is
 * refused. */
sic_status_t sic_model_open(const char *path, uint64_t expected_contract_hash,
                            sic_model_t **out_model, sic_error_t *out_error);

/** Opens a model linked into the application (model.o) from its descriptor,
 * validated and hash-checked like sic_model_open. */
sic_status_t sic_model_open_static(const sic_model_desc_t *descriptor,
                                   uint64_t expected_contract_hash,
                                   sic_model_t **out_model,
                                   sic_error_t *out_error);

/** Closes a model and unloads its library; NULL is ignored. */
void sic_model_close(sic_model_t *model);

/** The model's name; NULL for a NULL model. */
const char *sic_model_name(const sic_model_t *model);

/** The contract hash the model.h of this model records. */
uint64_t sic_model_contract_hash(const sic_model_t *model);

uint32_t sic_model_num_inputs(const sic_model_t *model);
uint32_t sic_model_num_outputs(const sic_model_t *model);

/** The input or output at `index` (name, dtype, rank, dims, byte size,
 * alignment); NULL when `index` is out of range or `model` is NULL. */
const sic_tensor_desc_t *sic_model_input(const sic_model_t *model,
                                         uint32_t index);
const sic_tensor_desc_t *sic_model_output(const sic_model_t *model,
                                          uint32_t index);

/** The scratch memory a call needs: what a borrowed arena must provide. */
uint64_t sic_model_arena_size(const sic_model_t *model);
uint64_t sic_model_arena_alignment(const sic_model_t *model);

/** The model's check policy: a sic_check_policy_t (0 for a NULL model). */
uint32_t sic_model_check_policy(const sic_model_t *model);

/** The op hooks the model's code calls: sic_hook_flags_t bits. A model
 * compiled with --instrument has both; one compiled with --checks=debug has
 * SIC_HOOK_AFTER_OP. */
uint32_t sic_model_hooks(const sic_model_t *model);

/** The ops of a model with hooks, in the order they run (0 without hooks),
 * and the one at `index`: its sic op, node name and output; NULL when
 * `index` is out of range or `model` is NULL. */
uint32_t sic_model_num_ops(const sic_model_t *model);
const sic_op_desc_t *sic_model_op(const sic_model_t *model, uint32_t index);

/** Creates a context that allocates and owns the model's arena. */
sic_status_t sic_context_create(const sic_model_t *model,
                                sic_context_t **out_context,
                                sic_error_t *out_error);

/** Creates a context that runs in the caller's `arena` of `arena_size`
 * bytes, which must be at least the model's arena size and aligned to its
 * arena alignment (NULL is fine when the model needs no arena). */
sic_status_t sic_context_create_borrowed(const sic_model_t *model, void *arena,
                                         size_t arena_size,
                                         sic_context_t **out_context,
                                         sic_error_t *out_error);

/** The most threads a context may have. */
#define SIC_MAX_THREADS 256u

/** The application's parallel-for: runs task(closure, c) once for every c
 * in [0, chunks), on any of its threads and in any order, and returns once
 * all have run. `user` is sic_context_options_t.parallel_for_user. Called
 * from sic_context_run, on the thread that runs the context. */
typedef void (*sic_parallel_for_t)(void *user, sic_task_fn_t task,
                                   void *closure, uint32_t chunks);

/** How a context runs; zero-initialize it and set what you need. */
typedef struct sic_context_options_t {
  /** Threads that share a run's parallel loops, the calling thread
   * included: the context starts `threads - 1` threads of its own, which
   * live until it is destroyed. 0 and 1: the calling thread alone. At most
   * SIC_MAX_THREADS. */
  uint32_t threads;
  /** The application's own parallel-for (its pool, TBB, OpenMP) instead of
   * the context's threads: then `threads` must be 0 or 1. NULL: none. */
  sic_parallel_for_t parallel_for;
  void *parallel_for_user; /**< passed to parallel_for */
  /** The caller's arena, as sic_context_create_borrowed takes it; NULL: the
   * context allocates and owns one. */
  void *arena;
  size_t arena_size;
} sic_context_options_t;

/** Creates a context as `options` say (NULL: as sic_context_create).
 * Refused with SIC_STATUS_INVALID_OPTION for more than SIC_MAX_THREADS
 * threads or for both threads and a parallel_for; SIC_STATUS_THREAD_FAILED
 * when a thread cannot be started. */
sic_status_t sic_context_create_with_options(
    const sic_model_t *model, const sic_context_options_t *options,
    sic_context_t **out_context, sic_error_t *out_error);

/** Destroys a context, stops its threads and frees its arena unless
 * borrowed; NULL is ignored. */
void sic_context_destroy(sic_context_t *context);

/** Checks every input and output against the model's signature (counts,
 * dtype, rank, dims, byte size, NULL, alignment, overlap) and that every
 * element of a bool input is 0 or 1, then runs the model, writing the
 * outputs. Tensors are in signature order. A model
 * compiled with --checks=debug also fails with SIC_STATUS_NON_FINITE or
 * SIC_STATUS_ARENA_OVERRUN, naming the first op whose output failed a
 * check; its outputs are then unspecified. While another call holds the
 * context (a run on another thread), refused with SIC_STATUS_CONTEXT_BUSY;
 * the refusal leaves the context to that call. */
sic_status_t sic_context_run(sic_context_t *context, const sic_tensor_t *inputs,
                             size_t num_inputs, const sic_tensor_t *outputs,
                             size_t num_outputs);

/** Whether an op callback sees the start or the end of an op. */
typedef enum sic_op_phase_t {
  SIC_OP_BEGIN = 0,
  SIC_OP_END = 1,
} sic_op_phase_t;

/** What an op callback is told. */
typedef struct sic_op_event_t {
  uint32_t op;               /**< the op's index (sic_model_op) */
  sic_op_phase_t phase;
  const sic_op_desc_t *desc; /**< the op: sic op, node name, output */
} sic_op_event_t;

/** Called on the thread that runs the context, at the start and the end of
 * every op of an instrumented model, in the order the ops run; `user` is
 * what sic_context_set_op_callback was given. It may take timestamps; it
 * must not run the context. */
typedef void (*sic_op_callback_t)(void *user, const sic_op_event_t *event);

/** Calls `callback` (NULL: none) around every op of the context's runs from
 * now on. Needs a model compiled with --instrument: others are refused with
 * SIC_STATUS_NOT_INSTRUMENTED, described by sic_context_last_error; while
 * a run holds the context, with SIC_STATUS_CONTEXT_BUSY. */
sic_status_t sic_context_set_op_callback(sic_context_t *context,
                                         sic_op_callback_t callback,
                                         void *user);

/** The message of the context's last sic_context_run (or refused
 * sic_context_set_op_callback): "" after a success; NULL for a NULL context.
 * Valid until the next such call on the context or its destruction. While
 * a call holds the context, the message of SIC_STATUS_CONTEXT_BUSY: what a
 * thread refused meanwhile reads. */
const char *sic_context_last_error(const sic_context_t *context);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SIC_RUNTIME_H */
