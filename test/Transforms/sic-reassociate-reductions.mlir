// RUN: sic-opt %s --split-input-file --sic-reassociate-reductions | FileCheck %s

// Tests that the op combining a float reduction's accumulator with the next
// value may reassociate, and that nothing else changes: not the
// elementwise ops before it, not an elementwise generic.
// CHECK-LABEL: func.func @sum_of_exp
// CHECK: math.exp %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NOT: fastmath
func.func @sum_of_exp(%x: tensor<4x8xf32>, %acc: tensor<4xf32>, %out: tensor<4x8xf32>) -> (tensor<4xf32>, tensor<4x8xf32>) {
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%in: f32, %a: f32):
    %e = math.exp %in : f32
    %r = arith.addf %e, %a : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%out : tensor<4x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.mulf %in, %o : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %s, %m : tensor<4xf32>, tensor<4x8xf32>
}

// -----

// Tests that a max reduction keeps its other fast-math flags, and that an
// integer sum and a combiner that does not read the accumulator are left
// alone.
// CHECK-LABEL: func.func @others
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<reassoc,nnan> : f32
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
func.func @others(%x: tensor<8xf32>, %i: tensor<8xi32>, %f: tensor<f32>, %n: tensor<i32>) -> (tensor<f32>, tensor<i32>, tensor<f32>) {
  %m = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]} ins(%x : tensor<8xf32>) outs(%f : tensor<f32>) {
  ^bb0(%in: f32, %a: f32):
    %r = arith.maximumf %in, %a fastmath<nnan> : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  %s = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]} ins(%i : tensor<8xi32>) outs(%n : tensor<i32>) {
  ^bb0(%in: i32, %a: i32):
    %r = arith.addi %in, %a : i32
    linalg.yield %r : i32
  } -> tensor<i32>
  %l = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]} ins(%x : tensor<8xf32>) outs(%f : tensor<f32>) {
  ^bb0(%in: f32, %a: f32):
    %r = arith.addf %in, %in : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  return %m, %s, %l : tensor<f32>, tensor<i32>, tensor<f32>
}
