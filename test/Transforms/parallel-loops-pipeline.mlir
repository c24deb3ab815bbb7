// Tests which ops the -O2 pipeline shares between threads: an op of 2^16
// elements gets a task and a launch through the runtime's environment; a
// small one, and every op below -O2, runs on the calling thread alone.
// RUN: sic-opt %s --sic-pipeline="compile-to=llvm opt-level=2" | FileCheck %s
// RUN: sic-opt %s --sic-pipeline="compile-to=llvm opt-level=1" | FileCheck %s --check-prefix=O1
// O1-NOT: sic_launch

// CHECK-LABEL: llvm.func @big_task0(
// CHECK-SAME:      %{{.*}}: i64
// CHECK:       llvm.func @sic_launch_big_task0(!llvm.ptr, i32,
// CHECK-LABEL: llvm.func @big(
// CHECK-SAME:      !llvm.ptr {sic.env}
// CHECK:         llvm.call @sic_launch_big_task0(
// CHECK-LABEL: llvm.func @strided_conv_task0(
// CHECK:       llvm.func @sic_launch_strided_conv_task0(!llvm.ptr, i32,
// CHECK-LABEL: llvm.func @strided_conv(
// CHECK:         llvm.call @sic_launch_strided_conv_task0(
// CHECK-LABEL: llvm.func @direct_conv_task0(
// CHECK:       llvm.func @sic_launch_direct_conv_task0(!llvm.ptr, i32,
// CHECK-LABEL: llvm.func @direct_conv(
// CHECK:         llvm.call @sic_launch_direct_conv_task0(
// CHECK-LABEL: llvm.func @small(
// CHECK-NOT:     sic_launch
func.func @big(%x: tensor<256x256xf32> {sic.name = "x"}) -> (tensor<256x256xf32> {sic.name = "y"}) {
  %y = sic.relu %x : (tensor<256x256xf32>) -> tensor<256x256xf32> loc("relu")
  return %y : tensor<256x256xf32>
}

// The output rows of a convolution of stride 2 in chunks, each with patch
// buffers of its own; a direct convolution's tile loops.
func.func @strided_conv(%x: tensor<1x16x33x33xf32> {sic.name = "x"}) -> (tensor<1x16x16x16xf32> {sic.name = "y"}) {
  %w = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<16xf32>
  %y = sic.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x16x33x33xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32> loc("conv")
  return %y : tensor<1x16x16x16xf32>
}

func.func @direct_conv(%x: tensor<1x16x16x16xf32> {sic.name = "x"}) -> (tensor<1x16x16x16xf32> {sic.name = "y"}) {
  %w = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<16xf32>
  %y = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x16x16x16xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32> loc("conv")
  return %y : tensor<1x16x16x16xf32>
}

func.func @small(%x: tensor<16x16xf32> {sic.name = "x"}) -> (tensor<16x16xf32> {sic.name = "y"}) {
  %y = sic.relu %x : (tensor<16x16xf32>) -> tensor<16x16xf32> loc("relu")
  return %y : tensor<16x16xf32>
}
