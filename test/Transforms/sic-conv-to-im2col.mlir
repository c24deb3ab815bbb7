// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-conv-to-im2col | FileCheck %s

// Tests that a convolution of stride 2 becomes a patch copy with affine
// maps only ([N, C, KH, KW, OH, OW], one spare row per patch row) and a
// contraction of the filter, viewed as [F, C*KH*KW], with the patches
// viewed as [N, C*KH*KW, OH, OW], accumulating into the convolution's own
// output; too little work to share between threads, it is one block.
// CHECK: #[[READ:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-LABEL: func.func @conv
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: tensor<1x8x8x8xf32>
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<8x4x3x3xf32> into tensor<8x36xf32>
// CHECK: %[[SPARE:.*]] = tensor.empty() : tensor<1x4x3x3x9x8xf32>
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[SPARE]][0, 0, 0, 0, 0, 0] [1, 4, 3, 3, 8, 8]
// CHECK: %[[PATCHES:.*]] = linalg.generic {indexing_maps = [#[[READ]], {{.*}} outs(%[[SLICE]] :
// CHECK-NEXT: ^bb0
// CHECK-NEXT: linalg.yield
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[PATCHES]] {{\[\[}}0], [1, 2, 3], [4], [5]] : tensor<1x4x3x3x8x8xf32> into tensor<1x36x8x8xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[FILTER]], %[[MATRIX]] : {{.*}}) outs(%[[OUT]] : tensor<1x8x8x8xf32>)
// CHECK-NOT: scf.for
// CHECK-NOT: linalg.conv_2d
func.func @conv(%x: tensor<1x4x17x17xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x4x17x17xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// -----

// Tests that strides and dilations become coefficients of the copy's map.
// CHECK: #[[STRIDED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3 * 2)>
// CHECK-LABEL: func.func @strided
// CHECK: linalg.generic {indexing_maps = [#[[STRIDED]]
func.func @strided(%x: tensor<1x4x11x11xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x4x11x11xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %r : tensor<1x8x4x4xf32>
}

// -----

// Tests that a layer with work to share between threads has its output
// rows in 8 chunks of 8 (a loop marked parallel), each with a patch buffer
// of its own, going over blocks of 2 rows (72 KiB of patches per row: the
// largest divisor of 8 within the 256 KiB each of the 8 chunks may take of
// a 1 MiB L2); each block copies the 5 input rows it reads.
// CHECK-LABEL: func.func @chunked
// CHECK-SAME: %[[IN:[a-z0-9]+]]: tensor<1x32x129x129xf32>
// CHECK: %[[BUFFERS:.*]] = tensor.empty() : tensor<8x1x32x3x3x3x64xf32>
// CHECK: scf.for %[[CHUNK:.*]] = %c0{{.*}} to %c8{{.*}} step %c1{{.*}} iter_args(%[[OUT:.*]] = %{{.*}})
// CHECK: %[[BUFFER:.*]] = tensor.extract_slice %[[BUFFERS]][%[[CHUNK]], 0, 0, 0, 0, 0, 0] [1, 1, 32, 3, 3, 3, 64] [1, 1, 1, 1, 1, 1, 1] : tensor<8x1x32x3x3x3x64xf32> to tensor<1x32x3x3x3x64xf32>
// CHECK: %[[FIRST:.*]] = arith.muli %[[CHUNK]], %c8
// CHECK: %[[LAST:.*]] = arith.addi %[[FIRST]], %c8
// CHECK: %[[END:.*]] = arith.minsi %[[LAST]], %c64
// CHECK: scf.for %[[ROW:.*]] = %[[FIRST]] to %[[END]] step %c2{{.*}} iter_args(%[[BLOCKS:.*]] = %[[OUT]])
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[BLOCKS]][0, 0, %[[ROW]], 0] [1, 32, 2, 64]
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[IN]][0, 0, %{{.*}}, 0] [1, 32, 5, 129]
// CHECK: tensor.extract_slice %[[BUFFER]][0, 0, 0, 0, 0, 0] [1, 32, 3, 3, 2, 64]
// CHECK: linalg.generic {{.*}} ins(%[[ROWS]] :
// CHECK: %[[PRODUCT:.*]] = linalg.generic {{.*}} outs(%[[BLOCK]] : tensor<1x32x2x64xf32>)
// CHECK: tensor.insert_slice %[[PRODUCT]] into %[[BLOCKS]][0, 0, %[[ROW]], 0] [1, 32, 2, 64]
// CHECK: } {sic.parallel}
func.func @chunked(%x: tensor<1x32x129x129xf32>, %w: tensor<32x32x3x3xf32>, %o: tensor<1x32x64x64xf32>) -> tensor<1x32x64x64xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x32x129x129xf32>, tensor<32x32x3x3xf32>) outs(%o : tensor<1x32x64x64xf32>) -> tensor<1x32x64x64xf32>
  return %r : tensor<1x32x64x64xf32>
}

// -----

// Tests that when the output rows do not divide into chunks (9 rows in
// chunks of 2), the last chunk ends at the last row and the blocks are of
// one row; and that a bias broadcast starting the accumulator is made by
// each block for its own rows, the chunks carrying an empty tensor.
// CHECK: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @uneven_with_bias
// CHECK-SAME: %[[B:[a-z0-9]+]]: tensor<16xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x9x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.for %[[CHUNK:.*]] = %c0{{.*}} to %c5{{.*}} step %c1{{.*}} iter_args(%{{.*}} = %[[EMPTY]])
// CHECK: arith.minsi %{{.*}}, %c9
// CHECK: scf.for {{.*}} step %c1
// CHECK: %[[START:.*]] = tensor.empty() : tensor<1x16x1x64xf32>
// CHECK: %[[BLOCK:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}} ins(%[[B]] : tensor<16xf32>) outs(%[[START]] : tensor<1x16x1x64xf32>)
// CHECK: linalg.generic {{.*}} outs(%[[BLOCK]] : tensor<1x16x1x64xf32>)
// CHECK: } {sic.parallel}
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @uneven_with_bias(%x: tensor<1x16x19x129xf32>, %w: tensor<16x16x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x9x64xf32> {
  %e = tensor.empty() : tensor<1x16x9x64xf32>
  %o = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x9x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x9x64xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x16x19x129xf32>, tensor<16x16x3x3xf32>) outs(%o : tensor<1x16x9x64xf32>) -> tensor<1x16x9x64xf32>
  return %r : tensor<1x16x9x64xf32>
}

// -----

// Tests that a convolution of unit strides is left to
// sic-vectorize-contractions, which computes it in place.
// CHECK-LABEL: func.func @direct
// CHECK: linalg.conv_2d_nchw_fchw
func.func @direct(%x: tensor<1x32x66x66xf32>, %w: tensor<32x32x3x3xf32>, %o: tensor<1x32x64x64xf32>) -> tensor<1x32x64x64xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x32x66x66xf32>, tensor<32x32x3x3xf32>) outs(%o : tensor<1x32x64x64xf32>) -> tensor<1x32x64x64xf32>
  return %r : tensor<1x32x64x64xf32>
}

// -----

// Tests that grouped convolutions are left as they are.
// CHECK-LABEL: func.func @grouped
// CHECK: linalg.conv_2d_ngchw_gfchw
func.func @grouped(%x: tensor<1x2x2x6x6xf32>, %w: tensor<2x4x2x3x3xf32>, %o: tensor<1x2x4x4x4xf32>) -> tensor<1x2x4x4x4xf32> {
  %r = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x2x6x6xf32>, tensor<2x4x2x3x3xf32>) outs(%o : tensor<1x2x4x4x4xf32>) -> tensor<1x2x4x4x4xf32>
  return %r : tensor<1x2x4x4x4xf32>
}

// -----

// Tests that an empty convolution (no images) is left as it is.
// CHECK-LABEL: func.func @empty
// CHECK: linalg.conv_2d_nchw_fchw
func.func @empty(%x: tensor<0x4x9x9xf32>, %w: tensor<2x4x3x3xf32>, %o: tensor<0x2x4x4xf32>) -> tensor<0x2x4x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<0x4x9x9xf32>, tensor<2x4x3x3xf32>) outs(%o : tensor<0x2x4x4xf32>) -> tensor<0x2x4x4xf32>
  return %r : tensor<0x2x4x4xf32>
}
