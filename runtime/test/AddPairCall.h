//===- AddPairCall.h - One correctly bound call of add_pair -----*- C++ -*-===//
//
// Tests start from a binding that passes every check and break one thing.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUNTIME_TEST_ADDPAIRCALL_H
#define SIC_RUNTIME_TEST_ADDPAIRCALL_H

#include "sic/runtime.h"

#include <cstdint>

/// The buffers of one add_pair call and the tensors that describe them.
/// Each buffer has room beyond its tensor, so tests can shift pointers.
struct AddPairCall {
  static constexpr int64_t dims[2] = {2, 3};

  alignas(64) float a[8] = {1, 2, 3, 4, 5, 6};
  alignas(64) float b[8] = {-2, -2, -2, -2, -2, -2};
  alignas(64) float sum[8] = {};
  alignas(64) int64_t positives[2] = {};
  sic_tensor_t inputs[2] = {
      {a, SIC_DTYPE_F32, 2, dims, sizeof(float) * 6},
      {b, SIC_DTYPE_F32, 2, dims, sizeof(float) * 6},
  };
  sic_tensor_t outputs[2] = {
      {sum, SIC_DTYPE_F32, 2, dims, sizeof(float) * 6},
      {positives, SIC_DTYPE_I64, 0, nullptr, sizeof(int64_t)},
  };

  AddPairCall() = default;
  AddPairCall(const AddPairCall &) = delete;
  AddPairCall &operator=(const AddPairCall &) = delete;

  sic_status_t run(sic_context_t *context) const {
    return sic_context_run(context, inputs, 2, outputs, 2);
  }
};

#endif // SIC_RUNTIME_TEST_ADDPAIRCALL_H
