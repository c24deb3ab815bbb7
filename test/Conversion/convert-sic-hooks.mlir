// RUN: sic-opt %s -split-input-file --convert-sic-hooks | FileCheck %s
// RUN: not sic-opt %S/Inputs/hook-in-graph.mlir --convert-sic-hooks 2>&1 | FileCheck %s --check-prefix=GRAPH

// Tests that a function with hooks takes the runtime's environment as its
// last argument, that each hook becomes a call of a declared hook function
// with the env and the op index, and that an after-op hook passes the first
// element of a dense buffer of its tensor, to the hook of its element type.
// CHECK-DAG: func.func private @sic_hook_before_op(!llvm.ptr, i32)
// CHECK-DAG: func.func private @sic_hook_after_op_f32(!llvm.ptr, i32, memref<f32>)
// CHECK-DAG: func.func private @sic_hook_after_op_i64(!llvm.ptr, i32, memref<i64>)
// CHECK-LABEL: func.func @hooked(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[ENV:.*]]: !llvm.ptr {sic.env}) -> tensor<2x3xi64>
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @sic_hook_before_op(%[[ENV]], %[[C0]]) : (!llvm.ptr, i32) -> ()
// CHECK-NEXT: %[[R:.*]] = sic.relu %[[X]]
// CHECK-NEXT: %[[M:.*]] = bufferization.to_memref %[[R]] read_only : memref<2x3xf32>
// CHECK-NEXT: %[[D:.*]] = memref.reinterpret_cast %[[M]] to offset: [0], sizes: [], strides: [] : memref<2x3xf32> to memref<f32>
// CHECK-NEXT: %[[C0B:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @sic_hook_after_op_f32(%[[ENV]], %[[C0B]], %[[D]]) : (!llvm.ptr, i32, memref<f32>) -> ()
// CHECK:      %[[I:.*]] = sic.cast %[[R]]
// CHECK:      call @sic_hook_after_op_i64(%[[ENV]], %{{.*}}, %{{.*}}) : (!llvm.ptr, i32, memref<i64>) -> ()
// CHECK-NEXT: return %[[I]]
func.func @hooked(%x: tensor<2x3xf32>) -> tensor<2x3xi64> {
  sic.before_op 0
  %r = sic.relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  sic.after_op 0, %r : tensor<2x3xf32>
  %i = sic.cast %r {to = i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
  sic.after_op 1, %i : tensor<2x3xi64>
  return %i : tensor<2x3xi64>
}

// -----

// Tests that a module without hooks is left as it is: no env, no
// declarations.
// CHECK-NOT: sic_hook
// CHECK-LABEL: func.func @release(
// CHECK-SAME: %{{.*}}: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NOT: sic_hook
func.func @release(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Tests that a hook outside a function (nothing puts one there) is an
// error: there is no environment to call through.
// GRAPH: error: 'sic.after_op' op must be in a function, which gets the runtime's environment to call
