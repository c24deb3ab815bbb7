// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-vectorize-contractions --sic-fuse-accumulator-inits | FileCheck %s
// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-vectorize-contractions --sic-fuse-accumulator-inits --sic-fuse-epilogues | FileCheck %s --check-prefix=EPILOGUE

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// Tests that a bias broadcast over a matmul's output becomes each register
// tile's first write (the main tiles of 8 rows and the remainder of 4),
// read from the bias itself, and that the broadcast's pass disappears; and
// that an epilogue still reaches every tile.
// CHECK-DAG: #[[BCAST:.*]] = affine_map<(d0) -> (0, d0)>
// CHECK-LABEL: func.func @bias
// CHECK-SAME: %[[BIAS:[a-z0-9]+]]: tensor<32xf32>) ->
// CHECK-NOT: linalg.generic
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<20x32xf32>
// CHECK: scf.for {{.*}} iter_args(%[[OUT:.*]] = %[[EMPTY]])
// CHECK: %[[START:.*]] = vector.transfer_read %[[BIAS]]{{.*}}permutation_map = #[[BCAST]]{{.*}} : tensor<32xf32>, vector<8x32xf32>
// CHECK: %[[INIT:.*]] = vector.transfer_write %[[START]], %[[OUT]]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]])
// CHECK: vector.contract
// CHECK: vector.transfer_read %[[BIAS]]{{.*}} : tensor<32xf32>, vector<4x32xf32>
// CHECK: vector.transfer_write
// CHECK: vector.contract
// EPILOGUE-LABEL: func.func @bias
// EPILOGUE: arith.maximumf {{.*}} : vector<8x32xf32>
// EPILOGUE: arith.maximumf {{.*}} : vector<4x32xf32>
// EPILOGUE-NOT: linalg.generic
func.func @bias(%a: tensor<20x16xf32>, %b: tensor<16x32xf32>, %bias: tensor<32xf32>) -> tensor<20x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<20x32xf32>
  %init = linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<32xf32>) outs(%e : tensor<20x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<20x32xf32>
  %m = linalg.matmul ins(%a, %b : tensor<20x16xf32>, tensor<16x32xf32>) outs(%init : tensor<20x32xf32>) -> tensor<20x32xf32>
  %e2 = tensor.empty() : tensor<20x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<20x32xf32>) outs(%e2 : tensor<20x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %max = arith.maximumf %x, %zero : f32
    linalg.yield %max : f32
  } -> tensor<20x32xf32>
  return %r : tensor<20x32xf32>
}

// -----

// Tests that zeros filled before a matmul become a splat written by the
// tile (here one tile, whose reduction loop is the whole nest).
// CHECK-LABEL: func.func @zeros
// EPILOGUE-LABEL: func.func @zeros
// CHECK-NOT: linalg.fill
// CHECK: %[[SPLAT:.*]] = vector.broadcast %{{.*}} : f32 to vector<8x32xf32>
// CHECK: %[[INIT:.*]] = vector.transfer_write %[[SPLAT]]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]])
func.func @zeros(%a: tensor<8x16xf32>, %b: tensor<16x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %m = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%init : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %m : tensor<8x32xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>

// Tests what stays: an initial value something else reads too, and one
// that is not a broadcast (computed from its input).
// CHECK-LABEL: func.func @kept
// CHECK: linalg.fill
// CHECK: linalg.generic
// CHECK-NOT: vector.broadcast
func.func @kept(%a: tensor<8x16xf32>, %b: tensor<16x32xf32>, %c: tensor<8x32xf32>) -> (tensor<8x32xf32>, tensor<8x32xf32>, tensor<8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %m = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%init : tensor<8x32xf32>) -> tensor<8x32xf32>
  %doubled = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%c : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<8x32xf32>
  %n = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%doubled : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %m, %init, %n : tensor<8x32xf32>, tensor<8x32xf32>, tensor<8x32xf32>
}
