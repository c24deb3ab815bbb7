/*===- chunks.c - The chunks test model: a parallel loop ------------------===*
 *
 * y = 2 * x over 1000 elements, computed as a compiled model's parallel
 * loop is: 100 chunks of 10 elements handed to sic_env_t.parallel_for.
 * Each chunk also counts its runs in the arena; `runs` is the count of each
 * chunk, so a test sees a chunk run twice or never.
 *
 *===----------------------------------------------------------------------===*/

#include "test_models.h"

enum { ELEMENTS = 1000, CHUNKS = 100, CHUNK = ELEMENTS / CHUNKS };

typedef struct closure_t {
  const float *x;
  float *y;
  int32_t *runs;
} closure_t;

static void chunk(void *opaque, uint32_t index) {
  closure_t *closure = opaque;
  for (uint32_t i = index * CHUNK; i < (index + 1) * CHUNK; ++i)
    closure->y[i] = 2.0f * closure->x[i];
  ++closure->runs[index];
}

static int32_t chunks_entry(void *const *inputs, void *const *outputs,
                            void *arena, const sic_env_t *env) {
  int32_t *runs = arena;
  for (int i = 0; i < CHUNKS; ++i)
    runs[i] = 0;
  closure_t closure = {inputs[0], outputs[0], runs};
  env->parallel_for(env, chunk, &closure, CHUNKS);
  int32_t *counts = outputs[1];
  for (int i = 0; i < CHUNKS; ++i)
    counts[i] = runs[i];
  return 0;
}

static const int64_t chunks_elements[] = {ELEMENTS};
static const int64_t chunks_count[] = {CHUNKS};

static const sic_tensor_desc_t chunks_inputs[] = {
    {"x", SIC_DTYPE_F32, 1, chunks_elements, 4000, 64},
};

static const sic_tensor_desc_t chunks_outputs[] = {
    {"y", SIC_DTYPE_F32, 1, chunks_elements, 4000, 64},
    {"runs", SIC_DTYPE_I32, 1, chunks_count, 400, 64},
};

const sic_model_desc_t sic_test_chunks = {
    .abi_version = SIC_ABI_VERSION,
    .check_policy = SIC_CHECK_RELEASE,
    .contract_hash = CHUNKS_CONTRACT_HASH,
    .model_name = "chunks",
    .num_inputs = 1,
    .num_outputs = 2,
    .inputs = chunks_inputs,
    .outputs = chunks_outputs,
    .arena_size = 400,
    .arena_alignment = 64,
    .entry = chunks_entry,
};
