/*===- sic/abi.h - The contract between a compiled model and the runtime --===*
 *
 * A compiled model (model.so or model.o) exports one descriptor,
 * `sic_model_descriptor` (SIC_DESCRIPTOR_SYMBOL), of type sic_model_desc_t.
 * It describes the model's signature and memory needs and points at the
 * entry function. The runtime reads the descriptor, checks every call against
 * it, and calls the entry; the compiler writes it. Nothing else crosses
 * between them but the table of services the runtime passes to the entry
 * (sic_env_t), so a model.so has no link-time dependency on the runtime.
 *
 * Every field is fixed once SIC_ABI_VERSION is released: a change of layout or
 * meaning bumps the version, and the runtime refuses versions it does not
 * know. Plain C99, no dependencies; included by the runtime (C) and by the
 * compiler (C++).
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_ABI_H
#define SIC_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The descriptor layout and entry convention this header describes.
 * Version 2 added the environment table, the op table, the guards and the
 * hook flags. Version 3 added the index checks: sic_env_t.index_fault and
 * the descriptor's index check table. Version 4 added the parallel loops:
 * sic_env_t.parallel_for. The runtime refuses other versions
 * (SIC_STATUS_DESC_ABI_VERSION): recompile the model. */
#define SIC_ABI_VERSION 4u

/** The name of the descriptor a compiled model exports. */
#define SIC_DESCRIPTOR_SYMBOL "sic_model_descriptor"

/** The highest rank of an input or output; the runtime refuses a descriptor
 * with more. */
#define SIC_MAX_RANK 16u

/** Element types of model inputs and outputs. */
typedef enum sic_dtype_t {
  SIC_DTYPE_F32 = 1,
  SIC_DTYPE_I32 = 2,
  SIC_DTYPE_I64 = 3,
  SIC_DTYPE_BOOL = 4, /**< one byte per element, each 0 (false) or 1 (true) */
  SIC_DTYPE_F64 = 5,  /**< IEEE 754 binary64 */
  SIC_DTYPE_I8 = 6,
  SIC_DTYPE_U8 = 7,
  SIC_DTYPE_I16 = 8,
  SIC_DTYPE_U16 = 9,
  SIC_DTYPE_U32 = 10,
  SIC_DTYPE_U64 = 11,
  SIC_DTYPE_F16 = 12,  /**< IEEE 754 binary16 */
  SIC_DTYPE_BF16 = 13, /**< bfloat16: the upper half of a binary32 */
} sic_dtype_t;

/** Bytes per element of a dtype; 0 for a value that is not a sic_dtype_t. */
static inline uint64_t sic_dtype_size(uint32_t dtype) {
  switch (dtype) {
  case SIC_DTYPE_F32:
  case SIC_DTYPE_I32:
  case SIC_DTYPE_U32:
    return 4;
  case SIC_DTYPE_I64:
  case SIC_DTYPE_F64:
  case SIC_DTYPE_U64:
    return 8;
  case SIC_DTYPE_BOOL:
  case SIC_DTYPE_I8:
  case SIC_DTYPE_U8:
    return 1;
  case SIC_DTYPE_I16:
  case SIC_DTYPE_U16:
  case SIC_DTYPE_F16:
  case SIC_DTYPE_BF16:
    return 2;
  default:
    return 0;
  }
}

/** What a compiled model checks beyond the runtime's binding checks. */
typedef enum sic_check_policy_t {
  SIC_CHECK_RELEASE = 0, /**< binding contract only; kernels have no hooks */
  SIC_CHECK_DEBUG = 1,   /**< also checks every op's output through the env:
                              NaN/Inf and the arena's canaries */
} sic_check_policy_t;

/** One input or output of a model: a dense row-major tensor. */
typedef struct sic_tensor_desc_t {
  const char *name;      /**< the model's name for it, NUL-terminated */
  uint32_t dtype;        /**< a sic_dtype_t */
  uint32_t rank;         /**< number of dims; 0 is a scalar */
  const int64_t *dims;   /**< `rank` dims, each >= 1 */
  uint64_t byte_size;    /**< product of dims times the element size */
  uint64_t alignment;    /**< required alignment of the data, a power of 2 */
} sic_tensor_desc_t;

/** Which op hooks a model's code calls (sic_model_desc_t.hooks). */
typedef enum sic_hook_flags_t {
  SIC_HOOK_AFTER_OP = 1u,  /**< after every op: --checks=debug, --instrument */
  SIC_HOOK_BEFORE_OP = 2u, /**< before every op: --instrument */
} sic_hook_flags_t;

/** One chunk of a parallel loop of a model's code: computes chunk `chunk`
 * of the loop whose captured values `closure` holds. Chunks of one loop
 * write disjoint bytes, so any number of them may run at the same time. */
typedef void (*sic_task_fn_t)(void *closure, uint32_t chunk);

/** The table of services the runtime hands to the entry on each call. Code
 * with hooks calls them through it, and code with parallel loops calls
 * parallel_for, so a model.so links against nothing of the runtime. The
 * runtime fills every field. */
typedef struct sic_env_t sic_env_t;
struct sic_env_t {
  /** Called before op `op` (an index into sic_model_desc_t.ops) runs. */
  void (*before_op)(const sic_env_t *env, uint32_t op);
  /** Called after op `op` wrote its output; `output` points at it, dense
   * and row-major as its sic_op_desc_t describes. Failures of debug checks
   * are recorded by the runtime, not returned: the code runs on. */
  void (*after_op)(const sic_env_t *env, uint32_t op, const void *output);
  /** Called when an index read from data is out of range: `check` is an
   * index into sic_model_desc_t.index_checks, `index` the value read. The
   * runtime fails the run; the code runs on, reading an element in range
   * in its place, so no byte outside a buffer is read or written. */
  void (*index_fault)(const sic_env_t *env, uint32_t check, int64_t index);
  /** Runs task(closure, c) once for every c in [0, chunks), on any threads
   * in any order, and returns when all have run. A loop's chunks do not
   * depend on the thread count, nor does what a chunk computes, so outputs
   * are the same bits however the runtime shares them. */
  void (*parallel_for)(const sic_env_t *env, sic_task_fn_t task, void *closure,
                       uint32_t chunks);
  /** The runtime's own state; the code never reads it. */
  void *runtime;
};

/** The entry function. `inputs` and `outputs` hold one data pointer per
 * tensor, in signature order; `arena` is the scratch memory (arena_size
 * bytes at arena_alignment; may be NULL when arena_size is 0). The entry
 * reads inputs and never writes them, so two inputs may share memory; it
 * writes outputs and the arena, which overlap nothing else. It assumes the
 * runtime has checked the binding: counts, sizes, alignment and overlap.
 * `env` is the runtime's table, which code with hooks calls. Returns 0; the
 * runtime reports any other value as a failure of the entry. */
typedef int32_t (*sic_entry_fn_t)(void *const *inputs, void *const *outputs,
                                  void *arena, const sic_env_t *env);

/** One op of a model with hooks: what the runtime names in a debug check's
 * message and a profile. */
typedef struct sic_op_desc_t {
  const char *op;           /**< the sic op, e.g. "sic.conv2d" */
  const char *node;         /**< the model's node name */
  sic_tensor_desc_t output; /**< its output; name "" when the model gives it
                                 none, alignment the element size */
} sic_op_desc_t;

/** A canary region of the arena (debug policy): bytes between and around
 * the buffers the code uses, which no op may write. */
typedef struct sic_guard_desc_t {
  uint64_t offset; /**< from the start of the arena */
  uint64_t size;   /**< bytes, at least 1 */
} sic_guard_desc_t;

/** Where the code reads data at indices computed at run time (a gather on
 * indices that are an input or computed from one): each index must be in
 * [-size, size), a negative one counting from the end. */
typedef struct sic_index_check_desc_t {
  const char *op;   /**< the sic op, e.g. "sic.gather" */
  const char *node; /**< the model's node name */
  int64_t dim;      /**< the dimension of the op's data the index selects */
  int64_t size;     /**< that dimension's size, at least 1 */
} sic_index_check_desc_t;

/** The descriptor a compiled model exports. */
typedef struct sic_model_desc_t {
  uint32_t abi_version;          /**< SIC_ABI_VERSION of the compiler */
  uint32_t check_policy;         /**< a sic_check_policy_t */
  uint64_t contract_hash;        /**< sic_contract_hash() of the signature */
  const char *model_name;        /**< NUL-terminated */
  uint32_t num_inputs;
  uint32_t num_outputs;
  const sic_tensor_desc_t *inputs;
  const sic_tensor_desc_t *outputs;
  uint64_t arena_size;           /**< bytes of scratch memory a call needs */
  uint64_t arena_alignment;      /**< a power of 2 */
  sic_entry_fn_t entry;
  uint32_t hooks;                /**< sic_hook_flags_t the code calls */
  uint32_t num_ops;              /**< 0 when the code has no hooks */
  const sic_op_desc_t *ops;      /**< the ops in the order they run */
  uint32_t num_guards;           /**< 0 unless the policy is debug */
  const sic_guard_desc_t *guards; /**< canaries within the arena */
  uint32_t num_index_checks;      /**< 0 when no index is read from data */
  const sic_index_check_desc_t *index_checks; /**< what index_fault names */
} sic_model_desc_t;

/** FNV-1a, 64 bits, continued from `hash` over `size` bytes. */
static inline uint64_t sic_fnv1a(uint64_t hash, const void *data,
                                 size_t size) {
  const unsigned char *bytes = (const unsigned char *)data;
  for (size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 1099511628211ull;
  }
  return hash;
}

/** Adds one tensor to a contract hash: its name with the NUL, then dtype,
 * rank and dims as little-endian 64-bit integers. */
static inline uint64_t sic_hash_tensor(uint64_t hash,
                                       const sic_tensor_desc_t *tensor) {
  const char *name = tensor->name ? tensor->name : "";
  size_t length = 0;
  while (name[length])
    ++length;
  hash = sic_fnv1a(hash, name, length + 1);
  uint64_t fields[2] = {tensor->dtype, tensor->rank};
  for (int i = 0; i < 2 + (int)tensor->rank; ++i) {
    uint64_t value = i < 2 ? fields[i] : (uint64_t)tensor->dims[i - 2];
    unsigned char le[8];
    for (int b = 0; b < 8; ++b)
      le[b] = (unsigned char)(value >> (8 * b));
    hash = sic_fnv1a(hash, le, sizeof le);
  }
  return hash;
}

/** The contract hash of a signature: the ABI version, the input and output
 * counts, then every input and every output. Names, dtypes and shapes are
 * what an application binds against; the hash changes when any of them does.
 */
static inline uint64_t sic_contract_hash(uint32_t num_inputs,
                                         const sic_tensor_desc_t *inputs,
                                         uint32_t num_outputs,
                                         const sic_tensor_desc_t *outputs) {
  uint64_t hash = 14695981039346656037ull;
  uint32_t header[3] = {SIC_ABI_VERSION, num_inputs, num_outputs};
  for (int i = 0; i < 3; ++i) {
    unsigned char le[4];
    for (int b = 0; b < 4; ++b)
      le[b] = (unsigned char)(header[i] >> (8 * b));
    hash = sic_fnv1a(hash, le, sizeof le);
  }
  for (uint32_t i = 0; i < num_inputs; ++i)
    hash = sic_hash_tensor(hash, &inputs[i]);
  for (uint32_t i = 0; i < num_outputs; ++i)
    hash = sic_hash_tensor(hash, &outputs[i]);
  return hash;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SIC_ABI_H */
