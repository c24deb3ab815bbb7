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
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertSicHooksPass : Pass<"convert-sic-hooks", "::mlir::ModuleOp"> {
  let summary = "Lowers sic.before_op, sic.after_op and sic.index_fault to "
                "calls of the runtime's hooks";
  let description = [{
    Gives every function that has op hooks the runtime's environment table
    (`sic_env_t` of `runtime/include/sic/abi.h`) as a last argument,
    `!llvm.ptr` marked `sic.env`, and turns each hook into a call of a
    private function the compiled model defines next to its entry
    (`sic_hook_before_op(env, index)`, and `sic_hook_after_op_<type>(env,
    index, data)` for each element type), which calls through the table.
    `sic.after_op` passes its tensor's buffer, read through a
    `bufferization.to_memref` of identity layout (dense and row-major, as
    the runtime scans it; a strided view, such as a slice, is copied), as a
    0-d memref of its first element: with the bare-pointer calling
    convention, the data's address. `sic.index_fault` (from the lowering of
    a gather on indices computed at run time) becomes
    `sic_hook_index_fault(env, check, index)`, `check` numbering the
    function's distinct #sic.index_check descriptions, which it records as
    the function's table `sic.index_checks`. It runs after
    convert-sic-to-linalg, which leaves the hooks in place and makes the
    index faults. Modules without hooks are left as they are, so release
    code without run-time indices calls nothing.

    ```mlir
    // Before
    sic.after_op 4, %y : tensor<2x3xf32>
    // After
    %m = bufferization.to_memref %y read_only : memref<2x3xf32>
    %d = memref.reinterpret_cast %m to offset: [0], sizes: [], strides: []
        : memref<2x3xf32> to memref<f32>
    %c4 = arith.constant 4 : i32
    func.call @sic_hook_after_op_f32(%env, %c4, %d)
        : (!llvm.ptr, i32, memref<f32>) -> ()
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

#endif // SIC_CONVERSION_PASSES
