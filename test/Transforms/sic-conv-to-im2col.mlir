// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-conv-to-im2col | FileCheck %s

// Tests that a convolution becomes a patch copy with affine maps only
// ([N, C, KH, KW, OH, OW], one spare row per patch row) and a contraction
// of the filter, viewed as [F, C*KH*KW], with the patches viewed as
// [N, C*KH*KW, OH, OW], accumulating into the convolution's own output.
// CHECK: #[[READ:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 + d2, d5 + d3)>
// CHECK-LABEL: func.func @conv
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: tensor<1x8x8x8xf32>
// CHECK: %[[SPARE:.*]] = tensor.empty() : tensor<1x4x3x3x9x8xf32>
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<8x4x3x3xf32> into tensor<8x36xf32>
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[SPARE]][0, 0, 0, 0, 0, 0] [1, 4, 3, 3, 8, 8]
// CHECK: %[[PATCHES:.*]] = linalg.generic {indexing_maps = [#[[READ]], {{.*}} outs(%[[SLICE]] :
// CHECK-NEXT: ^bb0
// CHECK-NEXT: linalg.yield
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[PATCHES]] {{\[\[}}0], [1, 2, 3], [4], [5]] : tensor<1x4x3x3x8x8xf32> into tensor<1x36x8x8xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[FILTER]], %[[MATRIX]] : {{.*}}) outs(%[[OUT]] : tensor<1x8x8x8xf32>)
// CHECK-NOT: linalg.conv_2d
func.func @conv(%x: tensor<1x4x10x10xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x10x10xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
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

// Tests that a layer whose patches would take more than 512 KiB (72 KiB per
// output row here) is computed in blocks of output rows (4, the largest
// divisor of 64 within the budget), each copying the 6 input rows it reads
// into one patch buffer made before the loop.
// CHECK-LABEL: func.func @blocked
// CHECK-SAME: %[[IN:[a-z0-9]+]]: tensor<1x32x66x66xf32>
// CHECK: %[[BUFFER:.*]] = tensor.empty() : tensor<1x32x3x3x5x64xf32>
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c64 step %c4 iter_args(%[[OUT:.*]] = %{{.*}})
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[OUT]][0, 0, %[[ROW]], 0] [1, 32, 4, 64]
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[IN]][0, 0, %{{.*}}, 0] [1, 32, 6, 66]
// CHECK: tensor.extract_slice %[[BUFFER]][0, 0, 0, 0, 0, 0] [1, 32, 3, 3, 4, 64]
// CHECK: linalg.generic {{.*}} ins(%[[ROWS]] :
// CHECK: %[[PRODUCT:.*]] = linalg.generic {{.*}} outs(%[[BLOCK]] : tensor<1x32x4x64xf32>)
// CHECK: tensor.insert_slice %[[PRODUCT]] into %[[OUT]][0, 0, %[[ROW]], 0] [1, 32, 4, 64]
func.func @blocked(%x: tensor<1x32x66x66xf32>, %w: tensor<32x32x3x3xf32>, %o: tensor<1x32x64x64xf32>) -> tensor<1x32x64x64xf32> {
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
func.func @empty(%x: tensor<0x4x5x5xf32>, %w: tensor<2x4x3x3xf32>, %o: tensor<0x2x3x3xf32>) -> tensor<0x2x3x3xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<0x4x5x5xf32>, tensor<2x4x3x3xf32>) outs(%o : tensor<0x2x3x3xf32>) -> tensor<0x2x3x3xf32>
  return %r : tensor<0x2x3x3xf32>
}
