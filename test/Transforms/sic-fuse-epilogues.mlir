// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-vectorize-contractions --sic-fuse-epilogues | FileCheck %s

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// Tests that a residual add and a ReLU after a matmul are applied to each
// register tile (the main tiles and the remainder of 4 rows) right after
// its reduction loop, and that the consumer's generic disappears.
// CHECK-LABEL: func.func @residual_relu
// CHECK-SAME: %[[SKIP:[a-z0-9]+]]: tensor<20x32xf32>) ->
// CHECK: %[[TILES:.*]] = scf.for
// CHECK: %[[SUM:.*]] = scf.for {{.*}} -> (tensor<20x32xf32>)
// CHECK: vector.contract
// CHECK: }
// CHECK: %[[ACC:.*]] = vector.transfer_read %[[SUM]]{{.*}} vector<8x32xf32>
// CHECK: %[[RES:.*]] = vector.transfer_read %[[SKIP]]{{.*}} vector<8x32xf32>
// CHECK: %[[ADD:.*]] = arith.addf %[[ACC]], %[[RES]] : vector<8x32xf32>
// CHECK: %[[RELU:.*]] = arith.maximumf %[[ADD]], %{{.*}} : vector<8x32xf32>
// CHECK: vector.transfer_write %[[RELU]], %[[SUM]]
// CHECK: arith.maximumf {{.*}} : vector<4x32xf32>
// CHECK-NOT: linalg.generic
func.func @residual_relu(%a: tensor<20x16xf32>, %b: tensor<16x32xf32>, %c: tensor<20x32xf32>, %skip: tensor<20x32xf32>) -> tensor<20x32xf32> {
  %zero = arith.constant 0.0 : f32
  %m = linalg.matmul ins(%a, %b : tensor<20x16xf32>, tensor<16x32xf32>) outs(%c : tensor<20x32xf32>) -> tensor<20x32xf32>
  %e = tensor.empty() : tensor<20x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m, %skip : tensor<20x32xf32>, tensor<20x32xf32>) outs(%e : tensor<20x32xf32>) {
  ^bb0(%x: f32, %s: f32, %o: f32):
    %sum = arith.addf %x, %s : f32
    %max = arith.maximumf %sum, %zero : f32
    linalg.yield %max : f32
  } -> tensor<20x32xf32>
  return %r : tensor<20x32xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// Tests what is not fused: a result with a second reader, and a consumer
// whose other input is computed after the contraction.
// CHECK-LABEL: func.func @refused
// CHECK-COUNT-2: linalg.generic
func.func @refused(%a: tensor<8x16xf32>, %b: tensor<16x32xf32>, %c: tensor<8x32xf32>) -> (tensor<8x32xf32>, tensor<8x32xf32>) {
  %e = tensor.empty() : tensor<8x32xf32>
  %m2 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  %twice = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m2, %m2 : tensor<8x32xf32>, tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.mulf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<8x32xf32>
  %m3 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  %later = math.exp %c : tensor<8x32xf32>
  %after = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m3, %later : tensor<8x32xf32>, tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.subf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<8x32xf32>
  return %twice, %after : tensor<8x32xf32>, tensor<8x32xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// Tests that a bias broadcast along the rows and a GELU's erf are applied
// to the tiles of each column panel, the main tiles and the peeled
// remainder of 4 rows alike (the remainder's tile starts from the main
// tiles' result), each reading the bias at its columns.
// CHECK-LABEL: func.func @bias_erf
// CHECK-SAME: %[[BIAS:[a-z0-9]+]]: tensor<64xf32>) ->
// CHECK: scf.for %[[COLUMN:.*]] = %c0 to %c64 step %c32
// CHECK: vector.contract
// CHECK: vector.transfer_read %[[BIAS]][%[[COLUMN]]]{{.*}}permutation_map = #{{.*}}} : tensor<64xf32>, vector<8x32xf32>
// CHECK: math.erf {{.*}} : vector<8x32xf32>
// CHECK: vector.contract
// CHECK: vector.transfer_read %[[BIAS]][%[[COLUMN]]]{{.*}} : tensor<64xf32>, vector<4x32xf32>
// CHECK: math.erf {{.*}} : vector<4x32xf32>
// CHECK-NOT: linalg.generic
func.func @bias_erf(%a: tensor<20x16xf32>, %b: tensor<16x64xf32>, %c: tensor<20x64xf32>, %bias: tensor<64xf32>) -> tensor<20x64xf32> {
  %m = linalg.matmul ins(%a, %b : tensor<20x16xf32>, tensor<16x64xf32>) outs(%c : tensor<20x64xf32>) -> tensor<20x64xf32>
  %e = tensor.empty() : tensor<20x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%m, %bias : tensor<20x64xf32>, tensor<64xf32>) outs(%e : tensor<20x64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %g = math.erf %s : f32
    linalg.yield %g : f32
  } -> tensor<20x64xf32>
  return %r : tensor<20x64xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>

// Tests that the epilogue goes to the tiles of the contraction that reads
// it only, not to those of an earlier contraction whose result is this
// one's initial value.
// CHECK-LABEL: func.func @chained
// CHECK-COUNT-1: arith.maximumf {{.*}} : vector<8x32xf32>
// CHECK-NOT: arith.maximumf
func.func @chained(%a: tensor<8x16xf32>, %b: tensor<16x32xf32>, %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %m1 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  %m2 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%m1 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %e = tensor.empty() : tensor<8x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m2 : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %max = arith.maximumf %x, %zero : f32
    linalg.yield %max : f32
  } -> tensor<8x32xf32>
  return %r : tensor<8x32xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#tr = affine_map<(i, j) -> (j, i)>

// Tests that a consumer writing its result transposed is not an epilogue,
// though its input is read elementwise.
// CHECK-LABEL: func.func @transposed_output
// CHECK-NOT: arith.maximumf {{.*}} : vector
// CHECK: linalg.generic
func.func @transposed_output(%a: tensor<32x16xf32>, %b: tensor<16x32xf32>, %c: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %m = linalg.matmul ins(%a, %b : tensor<32x16xf32>, tensor<16x32xf32>) outs(%c : tensor<32x32xf32>) -> tensor<32x32xf32>
  %e = tensor.empty() : tensor<32x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #tr], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %max = arith.maximumf %x, %zero : f32
    linalg.yield %max : f32
  } -> tensor<32x32xf32>
  return %r : tensor<32x32xf32>
}

// -----

#lhs = affine_map<(m, n, k) -> (m, k)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#out = affine_map<(m, n, k) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>

// Tests that a tile whose accumulators are read more than once per step is
// not taken (here three reads: one, then two more).
// CHECK-LABEL: func.func @three_reads
// CHECK-NOT: arith.maximumf {{.*}} : vector
// CHECK: linalg.generic
func.func @three_reads(%a: tensor<8x4xf32>, %b: tensor<4x16xf32>, %c: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.for %k = %c0 to %c4 step %c1 iter_args(%t = %c) -> (tensor<8x16xf32>) {
    %a1 = vector.transfer_read %a[%c0, %k], %zero {in_bounds = [true, true]} : tensor<8x4xf32>, vector<8x1xf32>
    %b1 = vector.transfer_read %b[%k, %c0], %zero {in_bounds = [true, true]} : tensor<4x16xf32>, vector<1x16xf32>
    %acc = vector.transfer_read %t[%c0, %c0], %zero {in_bounds = [true, true]} : tensor<8x16xf32>, vector<8x16xf32>
    %again = vector.transfer_read %t[%c0, %c0], %zero {in_bounds = [true, true]} : tensor<8x16xf32>, vector<8x16xf32>
    %more = vector.transfer_read %t[%c0, %c0], %zero {in_bounds = [true, true]} : tensor<8x16xf32>, vector<8x16xf32>
    %r = vector.contract {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a1, %b1, %acc : vector<8x1xf32>, vector<1x16xf32> into vector<8x16xf32>
    %s1 = arith.addf %r, %again : vector<8x16xf32>
    %s2 = arith.addf %s1, %more : vector<8x16xf32>
    %w = vector.transfer_write %s2, %t[%c0, %c0] {in_bounds = [true, true]} : vector<8x16xf32>, tensor<8x16xf32>
    scf.yield %w : tensor<8x16xf32>
  } {sic.tile_loop = #sic.tile_loop<contraction = 0, role = accumulation>}
  %e = tensor.empty() : tensor<8x16xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%sum : tensor<8x16xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %max = arith.maximumf %x, %zero : f32
    linalg.yield %max : f32
  } -> tensor<8x16xf32>
  return %relu : tensor<8x16xf32>
}

// -----

#id = affine_map<(n, c, h, w) -> (n, c, h, w)>

// Tests that a ReLU after a direct convolution is applied to each register
// tile after the reduction over channels, around the loops of the window.
// CHECK-LABEL: func.func @direct_conv_relu
// CHECK: scf.for {{.*}} -> (tensor<1x8x4x32xf32>)
// CHECK: %[[SUM:.*]] = scf.for {{.*}} -> (tensor<1x8x4x32xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.contract
// CHECK: }
// CHECK: }
// CHECK: }
// CHECK: %[[ACC:.*]] = vector.transfer_read %[[SUM]]{{.*}} vector<1x8x1x32xf32>
// CHECK: %[[RELU:.*]] = arith.maximumf %[[ACC]], %{{.*}} : vector<1x8x1x32xf32>
// CHECK: vector.transfer_write %[[RELU]], %[[SUM]]
// CHECK-NOT: linalg.generic
func.func @direct_conv_relu(%x: tensor<1x4x6x34xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x4x32xf32>) -> tensor<1x8x4x32xf32> {
  %zero = arith.constant 0.0 : f32
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x6x34xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x4x32xf32>) -> tensor<1x8x4x32xf32>
  %e = tensor.empty() : tensor<1x8x4x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x8x4x32xf32>) outs(%e : tensor<1x8x4x32xf32>) {
  ^bb0(%v: f32, %out: f32):
    %max = arith.maximumf %v, %zero : f32
    linalg.yield %max : f32
  } -> tensor<1x8x4x32xf32>
  return %r : tensor<1x8x4x32xf32>
}
