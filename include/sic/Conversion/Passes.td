//===- Passes.td - Passes that leave the sic dialect ------*- tablegen -*-===//

#ifndef SIC_CONVERSION_PASSES
#define SIC_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertSicToLinalgPass
    : Pass<"convert-sic-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lowers every sic op to linalg, tensor, arith and math";
  let description = [{
    Rewrites the sic ops of a scheduled model function into ops on tensors:
    elementwise ops into `linalg.generic` with NumPy broadcasting maps,
    contractions into linalg's named matmul and convolution ops (a bias
    becomes the accumulator's initial value), pooling into linalg's pooling
    ops, reductions and normalizations into reduction generics, and data
    movement into `tensor` reshapes, slices and pads (views once
    bufferized). Each op family has its own pattern file. Fails, naming the
    node, if any sic op is left. The function's arguments, the model's
    inputs, are marked `bufferization.writable = false`: the caller lends
    them for reading only.

    ```mlir
    // Before
    %y = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
    // After
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %zero : f32
      linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // SIC_CONVERSION_PASSES
