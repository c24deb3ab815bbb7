/* classify_library.c - The mlp model loaded from a model.so at run time,
 * checked against the header this program was built with.
 *
 *   classify_library ./mlp.so x.npy
 */
#include "mlp.h"
#include "run_model.h"

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s model.so x.npy\n", argv[0]);
    return 2;
  }
  sic_model_t *model = NULL;
  sic_error_t error;
  sic_status_t status =
      sic_model_open(argv[1], SIC_MLP_CONTRACT_HASH, &model, &error);
  if (status != SIC_STATUS_OK)
    return report(status, error.message);
  int result = run_model(model, argc - 2, argv + 2);
  sic_model_close(model);
  return result;
}
