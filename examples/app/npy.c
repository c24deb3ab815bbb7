/* npy.c - A minimal .npy reader: format versions 1 to 3, C order. */
#define _POSIX_C_SOURCE 200809L

#include "npy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *path, const char *why) {
  fprintf(stderr, "%s: %s\n", path, why);
  return -1;
}

/* The dtype of a header's 'descr' value. */
static int parse_descr(const char *header, sic_dtype_t *dtype) {
  static const struct {
    const char *descr;
    sic_dtype_t dtype;
  } known[] = {{"'<f4'", SIC_DTYPE_F32},
               {"'<f8'", SIC_DTYPE_F64},
               {"'<i4'", SIC_DTYPE_I32},
               {"'<i8'", SIC_DTYPE_I64},
               {"'|b1'", SIC_DTYPE_BOOL}};
  const char *at = strstr(header, "'descr':");
  if (!at)
    return -1;
  at += strlen("'descr':");
  while (*at == ' ')
    ++at;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; ++i)
    if (strncmp(at, known[i].descr, strlen(known[i].descr)) == 0) {
      *dtype = known[i].dtype;
      return 0;
    }
  return -1;
}

/* The dims of a header's 'shape' tuple. */
static int parse_shape(const char *header, npy_tensor_t *tensor) {
  const char *at = strstr(header, "'shape':");
  if (!at || !(at = strchr(at, '(')))
    return -1;
  ++at;
  tensor->rank = 0;
  for (;;) {
    while (*at == ' ' || *at == ',')
      ++at;
    if (*at == ')')
      return 0;
    char *end;
    long long dim = strtoll(at, &end, 10);
    if (end == at || dim < 0 || tensor->rank == SIC_MAX_RANK)
      return -1;
    tensor->dims[tensor->rank++] = dim;
    at = end;
  }
}

int npy_read(const char *path, npy_tensor_t *tensor) {
  memset(tensor, 0, sizeof *tensor);
  FILE *file = fopen(path, "rb");
  if (!file)
    return fail(path, "cannot open the file");
  unsigned char preamble[12];
  int status = -1;
  char *header = NULL;
  if (fread(preamble, 1, 8, file) != 8 ||
      memcmp(preamble, "\x93NUMPY", 6) != 0) {
    fail(path, "not a .npy file");
    goto done;
  }
  size_t length_bytes = preamble[6] == 1 ? 2 : 4;
  if (fread(preamble + 8, 1, length_bytes, file) != length_bytes) {
    fail(path, "truncated header");
    goto done;
  }
  size_t header_length = preamble[8] | (size_t)preamble[9] << 8;
  if (length_bytes == 4)
    header_length |= (size_t)preamble[10] << 16 | (size_t)preamble[11] << 24;
  header = malloc(header_length + 1);
  if (!header || fread(header, 1, header_length, file) != header_length) {
    fail(path, "truncated header");
    goto done;
  }
  header[header_length] = '\0';
  if (strstr(header, "'fortran_order': True")) {
    fail(path, "Fortran order: write the array in C order");
    goto done;
  }
  if (parse_descr(header, &tensor->dtype) != 0) {
    fail(path, "element type other than <f4, <f8, <i4, <i8 or |b1");
    goto done;
  }
  if (parse_shape(header, tensor) != 0) {
    fail(path, "unreadable shape");
    goto done;
  }
  size_t elements = 1;
  for (uint32_t d = 0; d < tensor->rank; ++d)
    elements *= (size_t)tensor->dims[d];
  tensor->byte_size = elements * sic_dtype_size(tensor->dtype);
  // 64-byte aligned, as compiled models ask of their inputs.
  size_t allocated = (tensor->byte_size + 63) / 64 * 64;
  tensor->data = aligned_alloc(64, allocated ? allocated : 64);
  if (!tensor->data ||
      fread(tensor->data, 1, tensor->byte_size, file) != tensor->byte_size) {
    fail(path, "fewer elements than its shape says");
    free(tensor->data);
    tensor->data = NULL;
    goto done;
  }
  status = 0;
done:
  free(header);
  fclose(file);
  return status;
}
