// RUN: sic-opt %s --split-input-file --convert-sic-to-linalg --sic-fuse-elementwise | FileCheck %s

// Tests that a chain of elementwise ops, broadcasts included, becomes one
// loop nest.
// CHECK-LABEL: func.func @chain
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: math.exp
func.func @chain(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %a = sic.add %x, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %r = sic.relu %a : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %e = sic.exp %r : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %e : tensor<4x8xf32>
}

// -----

// Tests that an elementwise producer is not fused into a reduction (it
// would be recomputed at each step) and that a matmul stays a named op.
// CHECK-LABEL: func.func @into_reduction
// CHECK: %[[SCALED:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[SCALED]]
// CHECK: %[[NEG:.*]] = linalg.generic
// CHECK: linalg.matmul ins(%[[NEG]]
func.func @into_reduction(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>) -> (tensor<4x1xf32>, tensor<4x3xf32>) {
  %s = sic.exp %x : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %m = sic.reduce_sum %s {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %n = sic.neg %x : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = sic.matmul %n, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %m, %y : tensor<4x1xf32>, tensor<4x3xf32>
}

// -----

// Tests that a producer with two consumers is kept, not duplicated.
// CHECK-LABEL: func.func @shared
// CHECK: %[[E:.*]] = linalg.generic
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[E]]
// CHECK: linalg.generic {{.*}} ins(%[[E]]
func.func @shared(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = sic.exp %x : (tensor<8xf32>) -> tensor<8xf32>
  %a = sic.neg %e : (tensor<8xf32>) -> tensor<8xf32>
  %b = sic.abs %e : (tensor<8xf32>) -> tensor<8xf32>
  return %a, %b : tensor<8xf32>, tensor<8xf32>
}

// -----

// Tests that a producer whose body reads its output is not fused: a
// reduction over no dims has only parallel loops but accumulates, and
// fused into a consumer that broadcasts it, it would add its input once
// per element of the consumer.
// CHECK-LABEL: func.func @accumulating_producer
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f32>)
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[MEAN]], %{{.*}} : tensor<f32>, tensor<2xf32>)
// CHECK: arith.subf
func.func @accumulating_producer(%x: tensor<f32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %m = sic.reduce_mean %x {axes = array<i64>} : (tensor<f32>) -> tensor<f32>
  %d = sic.sub %m, %y : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
  return %d : tensor<2xf32>
}

// -----

// Tests that transposes become generics and fuse with the elementwise op
// before them and with each other: one loop nest that reads the sum's
// operands at the two permutations composed.
// CHECK-LABEL: func.func @transposes
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[IN:map[0-9]*]], #[[IN]], #[[OUT:map[0-9]*]]]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
func.func @transposes(%x: tensor<2x3x4xf32>, %y: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %a = sic.add %x, %y : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %t = sic.transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %u = sic.transpose %t {perm = array<i64: 2, 1, 0>} : (tensor<3x2x4xf32>) -> tensor<4x2x3xf32>
  return %u : tensor<4x2x3xf32>
}

// -----

// Tests that a MatMul of a [B, M, K] input, computed as [B * M, K] and
// reshaped back, hands its result to its elementwise consumer (a bias and
// a relu) without the reshape: the consumer's loops collapse to the
// product's two, reading the bias along the columns, and only its result
// is reshaped.
// CHECK-LABEL: func.func @linear
// CHECK: %[[PRODUCT:.*]] = linalg.matmul {{.*}} -> tensor<8x32xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%[[PRODUCT]], %{{.*}} : tensor<8x32xf32>, tensor<32xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape %[[OUT]] {{.*}} : tensor<8x32xf32> into tensor<2x4x32xf32>
func.func @linear(%x: tensor<2x4x16xf32>, %w: tensor<16x32xf32>, %b: tensor<32xf32>) -> tensor<2x4x32xf32> {
  %m = sic.matmul %x, %w : (tensor<2x4x16xf32>, tensor<16x32xf32>) -> tensor<2x4x32xf32>
  %a = sic.add %m, %b : (tensor<2x4x32xf32>, tensor<32xf32>) -> tensor<2x4x32xf32>
  %r = sic.relu %a : (tensor<2x4x32xf32>) -> tensor<2x4x32xf32>
  return %r : tensor<2x4x32xf32>
}
