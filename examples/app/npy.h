/* npy.h - Reading a .npy file into memory the runtime can bind. */
#ifndef EXAMPLE_NPY_H
#define EXAMPLE_NPY_H

#include <sic/runtime.h>

#include <stddef.h>
#include <stdint.h>

/** A tensor read from a .npy file: its data (aligned to 64 bytes; free with
 * free()), dtype, rank and dims, as the file describes them. */
typedef struct npy_tensor_t {
  void *data;
  sic_dtype_t dtype;
  uint32_t rank;
  int64_t dims[SIC_MAX_RANK];
  size_t byte_size;
} npy_tensor_t;

/** Reads `path` (little-endian f32, i32, i64 or bool, C order). Returns 0,
 * or -1 after printing why to stderr. */
int npy_read(const char *path, npy_tensor_t *tensor);

#endif /* EXAMPLE_NPY_H */
