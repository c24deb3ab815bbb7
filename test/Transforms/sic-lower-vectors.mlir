// RUN: sic-opt %s --split-input-file --sic-lower-vectors | FileCheck %s

#lhs = affine_map<(m, n, k) -> (m, k)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#out = affine_map<(m, n, k) -> (m, n)>

// Tests that the accumulator tile is read before and written after the
// reduction loop, and that each step of the loop is one FMA per row with
// the row's element of A broadcast.
// CHECK-LABEL: func.func @tile
// CHECK: %[[ACC:.*]] = vector.transfer_read %[[C:.*]][%c0, %c0]
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ITER:.*]] = %[[ACC]]) -> (vector<2x16xf32>)
// CHECK-COUNT-2: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.contract
// CHECK: scf.yield
// CHECK: vector.transfer_write %[[SUM]], %[[C]][%c0, %c0]
func.func @tile(%a: memref<2x4xf32>, %b: memref<4x16xf32>, %c: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c4 step %c1 {
    %a1 = vector.transfer_read %a[%c0, %k], %zero {in_bounds = [true, true]} : memref<2x4xf32>, vector<2x1xf32>
    %b1 = vector.transfer_read %b[%k, %c0], %zero {in_bounds = [true, true]} : memref<4x16xf32>, vector<1x16xf32>
    %acc = vector.transfer_read %c[%c0, %c0], %zero {in_bounds = [true, true]} : memref<2x16xf32>, vector<2x16xf32>
    %r = vector.contract {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a1, %b1, %acc : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
    vector.transfer_write %r, %c[%c0, %c0] {in_bounds = [true, true]} : vector<2x16xf32>, memref<2x16xf32>
  }
  return
}

// -----

// Tests that a function without contractions is left as it is.
// CHECK-LABEL: func.func @none
// CHECK: vector.transfer_read {{.*}} : memref<16xf32>, vector<16xf32>
// CHECK-NEXT: vector.transfer_write
func.func @none(%a: memref<16xf32>, %b: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %v = vector.transfer_read %a[%c0], %zero {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  vector.transfer_write %v, %b[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
  return
}
