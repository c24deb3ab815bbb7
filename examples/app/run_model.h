/* run_model.h - Runs an open model on .npy inputs, printing its outputs. */
#ifndef EXAMPLE_RUN_MODEL_H
#define EXAMPLE_RUN_MODEL_H

#include <sic/runtime.h>

/** Runs `model` on the `count` .npy files at `paths` (one per input, in
 * order), each bound as the file describes it: the runtime refuses one that
 * does not fit the model. Prints each output, or the runtime's error.
 * Returns the process exit status: 0, or 1. */
int run_model(sic_model_t *model, int count, char **paths);

/** Prints a failed call's status and message; returns 1. */
int report(sic_status_t status, const char *message);

#endif /* EXAMPLE_RUN_MODEL_H */
