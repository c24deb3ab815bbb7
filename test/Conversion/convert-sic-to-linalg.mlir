// RUN: sic-opt %s --split-input-file --convert-sic-to-linalg | FileCheck %s --implicit-check-not=sic.

// Tests that an elementwise op becomes one generic with NumPy broadcasting
// maps (the size-1 dim reads index 0, missing leading dims are dropped).
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @broadcast
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.addf
func.func @broadcast(%a: tensor<4x8xf32>, %b: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %y = sic.add %a, %b : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Tests that integer division is defined for a zero divisor and MIN / -1.
// CHECK-LABEL: func.func @int_div
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.divsi
// CHECK: arith.select
func.func @int_div(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %y = sic.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %y : tensor<4xi32>
}

// -----

// Tests that gemm's bias (alpha = 1) initializes the accumulator of a
// matmul_transpose_b instead of being added afterwards.
// CHECK-LABEL: func.func @gemm_bias
// CHECK: %[[INIT:.*]] = linalg.generic
// CHECK: linalg.matmul_transpose_b ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NOT: linalg.generic
func.func @gemm_bias(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = sic.gemm %x, %w, %b {trans_b = true} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Tests that a batched matmul with a 2-D rhs folds the batch into M.
// CHECK-LABEL: func.func @matmul_fold_batch
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<4x8x16xf32> into tensor<32x16xf32>
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<32x16xf32>, tensor<16x5xf32>)
// CHECK: tensor.expand_shape
func.func @matmul_fold_batch(%a: tensor<4x8x16xf32>, %b: tensor<16x5xf32>) -> tensor<4x8x5xf32> {
  %y = sic.matmul %a, %b : (tensor<4x8x16xf32>, tensor<16x5xf32>) -> tensor<4x8x5xf32>
  return %y : tensor<4x8x5xf32>
}

// -----

// Tests that matmul broadcasts batch dims and runs one batch_matmul.
// CHECK-LABEL: func.func @matmul_broadcast
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<6x8x16xf32>, tensor<6x16x5xf32>)
func.func @matmul_broadcast(%a: tensor<2x1x8x16xf32>, %b: tensor<3x16x5xf32>) -> tensor<2x3x8x5xf32> {
  %y = sic.matmul %a, %b : (tensor<2x1x8x16xf32>, tensor<3x16x5xf32>) -> tensor<2x3x8x5xf32>
  return %y : tensor<2x3x8x5xf32>
}

// -----

// Tests that conv2d pads its input once and starts from the bias.
// CHECK-LABEL: func.func @conv
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = sic.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Tests that a grouped convolution splits channels into groups.
// CHECK-LABEL: func.func @grouped_conv
// CHECK: linalg.conv_2d_ngchw_gfchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x2x5x5xf32>, tensor<2x3x2x3x3xf32>)
func.func @grouped_conv(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %y = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}

// -----

// Tests that reshapes become views: collapse/expand, via 1-D when neither.
// CHECK-LABEL: func.func @reshape
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [3, 4] : tensor<12xf32> into tensor<3x4xf32>
func.func @reshape(%x: tensor<2x6xf32>) -> tensor<3x4xf32> {
  %y = sic.reshape %x {shape = array<i64: 3, 4>} : (tensor<2x6xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// Tests that a backward slice reads input index start + i * step.
// CHECK: #[[BACK:.*]] = affine_map<(d0) -> (-d0 + 5)>
// CHECK-LABEL: func.func @reverse
// CHECK: linalg.generic {indexing_maps = [#[[BACK]], #{{.*}}]
func.func @reverse(%x: tensor<6xf32>) -> tensor<6xf32> {
  %y = sic.slice %x {starts = array<i64: -1>, ends = array<i64: -100>, axes = array<i64: 0>, steps = array<i64: -1>} : (tensor<6xf32>) -> tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

// Tests that pooling pads with the op's neutral value: -inf for max.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad
// CHECK: tensor.yield %[[NEG]]
// CHECK: linalg.pooling_nchw_max
func.func @max_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %y = sic.max_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Tests that inputs are marked read-only for bufferization.
// CHECK-LABEL: func.func @inputs_read_only(%{{.*}}: tensor<4xf32> {bufferization.writable = false})
func.func @inputs_read_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = sic.neg %x : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Tests that constants of at most 16 elements leave the sic dialect as
// dense attributes (MLIR reads those element by element: a rank-0 global,
// a broadcast scalar), while larger weights stay blobs used in place.
// CHECK-LABEL: func.func @small_constants
// CHECK-DAG: arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: arith.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-DAG: arith.constant dense_resource<big> : tensor<17xf32>
func.func @small_constants() -> (tensor<f32>, tensor<2xi64>, tensor<17xf32>) {
  %r = sic.constant dense_resource<scalar> : tensor<f32>
  %i = sic.constant dense_resource<pair> : tensor<2xi64>
  %b = sic.constant dense_resource<big> : tensor<17xf32>
  return %r, %i, %b : tensor<f32>, tensor<2xi64>, tensor<17xf32>
}

{-#
  dialect_resources: {
    builtin: {
      scalar: "0x040000000000003F",
      pair: "0x0800000001000000000000000200000000000000",
      big: "0x04000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }
  }
#-}

// -----

// Tests that an identity transpose moves nothing, and that a slice with a
// backward axis takes a strided view of the elements it reads (forward,
// from the last one) and reverses only that axis.
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (d0, -d1 + 2)>
// CHECK-LABEL: func.func @identity_and_reversal
// CHECK-NOT: linalg.transpose
// CHECK: %[[VIEW:.*]] = tensor.extract_slice %{{.*}}[1, 1] [2, 3] [1, 2] : tensor<4x8xf32> to tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[REV]], {{.*}}]} ins(%[[VIEW]]
func.func @identity_and_reversal(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<2x3xf32>) {
  %t = sic.transpose %x {perm = array<i64: 0, 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = sic.slice %t {starts = array<i64: 1, 5>, ends = array<i64: 3, 0>, axes = array<i64: 0, 1>, steps = array<i64: 1, -2>} : (tensor<4x8xf32>) -> tensor<2x3xf32>
  return %t, %s : tensor<4x8xf32>, tensor<2x3xf32>
}

// -----

// Tests that the storage-only types lower to signless arith: an unsigned
// input extends with zeros, a narrowing cast keeps the low bits, f16 is
// converted through its bits (no call into a runtime library), and the
// signature keeps the unsigned types as sic.type.
// CHECK-LABEL: func.func @storage
// CHECK-SAME: %{{.*}}: tensor<4xi8> {{{.*}}sic.type = tensor<4xui8>}
// CHECK-SAME: -> (tensor<4xi16> {sic.type = tensor<4xui16>}, tensor<4xf16>)
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: arith.bitcast %{{.*}} : i16 to f16
// CHECK-NOT: unrealized_conversion_cast
// CHECK-NOT: ui8
func.func @storage(%x: tensor<4xui8>) -> (tensor<4xui16>, tensor<4xf16>) {
  %wide = sic.cast %x {to = i32} : (tensor<4xui8>) -> tensor<4xi32>
  %narrow = sic.cast %wide {to = ui16} : (tensor<4xi32>) -> tensor<4xui16>
  %float = sic.cast %wide {to = f16} : (tensor<4xi32>) -> tensor<4xf16>
  return %narrow, %float : tensor<4xui16>, tensor<4xf16>
}

// -----

// Tests that softmax shifts each row by its maximum ignoring NaNs (a NaN
// makes the row NaN through its sum anyway), then divides the
// exponentials by their sum.
// CHECK-LABEL: func.func @softmax
// CHECK: linalg.fill ins(%{{.*}} : f32)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.maxnumf
// CHECK: linalg.generic
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.divf
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = sic.softmax %x {axis = 1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Tests that a log softmax subtracts each row's maximum and the logarithm
// of its sum of exponentials, one logarithm per row, from the input.
// CHECK-LABEL: func.func @log_softmax
// CHECK: arith.maxnumf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<4x1xf32>) outs(%{{.*}} : tensor<4x1xf32>)
// CHECK: math.log
// CHECK: linalg.generic
// CHECK: arith.subf
// CHECK: arith.subf
// CHECK-NOT: arith.divf
func.func @log_softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = sic.softmax %x {axis = 1 : i64, log = true} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
