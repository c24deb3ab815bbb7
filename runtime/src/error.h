/*===- error.h - Writing the runtime's error messages ---------------------===*
 *
 * Every message starts with the model ("model 'name'", or "model file
 * 'path'" before the name is known; nothing when neither is) and, for a tensor,
 *its role, name and index, then says what was expected and what was found.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_ERROR_H
#define SIC_RUNTIME_ERROR_H

#include "sic/runtime.h"

/** Where a failure was found. Unset fields are NULL. */
typedef struct sic_site_t {
  const char *model;  /**< the model's name, once known */
  const char *path;   /**< the file it came from, if any */
  const char *role;   /**< "input" or "output" for a tensor */
  uint32_t index;     /**< the tensor's position among its role */
  const char *tensor; /**< the tensor's name, if it has one */
} sic_site_t;

/** Sets `error` (when not NULL) to success. */
void sic_error_clear(sic_error_t *error);

/** Writes `status` and the message for `site` followed by the printf-style
 * detail into `error` (when not NULL); returns `status`. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
sic_status_t
sic_fail(sic_error_t *error, sic_status_t status, const sic_site_t *site,
         const char *format, ...);

/** sic_fail for a required pointer, named `name`, that is NULL. */
sic_status_t sic_fail_null(sic_error_t *error, const sic_site_t *site,
                           const char *name);

/** Writes "input 'x' (#0)", or "input #0" without a name, into `buffer`;
 * returns what snprintf returns. */
int sic_tensor_label(char *buffer, size_t size, const char *role,
                     uint32_t index, const char *name);

#endif /* SIC_RUNTIME_ERROR_H */
