/*===- descriptor_fuzzer.c - Fuzz opening a descriptor and using the model -===*
 *
 * Builds a model descriptor from the input: one of the hand-written test
 * models, then edits of any of its fields. Opens it with
 * sic_model_open_static and, when the runtime accepts it, uses it as an
 * application would: queries, a context on an owned or a borrowed arena, an
 * op callback, and runs with right or wrong bindings, through a stub entry
 * that calls the op hooks as the input says. A crash, a sanitizer report, a
 * leak or a broken invariant (abort) is a bug; each one found becomes a
 * regression test in the runtime's GoogleTest suite.
 *
 * Threat model. A descriptor comes from a model.so that may be stale,
 * miscompiled or damaged; loading a library runs its code, so the runtime
 * guards against a wrong descriptor, not against one built to attack.
 * - Hostile, so fuzzed: every value the runtime reads and checks. The ABI
 *   version, check policy, contract hash, names (any bytes, any length,
 *   printf directives), dtypes, ranks, dims, byte sizes, alignments, arena
 *   size and alignment, hook flags, the op table, the guards, the index
 *   check table, any pointer being NULL; and from the model's code, the op
 *   indices and op output pointers (NULL included) it passes to the hooks,
 *   the check numbers and indices it reports as faults and the status it
 *   returns. Each must be refused with its code or handled: nothing may be
 *   read or written outside the objects the descriptor points at.
 * - Trusted, since no check can tell: that a non-NULL pointer points at live
 *   memory of the extent the descriptor gives it (its count of elements for
 *   an array, `rank` dims, a NUL-terminated string), as a dangling pointer
 *   cannot be told from a good one; that this memory does not change while
 *   the model is open; and that the code keeps to the descriptor (writes
 *   only the outputs and the arena, passes an op's hook an output of the
 *   op's byte size). So every array and string here is in memory of its own
 *   of exactly that extent, where AddressSanitizer sees a read past it; a
 *   tensor whose rank is above SIC_MAX_RANK gets no dims at all, since the
 *   runtime must refuse the rank before it reads any; and the stub entry
 *   keeps to the descriptor. The application is trusted the same way: the
 *   bindings here claim no memory the fuzzer does not own.
 *
 * Input: the template (byte % 8: add_one, add_pair, checked, profiled,
 * gather, logical_not, overrun, and add_one again), the
 * number of edits (byte % 16) and the edits, the contract hash to expect,
 * then how to use the model (see use_model). Bytes past the end read as 0,
 * the default of every choice; choices are bytes modulo at most 16, so the
 * seeds, text files, read the digit '0' as 0 ('0' is 48).
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "sic/runtime.h"
#include "test_models.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Inputs, outputs, ops or guards a descriptor here has at most. */
#define MAX_ITEMS 8
/* The most a tensor, an op's output or an arena may take to be bound,
 * allocated or checked here: keeps each input fast. */
#define MAX_BYTES (16u << 10)
/* The most steps a stub entry takes. */
#define MAX_STEPS 15
/* The largest alignment the fuzzer's own buffers provide. */
#define MAX_ALIGNMENT 4096u

/* Fails the input: an invariant of the runtime does not hold. */
static void require(bool holds) {
  if (!holds)
    abort();
}

/*--- Reading the input ---------------------------------------------------*/

typedef struct reader_t {
  const uint8_t *data;
  size_t size;
} reader_t;

/* The next `bytes` bytes as a little-endian integer; 0 past the end. */
static uint64_t take(reader_t *in, unsigned bytes) {
  uint64_t value = 0;
  for (unsigned i = 0; i < bytes && in->size > 0; ++i, ++in->data, --in->size)
    value |= (uint64_t)*in->data << (8 * i);
  return value;
}

static uint8_t take_u8(reader_t *in) { return (uint8_t)take(in, 1); }
static uint32_t take_u32(reader_t *in) { return (uint32_t)take(in, 4); }
static uint64_t take_u64(reader_t *in) { return take(in, 8); }

/* A power of 2 (a byte below 64 is its exponent), or any value. */
static uint64_t take_alignment(reader_t *in) {
  uint8_t exponent = take_u8(in);
  return exponent < 64 ? (uint64_t)1 << exponent : take_u64(in);
}

/*--- The descriptor as edited ----------------------------------------------*/

/* A string's bytes (a NUL among them ends it early), or NULL. */
typedef struct name_t {
  const uint8_t *bytes;
  size_t length;
  bool null;
} name_t;

typedef struct tensor_spec_t {
  name_t name;
  uint32_t dtype, rank;
  int64_t dims[SIC_MAX_RANK];
  bool null_dims;
  uint64_t byte_size, alignment;
} tensor_spec_t;

typedef struct op_spec_t {
  name_t op, node;
  tensor_spec_t output;
} op_spec_t;

typedef struct index_check_spec_t {
  name_t op, node;
  int64_t dim, size;
} index_check_spec_t;

typedef struct spec_t {
  uint32_t abi_version, check_policy, hooks;
  bool hash_given; /* else the hash of the signature, when it has one */
  uint64_t contract_hash;
  name_t model_name;
  uint32_t num_inputs, num_outputs, num_ops, num_guards, num_index_checks;
  bool null_inputs, null_outputs, null_ops, null_guards, null_index_checks,
      null_entry;
  tensor_spec_t inputs[MAX_ITEMS], outputs[MAX_ITEMS];
  op_spec_t ops[MAX_ITEMS];
  sic_guard_desc_t guards[MAX_ITEMS];
  index_check_spec_t index_checks[MAX_ITEMS];
  uint64_t arena_size, arena_alignment;
} spec_t;

static name_t name_of(const char *text) {
  name_t name = {(const uint8_t *)text, text ? strlen(text) : 0, !text};
  return name;
}

static tensor_spec_t tensor_of(const sic_tensor_desc_t *desc) {
  tensor_spec_t spec = {
      name_of(desc->name), desc->dtype,    desc->rank, {0}, false,
      desc->byte_size,     desc->alignment};
  for (uint32_t d = 0; d < desc->rank; ++d)
    spec.dims[d] = desc->dims[d];
  return spec;
}

/* Loads a test model; slots past its counts hold valid items, so that a
 * raised count adds something plausible. */
static void load_template(const sic_model_desc_t *desc, spec_t *spec) {
  static const sic_tensor_desc_t scalar = {"t", SIC_DTYPE_F32, 0, NULL, 4, 4};
  memset(spec, 0, sizeof *spec);
  spec->abi_version = desc->abi_version;
  spec->check_policy = desc->check_policy;
  spec->hooks = desc->hooks;
  spec->model_name = name_of(desc->model_name);
  spec->num_inputs = desc->num_inputs;
  spec->num_outputs = desc->num_outputs;
  spec->num_ops = desc->num_ops;
  spec->num_guards = desc->num_guards;
  spec->num_index_checks = desc->num_index_checks;
  spec->arena_size = desc->arena_size;
  spec->arena_alignment = desc->arena_alignment;
  for (uint32_t i = 0; i < MAX_ITEMS; ++i) {
    spec->inputs[i] =
        tensor_of(i < desc->num_inputs ? &desc->inputs[i] : &scalar);
    spec->outputs[i] =
        tensor_of(i < desc->num_outputs ? &desc->outputs[i] : &scalar);
    op_spec_t op = {name_of("sic.add"), name_of("n"), tensor_of(&scalar)};
    if (i < desc->num_ops)
      op = (op_spec_t){name_of(desc->ops[i].op), name_of(desc->ops[i].node),
                       tensor_of(&desc->ops[i].output)};
    spec->ops[i] = op;
    sic_guard_desc_t guard = {0, 1};
    spec->guards[i] = i < desc->num_guards ? desc->guards[i] : guard;
    index_check_spec_t check = {name_of("sic.gather"), name_of("n"), 0, 1};
    if (i < desc->num_index_checks)
      check = (index_check_spec_t){name_of(desc->index_checks[i].op),
                                   name_of(desc->index_checks[i].node),
                                   desc->index_checks[i].dim,
                                   desc->index_checks[i].size};
    spec->index_checks[i] = check;
  }
}

static void edit_name(reader_t *in, name_t *name) {
  size_t length = (size_t)take(in, 2);
  name->null = length == 0xffff;
  if (name->null)
    return;
  if (length > in->size)
    length = in->size;
  name->bytes = in->data;
  name->length = length;
  in->data += length;
  in->size -= length;
}

static void edit_tensor(reader_t *in, tensor_spec_t *tensor) {
  switch (take_u8(in) % 8) {
  case 0:
    edit_name(in, &tensor->name);
    break;
  case 1:
    tensor->dtype = take_u32(in);
    break;
  case 2:
    tensor->rank = take_u8(in);
    break;
  case 3: {
    uint8_t d = take_u8(in) % SIC_MAX_RANK;
    tensor->dims[d] = (int64_t)take_u64(in);
    break;
  }
  case 4:
    tensor->byte_size = take_u64(in);
    break;
  case 5: {
    // The size the dims give (wrapping): a valid tensor after dim edits.
    uint64_t bytes = sic_dtype_size(tensor->dtype);
    for (uint32_t d = 0; d < tensor->rank && d < SIC_MAX_RANK; ++d)
      bytes *= (uint64_t)tensor->dims[d];
    tensor->byte_size = bytes;
    break;
  }
  case 6:
    tensor->alignment = take_alignment(in);
    break;
  default:
    tensor->null_dims = !tensor->null_dims;
    break;
  }
}

static void edit_spec(reader_t *in, spec_t *spec) {
  uint8_t index;
  switch (take_u8(in) % 16) {
  case 0:
    spec->abi_version = take_u32(in);
    break;
  case 1:
    spec->check_policy = take_u32(in);
    break;
  case 2:
    spec->hash_given = true;
    spec->contract_hash = take_u64(in);
    break;
  case 3:
    edit_name(in, &spec->model_name);
    break;
  case 4:
    spec->num_inputs = take_u8(in) % (MAX_ITEMS + 1);
    break;
  case 5:
    spec->num_outputs = take_u8(in) % (MAX_ITEMS + 1);
    break;
  case 6:
    index = take_u8(in) % MAX_ITEMS;
    edit_tensor(in, &spec->inputs[index]);
    break;
  case 7:
    index = take_u8(in) % MAX_ITEMS;
    edit_tensor(in, &spec->outputs[index]);
    break;
  case 8:
    spec->arena_size = take_u64(in);
    break;
  case 9:
    spec->arena_alignment = take_alignment(in);
    break;
  case 10:
    spec->hooks = take_u32(in);
    break;
  case 11:
    spec->num_ops = take_u8(in) % (MAX_ITEMS + 1);
    break;
  case 12: {
    op_spec_t *op = &spec->ops[take_u8(in) % MAX_ITEMS];
    uint8_t field = take_u8(in) % 4;
    if (field == 0)
      edit_name(in, &op->op);
    else if (field == 1)
      edit_name(in, &op->node);
    else
      edit_tensor(in, &op->output);
    break;
  }
  case 13:
    spec->num_guards = take_u8(in) % (MAX_ITEMS + 1);
    break;
  case 14: {
    sic_guard_desc_t *guard = &spec->guards[take_u8(in) % MAX_ITEMS];
    guard->offset = take_u64(in);
    guard->size = take_u64(in);
    break;
  }
  default:
    switch (take_u8(in) % 8) {
    case 0:
      spec->null_inputs = !spec->null_inputs;
      break;
    case 1:
      spec->null_outputs = !spec->null_outputs;
      break;
    case 2:
      spec->null_ops = !spec->null_ops;
      break;
    case 3:
      spec->null_guards = !spec->null_guards;
      break;
    case 4:
      spec->null_index_checks = !spec->null_index_checks;
      break;
    case 5:
      spec->num_index_checks = take_u8(in) % (MAX_ITEMS + 1);
      break;
    case 6: {
      index_check_spec_t *check = &spec->index_checks[take_u8(in) % MAX_ITEMS];
      uint8_t field = take_u8(in) % 4;
      if (field == 0)
        edit_name(in, &check->op);
      else if (field == 1)
        edit_name(in, &check->node);
      else if (field == 2)
        check->dim = (int64_t)take_u64(in);
      else
        check->size = (int64_t)take_u64(in);
      break;
    }
    default:
      spec->null_entry = !spec->null_entry;
      break;
    }
    break;
  }
}

/*--- The descriptor in memory of exact extents ---------------------------*/

/* Everything a built descriptor (or a run) allocated, freed together. */
typedef struct allocations_t {
  void *blocks[256];
  size_t count;
} allocations_t;

/* `size` bytes of their own, zeroed (an empty block, where any read is
 * past the end, may be NULL); freed with the list. */
static void *own(allocations_t *list, size_t size) {
  require(list->count < sizeof list->blocks / sizeof list->blocks[0]);
  void *block = calloc(1, size);
  require(block || size == 0);
  list->blocks[list->count++] = block;
  return block;
}

static void free_all(allocations_t *list) {
  for (size_t i = 0; i < list->count; ++i)
    free(list->blocks[i]);
  list->count = 0;
}

static const char *build_name(allocations_t *list, name_t name) {
  if (name.null)
    return NULL;
  char *text = own(list, name.length + 1);
  if (name.length)
    memcpy(text, name.bytes, name.length);
  return text;
}

static void build_tensor(allocations_t *list, const tensor_spec_t *spec,
                         sic_tensor_desc_t *tensor) {
  tensor->name = build_name(list, spec->name);
  tensor->dtype = spec->dtype;
  tensor->rank = spec->rank;
  // No dims at all past SIC_MAX_RANK: the runtime must not read them.
  uint32_t count = spec->rank <= SIC_MAX_RANK ? spec->rank : 0;
  int64_t *dims = NULL;
  if (!spec->null_dims) {
    dims = own(list, count * sizeof *dims);
    for (uint32_t d = 0; d < count; ++d)
      dims[d] = spec->dims[d];
  }
  tensor->dims = dims;
  tensor->byte_size = spec->byte_size;
  tensor->alignment = spec->alignment;
}

static sic_tensor_desc_t *build_tensors(allocations_t *list,
                                        const tensor_spec_t *specs,
                                        uint32_t count, bool null) {
  if (null)
    return NULL;
  sic_tensor_desc_t *tensors = own(list, count * sizeof *tensors);
  for (uint32_t i = 0; i < count; ++i)
    build_tensor(list, &specs[i], &tensors[i]);
  return tensors;
}

/* Whether the signature can be hashed without reading past what was built;
 * where it cannot, the runtime refuses the descriptor before the hash. */
static bool hashable(const sic_tensor_desc_t *tensors, uint32_t count) {
  if (count > 0 && !tensors)
    return false;
  for (uint32_t i = 0; i < count; ++i)
    if (!tensors[i].name || tensors[i].rank > SIC_MAX_RANK ||
        (tensors[i].rank > 0 && !tensors[i].dims))
      return false;
  return true;
}

static int32_t stub_entry(void *const *inputs, void *const *outputs,
                          void *arena, const sic_env_t *env);

static sic_model_desc_t *build_desc(allocations_t *list, const spec_t *spec) {
  sic_model_desc_t *desc = own(list, sizeof *desc);
  desc->abi_version = spec->abi_version;
  desc->check_policy = spec->check_policy;
  desc->model_name = build_name(list, spec->model_name);
  desc->num_inputs = spec->num_inputs;
  desc->num_outputs = spec->num_outputs;
  desc->inputs =
      build_tensors(list, spec->inputs, spec->num_inputs, spec->null_inputs);
  desc->outputs =
      build_tensors(list, spec->outputs, spec->num_outputs, spec->null_outputs);
  desc->arena_size = spec->arena_size;
  desc->arena_alignment = spec->arena_alignment;
  desc->entry = spec->null_entry ? NULL : stub_entry;
  desc->hooks = spec->hooks;
  desc->num_ops = spec->num_ops;
  if (!spec->null_ops) {
    sic_op_desc_t *ops = own(list, spec->num_ops * sizeof *ops);
    for (uint32_t i = 0; i < spec->num_ops; ++i) {
      ops[i].op = build_name(list, spec->ops[i].op);
      ops[i].node = build_name(list, spec->ops[i].node);
      build_tensor(list, &spec->ops[i].output, &ops[i].output);
    }
    desc->ops = ops;
  }
  desc->num_guards = spec->num_guards;
  if (!spec->null_guards) {
    sic_guard_desc_t *guards = own(list, spec->num_guards * sizeof *guards);
    for (uint32_t i = 0; i < spec->num_guards; ++i)
      guards[i] = spec->guards[i];
    desc->guards = guards;
  }
  desc->num_index_checks = spec->num_index_checks;
  if (!spec->null_index_checks) {
    sic_index_check_desc_t *checks =
        own(list, spec->num_index_checks * sizeof *checks);
    for (uint32_t i = 0; i < spec->num_index_checks; ++i) {
      checks[i].op = build_name(list, spec->index_checks[i].op);
      checks[i].node = build_name(list, spec->index_checks[i].node);
      checks[i].dim = spec->index_checks[i].dim;
      checks[i].size = spec->index_checks[i].size;
    }
    desc->index_checks = checks;
  }
  if (spec->hash_given)
    desc->contract_hash = spec->contract_hash;
  else if (hashable(desc->inputs, desc->num_inputs) &&
           hashable(desc->outputs, desc->num_outputs))
    desc->contract_hash = sic_contract_hash(desc->num_inputs, desc->inputs,
                                            desc->num_outputs, desc->outputs);
  return desc;
}

/*--- Using an open model ---------------------------------------------------*/

/* What the stub entry does: call a hook, scribble on the arena, return a
 * status or report an index out of range. */
typedef enum step_kind_t {
  STEP_BEFORE_OP,
  STEP_AFTER_OP,
  STEP_WRITE_ARENA,
  STEP_RETURN,
  STEP_INDEX_FAULT,
  NUM_STEP_KINDS,
} step_kind_t;

typedef struct step_t {
  step_kind_t kind;
  uint32_t op;
  const void *output; /* the op's output: the fuzzer's, or NULL */
  uint64_t offset, length;
  uint8_t byte;
  int32_t status;
  int64_t index; /* the index a fault reports; `op` is its check */
} step_t;

/* One run: the binding the application passes and what the entry does. */
typedef struct run_t {
  const sic_model_desc_t *desc;
  sic_tensor_t *inputs, *outputs;
  size_t num_inputs, num_outputs;
  step_t steps[MAX_STEPS];
  size_t num_steps;
  bool entered;
} run_t;

/* The run in progress, for the stub entry. */
static run_t *current_run;

/* A model's code that keeps to its descriptor: checks what the runtime
 * passed, writes every output, then takes its steps. */
static int32_t stub_entry(void *const *inputs, void *const *outputs,
                          void *arena, const sic_env_t *env) {
  run_t *run = current_run;
  require(run && !run->entered && env && env->before_op && env->after_op &&
          env->index_fault);
  run->entered = true;
  const sic_model_desc_t *desc = run->desc;
  // The runtime ran the entry for a binding of exactly the model's tensors.
  require(run->num_inputs == desc->num_inputs &&
          run->num_outputs == desc->num_outputs);
  require(desc->arena_size == 0 || arena);
  for (uint32_t i = 0; i < desc->num_inputs; ++i)
    require(inputs[i] == run->inputs[i].data);
  for (uint32_t i = 0; i < desc->num_outputs; ++i) {
    require(outputs[i] == run->outputs[i].data);
    // An output without elements may have no data at all.
    if (desc->outputs[i].byte_size > 0)
      memset(outputs[i], 0x5a, (size_t)desc->outputs[i].byte_size);
  }
  int32_t status = 0;
  for (size_t s = 0; s < run->num_steps; ++s) {
    const step_t *step = &run->steps[s];
    switch (step->kind) {
    case STEP_BEFORE_OP:
      env->before_op(env, step->op);
      break;
    case STEP_AFTER_OP:
      env->after_op(env, step->op, step->output);
      break;
    case STEP_WRITE_ARENA:
      if (desc->arena_size > 0) {
        uint64_t offset = step->offset % desc->arena_size;
        uint64_t length = step->length % (desc->arena_size - offset + 1);
        memset((unsigned char *)arena + offset, step->byte, (size_t)length);
      }
      break;
    case STEP_RETURN:
      status = step->status;
      break;
    case STEP_INDEX_FAULT:
      env->index_fault(env, step->op, step->index);
      break;
    case NUM_STEP_KINDS:
      break;
    }
  }
  return status;
}

/* The op callback: events name ops of the table, in range. */
static void check_event(void *user, const sic_op_event_t *event) {
  const sic_model_t *model = user;
  require(event->op < sic_model_num_ops(model));
  require(event->desc == sic_model_op(model, event->op));
  require(event->phase == SIC_OP_BEGIN || event->phase == SIC_OP_END);
}

/* A known code with a message that fits, empty exactly on success. */
static void check_outcome(sic_status_t status, const char *message) {
  require(strcmp(sic_status_name(status), "SIC_STATUS_UNKNOWN") != 0);
  require(message &&
          strnlen(message, SIC_ERROR_MESSAGE_SIZE) < SIC_ERROR_MESSAGE_SIZE);
  require((status == SIC_STATUS_OK) == (message[0] == '\0'));
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* A copy of `count` dims (of `from`, 1 past its `available`) in memory of
 * its own. */
static int64_t *copy_dims(allocations_t *list, const int64_t *from,
                          uint32_t available, uint32_t count) {
  int64_t *dims = own(list, count * sizeof *dims);
  for (uint32_t d = 0; d < count; ++d)
    dims[d] = from && d < available ? from[d] : 1;
  return dims;
}

/* Breaks one thing of a binding, as the input says; every data pointer
 * still claims memory the fuzzer owns. */
static void edit_binding(reader_t *in, allocations_t *list, run_t *run,
                         unsigned char *scratch, size_t scratch_size) {
  bool output = take_u8(in) % 2;
  sic_tensor_t **tensors = output ? &run->outputs : &run->inputs;
  size_t *count = output ? &run->num_outputs : &run->num_inputs;
  uint32_t model_count =
      output ? run->desc->num_outputs : run->desc->num_inputs;
  const sic_tensor_desc_t *model_tensors =
      output ? run->desc->outputs : run->desc->inputs;
  uint8_t what = take_u8(in) % 8, index = take_u8(in);
  if (what == 7) {
    // One tensor more (with no data), one fewer, or no array.
    if (index % 3 == 2) {
      *tensors = NULL;
      return;
    }
    size_t wanted = index % 3 == 0 ? *count + 1 : (*count ? *count - 1 : 0);
    sic_tensor_t *resized = own(list, wanted * sizeof *resized);
    size_t kept = (size_t)min_u64(wanted, *count);
    if (*tensors && kept)
      memcpy(resized, *tensors, kept * sizeof *resized);
    *tensors = resized;
    *count = wanted;
    return;
  }
  if (!*tensors || *count == 0)
    return;
  index = (uint8_t)(index % *count);
  sic_tensor_t *tensor = &(*tensors)[index];
  switch (what) {
  case 0:
    tensor->dtype = (sic_dtype_t)take_u32(in);
    break;
  case 1: {
    uint32_t rank = take_u8(in) % (SIC_MAX_RANK + 4);
    tensor->dims = copy_dims(list, tensor->dims, tensor->rank, rank);
    tensor->rank = rank;
    break;
  }
  case 2:
    if (tensor->rank > 0) {
      int64_t *dims = copy_dims(list, tensor->dims, tensor->rank, tensor->rank);
      dims[take_u8(in) % tensor->rank] = (int64_t)take_u64(in);
      tensor->dims = dims;
    }
    break;
  case 3:
    tensor->byte_size = (size_t)take_u64(in);
    break;
  case 4:
    tensor->data = NULL;
    break;
  case 5:
    tensor->dims = NULL;
    break;
  default: {
    // Anywhere in the scratch memory the model's byte size fits: shared
    // with other tensors, or misaligned.
    uint64_t size = index < model_count ? model_tensors[index].byte_size : 0;
    tensor->data = scratch + take_u32(in) % (scratch_size - size + 1);
    break;
  }
  }
}

/* Plans the stub entry's steps; op outputs are the fuzzer's memory. */
static void plan_steps(reader_t *in, allocations_t *list, run_t *run) {
  const sic_model_desc_t *desc = run->desc;
  run->num_steps = take_u8(in) % (MAX_STEPS + 1);
  for (size_t s = 0; s < run->num_steps; ++s) {
    step_t *step = &run->steps[s];
    memset(step, 0, sizeof *step);
    // Modulo 8 first, so that the digit '0' of a text seed reads as 0.
    step->kind = (step_kind_t)(take_u8(in) % 8 % NUM_STEP_KINDS);
    step->op = take_u8(in) % 16;
    if (step->kind == STEP_AFTER_OP && step->op < desc->num_ops &&
        desc->ops[step->op].output.byte_size <= MAX_BYTES &&
        !(take_u8(in) % 2)) {
      size_t size = (size_t)desc->ops[step->op].output.byte_size;
      unsigned char *output = own(list, size);
      uint32_t pattern = take_u32(in);
      for (size_t b = 0; b < size; ++b)
        output[b] = (unsigned char)(pattern >> (8 * (b % 4)));
      step->output = output;
    }
    if (step->kind == STEP_WRITE_ARENA) {
      step->offset = take_u64(in);
      step->length = take_u8(in);
      step->byte = take_u8(in);
    }
    if (step->kind == STEP_RETURN)
      step->status = (int32_t)take_u32(in);
    if (step->kind == STEP_INDEX_FAULT)
      step->index = (int64_t)take_u64(in);
  }
}

/* Lays the model's tensors out in scratch memory at their alignment (up to
 * MAX_ALIGNMENT); false when they take more than MAX_BYTES. */
static bool bind_all(allocations_t *list, run_t *run, unsigned char **scratch,
                     size_t *scratch_size) {
  const sic_model_desc_t *desc = run->desc;
  uint64_t total = 0;
  for (uint32_t i = 0; i < desc->num_inputs + desc->num_outputs; ++i) {
    const sic_tensor_desc_t *tensor =
        i < desc->num_inputs ? &desc->inputs[i]
                             : &desc->outputs[i - desc->num_inputs];
    if (tensor->byte_size > MAX_BYTES)
      return false;
    total += tensor->byte_size + MAX_ALIGNMENT;
  }
  *scratch_size = (size_t)total + MAX_ALIGNMENT;
  *scratch = own(list, *scratch_size + MAX_ALIGNMENT);
  unsigned char *at =
      (unsigned char *)(((uintptr_t)*scratch + MAX_ALIGNMENT - 1) &
                        ~(uintptr_t)(MAX_ALIGNMENT - 1));
  run->num_inputs = desc->num_inputs;
  run->num_outputs = desc->num_outputs;
  run->inputs = own(list, desc->num_inputs * sizeof *run->inputs);
  run->outputs = own(list, desc->num_outputs * sizeof *run->outputs);
  for (uint32_t i = 0; i < desc->num_inputs + desc->num_outputs; ++i) {
    bool is_input = i < desc->num_inputs;
    const sic_tensor_desc_t *tensor =
        is_input ? &desc->inputs[i] : &desc->outputs[i - desc->num_inputs];
    uintptr_t alignment = (uintptr_t)min_u64(tensor->alignment, MAX_ALIGNMENT);
    at = (unsigned char *)(((uintptr_t)at + alignment - 1) & ~(alignment - 1));
    sic_tensor_t *bound =
        is_input ? &run->inputs[i] : &run->outputs[i - desc->num_inputs];
    *bound = (sic_tensor_t){
        at, (sic_dtype_t)tensor->dtype, tensor->rank,
        copy_dims(list, tensor->dims, tensor->rank, tensor->rank),
        (size_t)tensor->byte_size};
    at += tensor->byte_size;
  }
  return true;
}

/* One run as the input says. */
static void run_once(reader_t *in, sic_context_t *context,
                     const sic_model_desc_t *desc) {
  allocations_t list = {.count = 0};
  run_t run = {.desc = desc};
  unsigned char *scratch;
  size_t scratch_size;
  if (bind_all(&list, &run, &scratch, &scratch_size)) {
    for (uint8_t edits = take_u8(in) % 4; edits > 0; --edits)
      edit_binding(in, &list, &run, scratch, scratch_size);
    plan_steps(in, &list, &run);
    current_run = &run;
    sic_status_t status = sic_context_run(context, run.inputs, run.num_inputs,
                                          run.outputs, run.num_outputs);
    current_run = NULL;
    check_outcome(status, sic_context_last_error(context));
    // The entry ran exactly when the binding passed its checks.
    require(run.entered ==
            (status == SIC_STATUS_OK || status >= SIC_STATUS_ENTRY_FAILED));
  }
  free_all(&list);
}

/* A context on an owned arena, or on a borrowed one that is right, too
 * small, misaligned or NULL. */
static sic_context_t *create_context(reader_t *in, const sic_model_t *model,
                                     allocations_t *list) {
  uint64_t arena_size = sic_model_arena_size(model);
  uint64_t alignment = sic_model_arena_alignment(model);
  uint8_t mode = take_u8(in) % 4;
  sic_context_t *context = NULL;
  sic_error_t error;
  sic_status_t status;
  // An owned arena is allocated only when small: the runtime allocates its
  // size rounded up to its alignment, and an absurd alignment (2^40) would
  // ask for that much, which libFuzzer and ASan count as a crash although
  // the runtime reports a failed allocation as SIC_STATUS_OUT_OF_MEMORY.
  if (mode == 0 && arena_size <= MAX_BYTES && alignment <= MAX_ALIGNMENT) {
    status = sic_context_create(model, &context, &error);
  } else {
    size_t size = (size_t)min_u64(arena_size, MAX_BYTES);
    size_t shift = 0;
    if (mode == 2) {
      size = take_u8(in) * (size_t)64;
      shift = take_u8(in) % 64;
    }
    unsigned char *memory = own(list, size + shift + MAX_ALIGNMENT);
    unsigned char *arena =
        (unsigned char *)(((uintptr_t)memory + MAX_ALIGNMENT - 1) &
                          ~(uintptr_t)(MAX_ALIGNMENT - 1)) +
        shift;
    if (mode == 3)
      arena = NULL;
    status = sic_context_create_borrowed(model, arena, size, &context, &error);
    // Never accepts an arena smaller or less aligned than the model's.
    require(status != SIC_STATUS_OK || arena_size == 0 ||
            (arena && size >= arena_size &&
             ((uintptr_t)arena & (alignment - 1)) == 0));
  }
  check_outcome(status, error.message);
  require((status == SIC_STATUS_OK) == (context != NULL));
  return context;
}

/* Queries the open model: what it says is the descriptor's. */
static void check_queries(const sic_model_t *model,
                          const sic_model_desc_t *desc) {
  require(sic_model_name(model) == desc->model_name);
  require(sic_model_contract_hash(model) == desc->contract_hash);
  require(sic_model_num_inputs(model) == desc->num_inputs);
  require(sic_model_num_outputs(model) == desc->num_outputs);
  require(sic_model_num_ops(model) == desc->num_ops);
  require(sic_model_arena_size(model) == desc->arena_size);
  require(sic_model_arena_alignment(model) == desc->arena_alignment);
  require(sic_model_check_policy(model) == desc->check_policy);
  require(sic_model_hooks(model) == desc->hooks);
  for (uint32_t i = 0; i <= desc->num_inputs; ++i)
    require(sic_model_input(model, i) ==
            (i < desc->num_inputs ? &desc->inputs[i] : NULL));
  for (uint32_t i = 0; i <= desc->num_outputs; ++i)
    require(sic_model_output(model, i) ==
            (i < desc->num_outputs ? &desc->outputs[i] : NULL));
  for (uint32_t i = 0; i <= desc->num_ops; ++i)
    require(sic_model_op(model, i) ==
            (i < desc->num_ops ? &desc->ops[i] : NULL));
}

/* After the descriptor: a context (byte % 4: owned, borrowed, borrowed of
 * the input's size and offset, NULL), the op callback (byte % 2), the
 * number of runs (1 + byte % 4), and per run binding edits (byte % 4 of
 * them) and entry steps (byte % 16 of them). */
static void use_model(reader_t *in, const sic_model_t *model,
                      const sic_model_desc_t *desc) {
  check_queries(model, desc);
  allocations_t list = {.count = 0};
  sic_context_t *context = create_context(in, model, &list);
  if (context) {
    if (take_u8(in) % 2) {
      sic_status_t status =
          sic_context_set_op_callback(context, check_event, (void *)model);
      check_outcome(status, sic_context_last_error(context));
      require(status == (desc->hooks & SIC_HOOK_BEFORE_OP
                             ? SIC_STATUS_OK
                             : SIC_STATUS_NOT_INSTRUMENTED));
    }
    for (uint8_t runs = 1 + take_u8(in) % 4; runs > 0; --runs)
      run_once(in, context, desc);
  }
  sic_context_destroy(context);
  free_all(&list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const sic_model_desc_t *const templates[8] = {
      &sic_test_add_one,  &sic_test_add_pair, &sic_test_checked,
      &sic_test_profiled, &sic_test_gather,   &sic_test_logical_not,
      &sic_test_overrun,  &sic_test_add_one};
  reader_t in = {data, size};
  spec_t spec;
  load_template(templates[take_u8(&in) % 8], &spec);
  for (uint8_t edits = take_u8(&in) % 16; edits > 0; --edits)
    edit_spec(&in, &spec);
  allocations_t list = {.count = 0};
  const sic_model_desc_t *desc = build_desc(&list, &spec);
  // The application's expected hash: any, the model's, another, or input's.
  uint8_t expect = take_u8(&in) % 4;
  uint64_t expected = expect == 0   ? SIC_ANY_CONTRACT
                      : expect == 1 ? desc->contract_hash
                      : expect == 2 ? desc->contract_hash ^ 1
                                    : take_u64(&in);
  sic_model_t *model = NULL;
  sic_error_t error;
  sic_status_t status = sic_model_open_static(desc, expected, &model, &error);
  check_outcome(status, error.message);
  require(error.status == status && (status == SIC_STATUS_OK) == !!model);
  if (model)
    use_model(&in, model, desc);
  sic_model_close(model);
  free_all(&list);
  return 0;
}
