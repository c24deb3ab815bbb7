// Tests that between two padded convolutions with biases the -O2 pipeline
// makes no pass over memory of its own: the first convolution's tiles
// start from its bias in registers and write the second's padded input in
// place (only its one-pixel border is filled), and the residual add reads
// that same buffer. Only the graph input is copied, into the first pad.
// RUN: sic-opt %s --sic-pipeline="compile-to=bufferize opt-level=2" | FileCheck %s

// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<1x16x32x32xf32>
// CHECK-COUNT-1: linalg.copy ins(%[[X]]
// CHECK-NOT:     linalg.copy
// CHECK-NOT:     memref.copy
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     linalg.map
// CHECK:         return
func.func @chain(%x: tensor<1x16x32x32xf32> {sic.name = "x"}) -> (tensor<1x16x32x32xf32> {sic.name = "y"}) {
  %w = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<16xf32>
  %w2 = arith.constant dense<0.125> : tensor<16x16x3x3xf32>
  %b2 = arith.constant dense<0.5> : tensor<16xf32>
  %c = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x16x32x32xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32> loc("conv1")
  %r = sic.relu %c : (tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32> loc("relu1")
  %c2 = sic.conv2d %r, %w2, %b2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x16x32x32xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32> loc("conv2")
  %y = sic.add %c2, %r : (tensor<1x16x32x32xf32>, tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32> loc("residual")
  return %y : tensor<1x16x32x32xf32>
}
