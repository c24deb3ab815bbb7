// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-vectorize-contractions | FileCheck %s
// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=haswell --sic-vectorize-contractions | FileCheck %s --check-prefix=AVX2

// Tests that a matmul becomes register tiles with the reduction loop
// innermost and the row tiles inside the column panels, and that the row
// and column remainders are peeled into tiles of their own static shape.
// Tiles of 32 columns would leave 18 of the 50, a vector and a fraction:
// the tiles take one vector (16 columns) and, for as many accumulators,
// 16 rows, leaving 2 columns and 4 rows.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c40 step %c1
// CHECK: vector.contract {{.*}} : vector<16x1xf32>, vector<1x16xf32> into vector<16x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c40 step %c1
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c40 step %c1
// CHECK: vector.contract {{.*}} : vector<16x1xf32>, vector<1x2xf32> into vector<16x2xf32>
// CHECK: scf.for {{.*}} = %c0 to %c40 step %c1
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<1x2xf32> into vector<4x2xf32>
// CHECK-NOT: linalg.matmul
// AVX2's 16 registers keep 12 accumulators, 6 rows of 2 vectors, leaving
// 2 rows and 2 columns.
// AVX2-LABEL: func.func @matmul
// AVX2: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// AVX2: vector.contract {{.*}} : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
// AVX2: vector.contract {{.*}} : vector<6x1xf32>, vector<1x2xf32> into vector<6x2xf32>
// AVX2: vector.contract {{.*}} : vector<2x1xf32>, vector<1x2xf32> into vector<2x2xf32>
func.func @matmul(%a: tensor<20x40xf32>, %b: tensor<40x50xf32>, %c: tensor<20x50xf32>) -> tensor<20x50xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<20x40xf32>, tensor<40x50xf32>) outs(%c : tensor<20x50xf32>) -> tensor<20x50xf32>
  return %r : tensor<20x50xf32>
}

// -----

// Tests that 56 columns, which tiles of 32 would leave 24 of (a vector and
// a half), go in tiles of one vector, leaving a half vector.
// CHECK-LABEL: func.func @columns56
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x16xf32> into vector<8x16xf32>
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x8xf32> into vector<8x8xf32>
func.func @columns56(%a: tensor<8x40xf32>, %b: tensor<40x56xf32>, %c: tensor<8x56xf32>) -> tensor<8x56xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<8x40xf32>, tensor<40x56xf32>) outs(%c : tensor<8x56xf32>) -> tensor<8x56xf32>
  return %r : tensor<8x56xf32>
}

// -----

// Tests that an output of one row takes one row of 8 vectors per tile.
// CHECK-LABEL: func.func @one_row
// CHECK: vector.contract {{.*}} : vector<1x1xf32>, vector<1x128xf32> into vector<1x128xf32>
func.func @one_row(%a: tensor<1x784xf32>, %b: tensor<784x512xf32>, %c: tensor<1x512xf32>) -> tensor<1x512xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<1x784xf32>, tensor<784x512xf32>) outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
  return %r : tensor<1x512xf32>
}

// -----

// Tests that a batch matmul is tiled one batch at a time, and an integer
// contraction the same way as a float one.
// CHECK-LABEL: func.func @batch
// CHECK: scf.for {{.*}} = %c0 to %c2 step %c1
// CHECK: vector.contract {{.*}} : vector<1x8x1xi32>, vector<1x1x32xi32> into vector<1x8x32xi32>
func.func @batch(%a: tensor<2x16x8xi32>, %b: tensor<2x8x32xi32>, %c: tensor<2x16x32xi32>) -> tensor<2x16x32xi32> {
  %r = linalg.batch_matmul ins(%a, %b : tensor<2x16x8xi32>, tensor<2x8x32xi32>) outs(%c : tensor<2x16x32xi32>) -> tensor<2x16x32xi32>
  return %r : tensor<2x16x32xi32>
}

// -----

// Tests that the rows of a convolution's contraction (output channels) need
// not be next to its columns (output pixels): every other dim is tiled by 1.
// CHECK-LABEL: func.func @conv_contraction
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x1x1x32xf32> into vector<1x8x1x32xf32>
func.func @conv_contraction(%f: tensor<16x36xf32>, %p: tensor<1x36x8x32xf32>, %o: tensor<1x16x8x32xf32>) -> tensor<1x16x8x32xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(n, f, oh, ow, k) -> (f, k)>, affine_map<(n, f, oh, ow, k) -> (n, k, oh, ow)>, affine_map<(n, f, oh, ow, k) -> (n, f, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%f, %p : tensor<16x36xf32>, tensor<1x36x8x32xf32>) outs(%o : tensor<1x16x8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x8x32xf32>
  return %r : tensor<1x16x8x32xf32>
}

// -----

// Tests that a tile of an output narrower than two vectors (16 pixels) also
// spans the next output dim (two image rows).
// CHECK-LABEL: func.func @narrow
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x1x2x16xf32> into vector<1x8x2x16xf32>
func.func @narrow(%f: tensor<16x36xf32>, %p: tensor<1x36x4x16xf32>, %o: tensor<1x16x4x16xf32>) -> tensor<1x16x4x16xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(n, f, oh, ow, k) -> (f, k)>, affine_map<(n, f, oh, ow, k) -> (n, k, oh, ow)>, affine_map<(n, f, oh, ow, k) -> (n, f, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%f, %p : tensor<16x36xf32>, tensor<1x36x4x16xf32>) outs(%o : tensor<1x16x4x16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x4x16xf32>
  return %r : tensor<1x16x4x16xf32>
}

// -----

// Tests that a reduction whose panels (K x 32 floats) would not stay in 32
// KiB of L1 is split into blocks (196, the largest divisor of 784 within
// 256 rows), each block's row tiles reusing its panel, and that a single
// row tile (M = 8) needs no blocks. AVX2's tiles of 6 rows read 5.3
// bytes of the panel per FMA, which L2 streams: no blocks.
// AVX2-LABEL: func.func @blocked
// AVX2: scf.for %{{.*}} = %c0 to %c512 step %c16
// AVX2-NEXT: scf.for %{{.*}} = %c0 to %c60 step %c6
// AVX2: scf.for %{{.*}} = %c0 to %c784 step %c1
// AVX2: vector.contract {{.*}} into vector<6x16xf32>
// AVX2-NOT: step %c196
// CHECK-LABEL: func.func @blocked
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c32
// CHECK: scf.for %[[BLOCK:.*]] = %c0 to %c784 step %c196
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c196 step %c1
// CHECK: vector.contract {{.*}} into vector<8x32xf32>
// CHECK-LABEL: func.func @one_row_tile
// CHECK-NOT: step %c196
func.func @blocked(%a: tensor<64x784xf32>, %b: tensor<784x512xf32>, %c: tensor<64x512xf32>) -> tensor<64x512xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<64x784xf32>, tensor<784x512xf32>) outs(%c : tensor<64x512xf32>) -> tensor<64x512xf32>
  return %r : tensor<64x512xf32>
}
func.func @one_row_tile(%a: tensor<8x784xf32>, %b: tensor<784x512xf32>, %c: tensor<8x512xf32>) -> tensor<8x512xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<8x784xf32>, tensor<784x512xf32>) outs(%c : tensor<8x512xf32>) -> tensor<8x512xf32>
  return %r : tensor<8x512xf32>
}

// -----

// Tests that dynamic shapes and ops that are not contractions are left as
// they are.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: vector.
// CHECK: linalg.matmul
// CHECK: linalg.generic
func.func @untouched(%a: tensor<?x8xf32>, %b: tensor<8x16xf32>, %c: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x16xf32>) outs(%c : tensor<?x16xf32>) -> tensor<?x16xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%r : tensor<?x16xf32>) outs(%c : tensor<?x16xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  } -> tensor<?x16xf32>
  return %s : tensor<?x16xf32>
}

// -----

// Tests that a product with an empty loop (no rows, nothing to reduce) is
// not tiled: a register tile of no rows once divided by zero.
// CHECK-LABEL: func.func @empty_rows
// CHECK-NOT: scf.for
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @empty_reduction
// CHECK-NOT: scf.for
// CHECK: linalg.matmul
func.func @empty_rows(%a: tensor<0x8xf32>, %b: tensor<8x32xf32>, %c: tensor<0x32xf32>) -> tensor<0x32xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<0x8xf32>, tensor<8x32xf32>) outs(%c : tensor<0x32xf32>) -> tensor<0x32xf32>
  return %r : tensor<0x32xf32>
}
func.func @empty_reduction(%a: tensor<8x0xf32>, %b: tensor<0x32xf32>, %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<8x0xf32>, tensor<0x32xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %r : tensor<8x32xf32>
}

// -----

// Tests that a product whose last rows are a peeled tile, inserted into a
// larger tensor (a concat), keeps its other rows: the insert_slice is folded
// into the last tile's write only when that write covers the whole product
// (MLIR 19's own fold dropped rows 0 to 87 here).
// CHECK-LABEL: func.func @peeled_product_into_concat
// CHECK: %[[TILES:.*]] = scf.for
// CHECK: %[[PRODUCT:.*]] = vector.transfer_write %{{.*}}, %[[TILES]][%c88, %c0]
// CHECK: tensor.insert_slice %[[PRODUCT]] into %{{.*}}[0, 1] [91, 1] [1, 1]
func.func @peeled_product_into_concat(%a: tensor<91x1xf32>, %b: tensor<1x1xf32>, %c: tensor<91x1xf32>, %d: tensor<91x2xf32>) -> tensor<91x2xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<91x1xf32>, tensor<1x1xf32>) outs(%c : tensor<91x1xf32>) -> tensor<91x1xf32>
  %i = tensor.insert_slice %r into %d[0, 1] [91, 1] [1, 1] : tensor<91x1xf32> into tensor<91x2xf32>
  return %i : tensor<91x2xf32>
}

// -----

// Tests that a convolution of unit strides is register-tiled in place:
// 8 filters by 32 output columns per tile, columns panels outside the
// filter tiles, and the reduction over channels and the 3x3 window
// innermost, each step reading one row segment of the input at
// [c, oh + kh, ow + kw] (no patch copy) and one element of 8 filters.
// CHECK-LABEL: func.func @direct
// CHECK-SAME: %[[IN:[a-z0-9]+]]: tensor<1x4x10x66xf32>
// CHECK-SAME: %[[FILTER:[a-z0-9]+]]: tensor<16x4x3x3xf32>
// CHECK: scf.for %[[OH:.*]] = %c0 to %c8 step %c1
// CHECK: scf.for %[[OW:.*]] = %c0 to %c64 step %c32
// CHECK: scf.for %[[F:.*]] = %c0 to %c16 step %c8
// CHECK: scf.for %[[C:.*]] = %c0 to %c4 step %c1
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3 step %c1
// CHECK: vector.transfer_read %[[FILTER]][%[[F]], %[[C]], %[[KH]], %[[KW]]]{{.*}} vector<8x1x1x1xf32>
// CHECK: %[[ROW:.*]] = affine.apply #{{.*}}(%[[OH]], %[[KH]])
// CHECK: %[[COL:.*]] = affine.apply #{{.*}}(%[[OW]], %[[KW]])
// CHECK: vector.transfer_read %[[IN]][%c0, %[[C]], %[[ROW]], %[[COL]]]{{.*}} vector<1x1x1x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x1x1x1xf32>, vector<1x1x1x32xf32> into vector<1x8x1x32xf32>
// CHECK-NOT: linalg.conv_2d
func.func @direct(%x: tensor<1x4x10x66xf32>, %w: tensor<16x4x3x3xf32>, %o: tensor<1x16x8x64xf32>) -> tensor<1x16x8x64xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x10x66xf32>, tensor<16x4x3x3xf32>) outs(%o : tensor<1x16x8x64xf32>) -> tensor<1x16x8x64xf32>
  return %r : tensor<1x16x8x64xf32>
}

// -----

// Tests that a direct convolution of a narrow image (16 pixels) takes two
// output rows per tile, read as two input row segments, and that a
// dilation moves the window's reads.
// CHECK: #[[DILATED:.*]] = affine_map<(d0, d1) -> (d0 + d1 * 2)>
// CHECK-LABEL: func.func @direct_narrow
// CHECK: scf.for %[[OH:.*]] = %c0 to %c8 step %c2
// CHECK: affine.apply #[[DILATED]](%[[OH]], %{{.*}})
// CHECK: vector.contract {{.*}} : vector<8x1x1x1xf32>, vector<1x1x2x16xf32> into vector<1x8x2x16xf32>
func.func @direct_narrow(%x: tensor<1x4x12x20xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x12x20xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %r : tensor<1x8x8x16xf32>
}

// -----

// Tests that a direct convolution of 28-pixel rows, which no clean
// register tiles of 16-lane vectors cover (28 or 16 + 12), is computed 32
// wide and cropped: its zero padding grows by 4 columns on the right, its
// bias broadcast is rebuilt 32 wide, its tiles are 8 filters by 32
// columns, and an extract_slice takes the 28 columns. AVX2's 8 lanes cover
// 28 as 8 + 4 and leave it as it is.
// CHECK-LABEL: func.func @widened
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 5]
// CHECK: tensor<1x4x28x28xf32> to tensor<1x4x30x34xf32>
// CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} ins(%arg2 : tensor<16xf32>) outs(%{{.*}} : tensor<1x16x28x32xf32>)
// CHECK: vector.contract {{.*}} : vector<8x1x1x1xf32>, vector<1x1x1x32xf32> into vector<1x8x1x32xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 16, 28, 28] [1, 1, 1, 1] : tensor<1x16x28x32xf32> to tensor<1x16x28x28xf32>
// CHECK-NOT: linalg.conv_2d
// AVX2-LABEL: func.func @widened
// AVX2-NOT: extract_slice
// AVX2-NOT: tensor<1x16x28x32xf32>
// AVX2: vector.contract {{.*}} into vector<1x8x1x8xf32>
// AVX2: vector.contract {{.*}} into vector<1x8x1x4xf32>
#bias = affine_map<(n, f, h, w) -> (f)>
#id = affine_map<(n, f, h, w) -> (n, f, h, w)>
func.func @widened(%x: tensor<1x4x28x28xf32>, %w: tensor<16x4x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x28x28xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x28x28xf32> to tensor<1x4x30x30xf32>
  %e = tensor.empty() : tensor<1x16x28x28xf32>
  %o = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x28x28xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x28x28xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x4x30x30xf32>, tensor<16x4x3x3xf32>) outs(%o : tensor<1x16x28x28xf32>) -> tensor<1x16x28x28xf32>
  return %r : tensor<1x16x28x28xf32>
}

// -----

// Tests that a 14-pixel-wide direct convolution without padding, whose
// accumulator is an argument, gets both padded (zeros) to 16 columns.
// CHECK-LABEL: func.func @widened_unpadded
// CHECK: tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 0, 2]
// CHECK: tensor.pad %arg2 low[0, 0, 0, 0] high[0, 0, 0, 2]
// CHECK: vector.contract {{.*}} into vector<1x8x2x16xf32>
// CHECK: tensor.extract_slice {{.*}} : tensor<1x8x14x16xf32> to tensor<1x8x14x14xf32>
func.func @widened_unpadded(%x: tensor<1x4x16x16xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x14x14xf32>) -> tensor<1x8x14x14xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x16x16xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x14x14xf32>) -> tensor<1x8x14x14xf32>
  return %r : tensor<1x8x14x14xf32>
}

// -----

// Tests that a convolution of stride 2 is not tiled here (its patches are
// copied first, by sic-conv-to-im2col).
// CHECK-LABEL: func.func @strided_conv
// CHECK: linalg.conv_2d_nchw_fchw
func.func @strided_conv(%x: tensor<1x4x17x17xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x4x17x17xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// -----

// Tests that a contraction of 10 columns (a classifier head), which no
// clean register tiles cover, is computed 16 wide and cropped: its constant
// weights get 6 zero columns at compile time, its bias broadcast over the
// columns is rebuilt 16 wide from a padded constant bias, its relu is
// computed 16 wide too (to stay an epilogue of the tiles) and an
// extract_slice takes the 10 columns. AVX2's 8 lanes take 16 as 2 vectors.
// CHECK-LABEL: func.func @head
// CHECK-DAG: arith.constant dense<{{.*}}> : tensor<8x16xf32>
// CHECK-DAG: arith.constant dense<[5.000000e-01{{.*}}, 0.000000e+00]> : tensor<16xf32>
// CHECK: vector.contract {{.*}} into vector<{{[0-9]+}}x16xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<32x16xf32>)
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [32, 10] [1, 1] : tensor<32x16xf32> to tensor<32x10xf32>
// CHECK-NOT: tensor<8x10xf32>
// AVX2-LABEL: func.func @head
// AVX2: vector.contract {{.*}} into vector<6x16xf32>
// AVX2: tensor.extract_slice %{{.*}}[0, 0] [32, 10] [1, 1] : tensor<32x16xf32> to tensor<32x10xf32>
#rows = affine_map<(i, j) -> (i, j)>
#columns = affine_map<(i, j) -> (j)>
func.func @head(%a: tensor<32x8xf32>) -> tensor<32x10xf32> {
  %w = arith.constant dense<[[-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -3.0, -2.0, -1.0], [0.0, 1.0, 2.0, 3.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0], [3.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -3.0, -2.0], [-1.0, 0.0, 1.0, 2.0, 3.0, -3.0, -2.0, -1.0, 0.0, 1.0], [2.0, 3.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -3.0], [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -3.0, -2.0, -1.0, 0.0], [1.0, 2.0, 3.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0], [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -3.0, -2.0, -1.0]]> : tensor<8x10xf32>
  %b = arith.constant dense<[0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]> : tensor<10xf32>
  %e = tensor.empty() : tensor<32x10xf32>
  %init = linalg.generic {indexing_maps = [#columns, #rows], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<10xf32>) outs(%e : tensor<32x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<32x10xf32>
  %m = linalg.matmul ins(%a, %w : tensor<32x8xf32>, tensor<8x10xf32>) outs(%init : tensor<32x10xf32>) -> tensor<32x10xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<32x10xf32>
  %r = linalg.generic {indexing_maps = [#rows, #rows], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<32x10xf32>) outs(%e2 : tensor<32x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %zero : f32
    linalg.yield %y : f32
  } -> tensor<32x10xf32>
  return %r : tensor<32x10xf32>
}
