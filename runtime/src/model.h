/*===- model.h - An open model --------------------------------------------===*/

#ifndef SIC_RUNTIME_MODEL_H
#define SIC_RUNTIME_MODEL_H

#include "sic/runtime.h"

/** Never changed after open, so threads share it without locks. */
struct sic_model_t {
  const sic_model_desc_t *desc; /**< validated */
  void *library;                /**< dlopen handle; NULL for a static model */
};

#endif /* SIC_RUNTIME_MODEL_H */
