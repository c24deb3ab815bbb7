/*===- check_overhead.c - What the runtime's release checks cost per call -===*
 *
 * Runs one compiled model two ways in the same process:
 *   checked    sic_context_run: the binding checks (counts, dtypes, ranks,
 *              dims, byte sizes, NULL, alignment, overlap), then the entry;
 *   unchecked  the descriptor's entry, called directly with the same data
 *              pointers and the same arena.
 * Both are timed in batches of back-to-back calls, alternating which way
 * goes first in each pair of batches, so that drift (clock frequency, other
 * load) falls on both alike. Prints the median ns per call of each, the
 * overhead (the median of the paired differences) and the ratio.
 *
 *   sic-bench-check-overhead model.so [--batches N] [--calls N] [--control]
 *
 * --control times the direct call against itself instead: the overhead it
 * prints then is the method's own bias and noise, the floor under any
 * overhead it can tell apart.
 *
 * Only release models without hooks: the entry of a debug or instrumented
 * model calls the runtime's environment, which a direct call does not pass.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "sic/runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROGRAM "sic-bench-check-overhead"

/* Untimed batches of each way before the timed ones. */
#define WARMUP_BATCHES 5
/* Without --calls, a batch is as many calls as take about this long. */
#define TARGET_BATCH_NS 1e6
#define MAX_CALLS (1u << 24)

/* What both ways run on: one model, its tensors, one arena. */
typedef struct bench_t {
  sic_model_t *model;
  sic_context_t *context;
  void *library;
  sic_entry_fn_t entry;
  uint32_t num_inputs, num_outputs;
  sic_tensor_t *inputs, *outputs; /* for sic_context_run */
  void **pointers;                /* the entry's inputs, then outputs */
  void *arena;
  uint64_t arena_size;
} bench_t;

static int fail(const char *format, const char *detail) {
  fprintf(stderr, PROGRAM ": error: ");
  fprintf(stderr, format, detail);
  fprintf(stderr, "\n");
  return 1;
}

static double now_ns(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (double)time.tv_sec * 1e9 + (double)time.tv_nsec;
}

/* Memory of `size` bytes (at least 1) at `alignment` (a power of 2, at
 * least a cache line), zeroed. */
static void *allocate(uint64_t size, uint64_t alignment) {
  if (alignment < 64)
    alignment = 64;
  uint64_t rounded = (size + alignment - 1) & ~(alignment - 1);
  void *data =
      aligned_alloc((size_t)alignment, (size_t)(rounded ? rounded : alignment));
  if (data)
    memset(data, 0, (size_t)(rounded ? rounded : alignment));
  return data;
}

/* Fills an input with small values that no model divides by zero with. */
static void fill(const sic_tensor_desc_t *desc, void *data) {
  uint64_t count = desc->byte_size / sic_dtype_size(desc->dtype);
  for (uint64_t i = 0; i < count; ++i) {
    if (desc->dtype == SIC_DTYPE_F32)
      ((float *)data)[i] = (float)((int)(i % 7) - 3) * 0.25f;
    else if (desc->dtype == SIC_DTYPE_I32)
      ((int32_t *)data)[i] = (int32_t)(1 + i % 7);
    else if (desc->dtype == SIC_DTYPE_BOOL)
      ((uint8_t *)data)[i] = (uint8_t)(i % 2);
    else
      ((int64_t *)data)[i] = (int64_t)(1 + i % 7);
  }
}

/* Binds one caller's tensor of `desc`, with data of its own. */
static int bind(const sic_tensor_desc_t *desc, int is_input,
                sic_tensor_t *tensor, void **pointer) {
  void *data = allocate(desc->byte_size, desc->alignment);
  if (!data)
    return fail("cannot allocate tensor '%s'", desc->name);
  if (is_input)
    fill(desc, data);
  tensor->data = data;
  tensor->dtype = (sic_dtype_t)desc->dtype;
  tensor->rank = desc->rank;
  tensor->dims = desc->dims;
  tensor->byte_size = (size_t)desc->byte_size;
  *pointer = data;
  return 0;
}

static int open_bench(const char *path, bench_t *bench) {
  sic_error_t error;
  if (sic_model_open(path, SIC_ANY_CONTRACT, &bench->model, &error))
    return fail("%s", error.message);
  // The same file again: dlopen hands back the library the runtime opened,
  // so both ways call the same entry.
  bench->library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  const sic_model_desc_t *desc =
      bench->library ? dlsym(bench->library, SIC_DESCRIPTOR_SYMBOL) : NULL;
  if (!desc) {
    const char *why = dlerror();
    return fail("%s", why ? why : "no descriptor");
  }
  if (desc->check_policy != SIC_CHECK_RELEASE || desc->hooks != 0)
    return fail("model '%s' has op hooks (debug checks or instrumentation); "
                "its entry calls the runtime's environment, so only release "
                "models without hooks can be called directly",
                desc->model_name);
  bench->entry = desc->entry;
  bench->num_inputs = desc->num_inputs;
  bench->num_outputs = desc->num_outputs;
  uint32_t num_tensors = desc->num_inputs + desc->num_outputs;
  bench->inputs = calloc(desc->num_inputs + 1, sizeof *bench->inputs);
  bench->outputs = calloc(desc->num_outputs + 1, sizeof *bench->outputs);
  bench->pointers = calloc(num_tensors + 1, sizeof *bench->pointers);
  if (!bench->inputs || !bench->outputs || !bench->pointers)
    return fail("%s", "out of memory");
  for (uint32_t i = 0; i < desc->num_inputs; ++i)
    if (bind(&desc->inputs[i], 1, &bench->inputs[i], &bench->pointers[i]))
      return 1;
  for (uint32_t i = 0; i < desc->num_outputs; ++i)
    if (bind(&desc->outputs[i], 0, &bench->outputs[i],
             &bench->pointers[desc->num_inputs + i]))
      return 1;
  // One arena for both ways: the context borrows it.
  bench->arena_size = desc->arena_size;
  if (desc->arena_size > 0) {
    bench->arena = allocate(desc->arena_size, desc->arena_alignment);
    if (!bench->arena)
      return fail("%s", "cannot allocate the arena");
  }
  if (sic_context_create_borrowed(bench->model, bench->arena,
                                  (size_t)desc->arena_size, &bench->context,
                                  &error))
    return fail("%s", error.message);
  return 0;
}

static void close_bench(bench_t *bench) {
  sic_context_destroy(bench->context);
  for (uint32_t i = 0; bench->inputs && i < bench->num_inputs; ++i)
    free(bench->inputs[i].data);
  for (uint32_t i = 0; bench->outputs && i < bench->num_outputs; ++i)
    free(bench->outputs[i].data);
  free(bench->inputs);
  free(bench->outputs);
  free(bench->pointers);
  free(bench->arena);
  if (bench->library)
    dlclose(bench->library);
  sic_model_close(bench->model);
}

/* `calls` calls through sic_context_run; ns per call, or -1 on an error. */
static double time_checked(bench_t *bench, uint32_t calls) {
  double start = now_ns();
  for (uint32_t i = 0; i < calls; ++i)
    if (sic_context_run(bench->context, bench->inputs, bench->num_inputs,
                        bench->outputs, bench->num_outputs) != SIC_STATUS_OK)
      return -1;
  return (now_ns() - start) / calls;
}

/* `calls` direct calls of the entry; ns per call, or -1 on an error. */
static double time_unchecked(bench_t *bench, uint32_t calls) {
  void *const *inputs = bench->pointers;
  void *const *outputs = bench->pointers + bench->num_inputs;
  double start = now_ns();
  for (uint32_t i = 0; i < calls; ++i)
    if (bench->entry(inputs, outputs, bench->arena, NULL) != 0)
      return -1;
  return (now_ns() - start) / calls;
}

/* Runs both ways once; both must succeed and write the same outputs. */
static int check_both_ways(bench_t *bench) {
  if (time_checked(bench, 1) < 0)
    return fail("sic_context_run: %s", sic_context_last_error(bench->context));
  size_t total = 0;
  for (uint32_t i = 0; i < bench->num_outputs; ++i)
    total += bench->outputs[i].byte_size;
  unsigned char *expected = malloc(total ? total : 1);
  if (!expected)
    return fail("%s", "out of memory");
  size_t offset = 0;
  for (uint32_t i = 0; i < bench->num_outputs; ++i) {
    memcpy(expected + offset, bench->outputs[i].data,
           bench->outputs[i].byte_size);
    memset(bench->outputs[i].data, 0, bench->outputs[i].byte_size);
    offset += bench->outputs[i].byte_size;
  }
  int result = 0;
  if (time_unchecked(bench, 1) < 0)
    result = fail("%s", "the entry returned an error");
  offset = 0;
  for (uint32_t i = 0; !result && i < bench->num_outputs; ++i) {
    if (memcmp(expected + offset, bench->outputs[i].data,
               bench->outputs[i].byte_size))
      result = fail("the direct call wrote another output '%s' than "
                    "sic_context_run",
                    sic_model_output(bench->model, i)->name);
    offset += bench->outputs[i].byte_size;
  }
  free(expected);
  return result;
}

static int compare_doubles(const void *lhs, const void *rhs) {
  double a = *(const double *)lhs, b = *(const double *)rhs;
  return a < b ? -1 : a > b;
}

/* The median of `values` (sorted in place). */
static double median(double *values, uint32_t count) {
  qsort(values, count, sizeof *values, compare_doubles);
  return count % 2 ? values[count / 2]
                   : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* Parses a count in [1, max]; 0 on anything else. */
static uint32_t parse_count(const char *text, uint32_t max) {
  char *end;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno || end == text || *end || text[0] == '-' || value < 1 ||
      value > max)
    return 0;
  return (uint32_t)value;
}

static int usage(void) {
  fprintf(stderr,
          "usage: " PROGRAM " model.so [--batches N] [--calls N] [--control]\n"
          "  --batches N  timed batches of each way (default 200)\n"
          "  --calls N    calls per batch (default: as many as take about "
          "1 ms)\n"
          "  --control    time the direct call against itself (the "
          "method's floor)\n"
          "A path without '/' is a file in the current folder.\n");
  return 1;
}

int main(int argc, char **argv) {
  const char *model_path = NULL;
  uint32_t batches = 200, calls = 0;
  int control = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--batches") && i + 1 < argc) {
      if (!(batches = parse_count(argv[++i], 1u << 20)))
        return fail("--batches: expected a count from 1 to 1048576, got '%s'",
                    argv[i]);
    } else if (!strcmp(argv[i], "--calls") && i + 1 < argc) {
      if (!(calls = parse_count(argv[++i], MAX_CALLS)))
        return fail("--calls: expected a count from 1 to 16777216, got '%s'",
                    argv[i]);
    } else if (!strcmp(argv[i], "--control")) {
      control = 1;
    } else if (argv[i][0] == '-' || model_path) {
      return usage();
    } else {
      model_path = argv[i];
    }
  }
  if (!model_path)
    return usage();
  char *path = malloc(strlen(model_path) + 3);
  if (!path)
    return fail("%s", "out of memory");
  sprintf(path, "%s%s", strchr(model_path, '/') ? "" : "./", model_path);

  bench_t bench = {0};
  double *checked = calloc(batches, sizeof *checked);
  double *unchecked = calloc(batches, sizeof *unchecked);
  double *overhead = calloc(batches, sizeof *overhead);
  int result = !checked || !unchecked || !overhead ? fail("%s", "out of memory")
                                                   : open_bench(path, &bench);
  if (!result)
    result = check_both_ways(&bench);
  if (!result && !calls) {
    // Doubles the batch until one takes about TARGET_BATCH_NS.
    for (calls = 1; calls < MAX_CALLS; calls *= 2)
      if (time_checked(&bench, calls) * calls >= TARGET_BATCH_NS)
        break;
  }
  double (*time_first_way)(bench_t *, uint32_t) =
      control ? time_unchecked : time_checked;
  for (uint32_t b = 0; !result && b < WARMUP_BATCHES + batches; ++b) {
    double first, second;
    // Even batches time the checked way first, odd ones the unchecked way.
    if (b % 2 == 0) {
      first = time_first_way(&bench, calls);
      second = time_unchecked(&bench, calls);
    } else {
      first = time_unchecked(&bench, calls);
      second = time_first_way(&bench, calls);
    }
    if (first < 0 || second < 0) {
      result = fail("%s", "a call failed while timing");
      break;
    }
    if (b < WARMUP_BATCHES)
      continue;
    uint32_t i = b - WARMUP_BATCHES;
    checked[i] = b % 2 == 0 ? first : second;
    unchecked[i] = b % 2 == 0 ? second : first;
    overhead[i] = checked[i] - unchecked[i];
  }
  if (!result) {
    printf("model '%s' (%s): inputs %" PRIu32 ", outputs %" PRIu32
           ", arena %" PRIu64 " bytes\n",
           sic_model_name(bench.model), model_path, bench.num_inputs,
           bench.num_outputs, bench.arena_size);
    printf("%" PRIu32 " batches of %" PRIu32
           " calls each way, alternating which goes first\n",
           batches, calls);
    // median() sorts, so [0] is the fastest batch afterwards.
    double checked_ns = median(checked, batches);
    double unchecked_ns = median(unchecked, batches);
    printf("%s: %.1f ns/call (median of batches; min %.1f)\n",
           control ? "control (entry again)" : "checked (sic_context_run)",
           checked_ns, checked[0]);
    printf("unchecked (entry): %.1f ns/call (median of batches; min %.1f)\n",
           unchecked_ns, unchecked[0]);
    printf("overhead: %.1f ns/call (median of the paired differences)\n",
           median(overhead, batches));
    printf("ratio checked/unchecked: %.3f\n", checked_ns / unchecked_ns);
  }
  close_bench(&bench);
  free(checked);
  free(unchecked);
  free(overhead);
  free(path);
  return result;
}
