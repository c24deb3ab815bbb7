/* classify_static.c - The mlp model linked in: its object file and header
 * come from sic_add_model (CMakeLists.txt).
 *
 *   classify_static x.npy
 */
#include "mlp.h"
#include "run_model.h"

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s x.npy\n", argv[0]);
    return 2;
  }
  sic_model_t *model = NULL;
  sic_error_t error;
  // The hash of the header this program was built with: a model that does
  // not match it is refused here, not misused later.
  sic_status_t status = sic_model_open_static(
      &SIC_MLP_DESCRIPTOR, SIC_MLP_CONTRACT_HASH, &model, &error);
  if (status != SIC_STATUS_OK)
    return report(status, error.message);
  int result = run_model(model, argc - 1, argv + 1);
  sic_model_close(model);
  return result;
}
