/*===- error.c - Writing the runtime's error messages ---------------------===*/

#include "error.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

void sic_error_clear(sic_error_t *error) {
  if (!error)
    return;
  error->status = SIC_STATUS_OK;
  error->message[0] = '\0';
}

int sic_tensor_label(char *buffer, size_t size, const char *role,
                     uint32_t index, const char *name) {
  if (name)
    return snprintf(buffer, size, "%s '%s' (#%" PRIu32 ")", role, name, index);
  return snprintf(buffer, size, "%s #%" PRIu32, role, index);
}

/* Where the next part of a message goes: past what snprintf wrote, or at the
 * end of the buffer when the message was cut. */
static size_t advance(size_t length, int written, size_t capacity) {
  if (written > 0)
    length += (size_t)written;
  return length < capacity ? length : capacity - 1;
}

sic_status_t sic_fail(sic_error_t *error, sic_status_t status,
                      const sic_site_t *site, const char *format, ...) {
  if (!error)
    return status;
  error->status = status;
  char *message = error->message;
  const size_t capacity = sizeof error->message;
  size_t length = 0;
  if (site->model)
    length = advance(length,
                     snprintf(message, capacity, "model '%s': ", site->model),
                     capacity);
  else if (site->path)
    length = advance(
        length, snprintf(message, capacity, "model file '%s': ", site->path),
        capacity);
  if (site->role) {
    length = advance(length,
                     sic_tensor_label(message + length, capacity - length,
                                      site->role, site->index, site->tensor),
                     capacity);
    length = advance(length, snprintf(message + length, capacity - length, " "),
                     capacity);
  }
  va_list args;
  va_start(args, format);
  vsnprintf(message + length, capacity - length, format, args);
  va_end(args);
  return status;
}

sic_status_t sic_fail_null(sic_error_t *error, const sic_site_t *site,
                           const char *name) {
  return sic_fail(error, SIC_STATUS_NULL_POINTER, site,
                  "%s: expected a pointer, got NULL", name);
}
