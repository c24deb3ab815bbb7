// RUN: sic-opt %s -split-input-file --sic-fold-into-contractions --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
// The resource section is printed without --mlir-print-local-scope only.
// RUN: sic-opt %s -split-input-file --sic-fold-into-contractions | FileCheck %s --check-prefix=BLOB

// Tests that a batch_norm after a conv2d folds into its filter and bias:
// per channel, factor = scale / sqrt(variance + epsilon) = [1, 0.5], filter
// rows times factor, bias (b - mean) * factor + bias of the batch_norm. The conv keeps its
// location fused with the batch_norm's; the constants keep theirs.
// CHECK-LABEL: func.func @bn_into_conv
// CHECK-DAG: %[[W:.*]] = sic.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}1.500000e+00, 2.000000e+00]]]]> : tensor<2x1x1x2xf32> loc("w")
// CHECK-DAG: %[[B:.*]] = sic.constant dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32> loc("b")
// CHECK: %[[Y:.*]] = sic.conv2d %arg0, %[[W]], %[[B]] {{.*}} loc(fused["conv", "bn"])
// CHECK-NEXT: return %[[Y]]
func.func @bn_into_conv(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = sic.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32> loc("w")
  %b = sic.constant dense<[0.5, -1.0]> : tensor<2xf32> loc("b")
  %s = sic.constant dense<[2.0, 1.0]> : tensor<2xf32> loc("bn.scale")
  %t = sic.constant dense<[1.0, 0.0]> : tensor<2xf32> loc("bn.bias")
  %m = sic.constant dense<[0.5, 1.0]> : tensor<2xf32> loc("bn.mean")
  %v = sic.constant dense<[3.5, 3.5]> : tensor<2xf32> loc("bn.var")
  %y = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32> loc("conv")
  %z = sic.batch_norm %y, %s, %t, %m, %v {epsilon = 0.5 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32> loc("bn")
  return %z : tensor<1x2x3x3xf32>
}

// -----

// Tests that folding a batch_norm into a conv2d without a bias gives it one,
// located at the batch_norm's bias, and that a chain of batch_norm, mul and
// add (broadcast from [2, 1, 1] and a scalar) folds into one conv2d.
// CHECK-LABEL: func.func @chain_into_conv
// CHECK-DAG: %[[W:.*]] = sic.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}-3.000000e+00]]]]> : tensor<2x1x1x1xf32> loc("w")
// CHECK-DAG: %[[B:.*]] = sic.constant dense<[3.000000e+00, 2.500000e+00]> : tensor<2xf32> loc("bn.bias")
// CHECK: %[[Y:.*]] = sic.conv2d %arg0, %[[W]], %[[B]] {{.*}} loc(fused["conv", "bn", "scale", "shift"])
// CHECK-NEXT: return %[[Y]]
func.func @chain_into_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = sic.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32> loc("w")
  %s = sic.constant dense<[1.0, 3.0]> : tensor<2xf32> loc("bn.scale")
  %t = sic.constant dense<[0.5, 0.0]> : tensor<2xf32> loc("bn.bias")
  %m = sic.constant dense<[0.0, 0.5]> : tensor<2xf32> loc("bn.mean")
  %v = sic.constant dense<[1.0, 1.0]> : tensor<2xf32> loc("bn.var")
  %k = sic.constant dense<[[[4.0]], [[-1.0]]]> : tensor<2x1x1xf32> loc("k")
  %c = sic.constant dense<1.0> : tensor<f32> loc("c")
  %y = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> loc("conv")
  %n = sic.batch_norm %y, %s, %t, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("bn")
  %p = sic.mul %k, %n : (tensor<2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("scale")
  %q = sic.add %p, %c : (tensor<1x2x2x2xf32>, tensor<f32>) -> tensor<1x2x2x2xf32> loc("shift")
  return %q : tensor<1x2x2x2xf32>
}

// -----

// Tests that a constant divisor and a constant minuend fold into a conv2d:
// (k - conv(x) / d) is conv(x) * (-1 / d) + k.
// CHECK-LABEL: func.func @div_sub_into_conv
// CHECK-DAG: %[[W:.*]] = sic.constant dense<{{\[\[\[\[}}-5.000000e-01]]], {{\[\[\[}}-2.500000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = sic.constant dense<[2.500000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = sic.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NEXT: return %[[Y]]
func.func @div_sub_into_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = sic.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %b = sic.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %d = sic.constant dense<[[[[2.0]], [[4.0]]]]> : tensor<1x2x1x1xf32>
  %k = sic.constant dense<3.0> : tensor<1xf32>
  %y = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %q = sic.div %y, %d : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z = sic.sub %k, %q : (tensor<1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// Tests that a gemm's transposed constant B is stored transposed, with alpha
// multiplied into it and beta into the constant C, so the flags and factors
// are gone.
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK-DAG: %[[B:.*]] = sic.constant dense<{{\[}}[5.000000e-01, 2.000000e+00], [1.000000e+00, 2.500000e+00], [1.500000e+00, 3.000000e+00]]> : tensor<3x2xf32> loc("w")
// CHECK-DAG: %[[C:.*]] = sic.constant dense<[3.000000e+00, -3.000000e+00]> : tensor<2xf32> loc("c")
// CHECK: %[[Y:.*]] = sic.gemm %arg0, %[[B]], %[[C]] : (tensor<4x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<4x2xf32> loc("fc")
// CHECK-NEXT: return %[[Y]]
func.func @gemm_trans_b(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = sic.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32> loc("w")
  %c = sic.constant dense<[1.0, -1.0]> : tensor<2xf32> loc("c")
  %y = sic.gemm %x, %w, %c {trans_b = true, alpha = 0.5 : f32, beta = 3.0 : f32} : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x2xf32> loc("fc")
  return %y : tensor<4x2xf32>
}

// -----

// Tests that a transposed constant A is stored transposed while a
// transposed B that is not constant keeps its flag.
// CHECK-LABEL: func.func @gemm_trans_a
// CHECK: %[[A:.*]] = sic.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: %[[Y:.*]] = sic.gemm %[[A]], %arg0 {trans_b = true}
func.func @gemm_trans_a(%b: tensor<3x2xf32>) -> tensor<2x3xf32> {
  %a = sic.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = sic.gemm %a, %b {trans_a = true, trans_b = true} : (tensor<2x2xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Tests that a per-column scale and bias fold into a gemm's B and C: C
// [2, 1] broadcasts to [2, 2] to hold a per-column bias.
// CHECK-LABEL: func.func @scale_into_gemm
// CHECK-DAG: %[[B:.*]] = sic.constant dense<{{\[}}[2.000000e+00, -1.000000e+00], [6.000000e+00, -2.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = sic.constant dense<{{\[}}[3.000000e+00, -1.000000e+00], [5.000000e+00, -2.000000e+00]]> : tensor<2x2xf32>
// CHECK: %[[Y:.*]] = sic.gemm %arg0, %[[B]], %[[C]] : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @scale_into_gemm(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = sic.constant dense<[[1.0, 1.0], [3.0, 2.0]]> : tensor<2x2xf32>
  %c = sic.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %k = sic.constant dense<[[2.0, -1.0]]> : tensor<1x2xf32>
  %t = sic.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %y = sic.gemm %x, %w, %c : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %p = sic.mul %y, %k : (tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  %q = sic.add %p, %t : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %q : tensor<2x2xf32>
}

// -----

// Tests that a matmul of two matrices with a constant rhs takes a bias by
// becoming a gemm, located at both nodes, that keeps the unscaled weight.
// CHECK-LABEL: func.func @bias_into_matmul
// CHECK: %[[W:.*]] = sic.constant dense<1.000000e+00> : tensor<4x2xf32> loc("w")
// CHECK: %[[C:.*]] = sic.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32> loc("bias")
// CHECK: %[[Y:.*]] = sic.gemm %arg0, %[[W]], %[[C]] : (tensor<3x4xf32>, tensor<4x2xf32>, tensor<2xf32>) -> tensor<3x2xf32> loc(fused["mm", "add"])
// CHECK-NEXT: return %[[Y]]
func.func @bias_into_matmul(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = sic.constant dense<1.0> : tensor<4x2xf32> loc("w")
  %b = sic.constant dense<[0.5, 0.25]> : tensor<2xf32> loc("bias")
  %y = sic.matmul %x, %w : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32> loc("mm")
  %z = sic.add %b, %y : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32> loc("add")
  return %z : tensor<3x2xf32>
}

// -----

// Tests that a scale folds into the constant rhs of a batched matmul, but a
// bias stays: a matmul with batch dims has nowhere to put it.
// CHECK-LABEL: func.func @batched_matmul
// CHECK: %[[W:.*]] = sic.constant dense<{{\[}}[2.000000e+00, 3.000000e+00]]> : tensor<1x2xf32>
// CHECK: %[[Y:.*]] = sic.matmul %arg0, %[[W]]
// CHECK: sic.add %[[Y]]
func.func @batched_matmul(%x: tensor<2x3x1xf32>) -> tensor<2x3x2xf32> {
  %w = sic.constant dense<[[1.0, 1.0]]> : tensor<1x2xf32>
  %k = sic.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %b = sic.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %y = sic.matmul %x, %w : (tensor<2x3x1xf32>, tensor<1x2xf32>) -> tensor<2x3x2xf32>
  %p = sic.mul %y, %k : (tensor<2x3x2xf32>, tensor<2xf32>) -> tensor<2x3x2xf32>
  %q = sic.add %p, %b : (tensor<2x3x2xf32>, tensor<2xf32>) -> tensor<2x3x2xf32>
  return %q : tensor<2x3x2xf32>
}

// -----

// Tests that weights held in a dense_resource blob are written to a new blob.
// CHECK-LABEL: func.func @resource_weights
// CHECK: %[[W:.*]] = sic.constant dense_resource<w_1> : tensor<2x2xf32> loc("w")
// CHECK: sic.matmul %arg0, %[[W]]
// BLOB: w_1: "0x0400000000000040000000410000C04000008041"
func.func @resource_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = sic.constant dense_resource<w> : tensor<2x2xf32> loc("w")
  %k = sic.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %y = sic.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z = sic.mul %y, %k : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// Tests that nothing folds into a conv2d whose filter is not a constant.
// CHECK-LABEL: func.func @refuse_variable_filter
// CHECK: sic.conv2d
// CHECK-NEXT: sic.batch_norm
func.func @refuse_variable_filter(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %s = sic.constant dense<1.0> : tensor<2xf32>
  %y = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z = sic.batch_norm %y, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// Tests that nothing folds into a conv2d whose bias is not a constant, nor
// a batch_norm whose statistics are not.
// CHECK-LABEL: func.func @refuse_variable_bias_or_statistics
// CHECK: sic.conv2d
// CHECK-NEXT: sic.mul
// CHECK: sic.conv2d
// CHECK-NEXT: sic.batch_norm
func.func @refuse_variable_bias_or_statistics(%x: tensor<1x1x2x2xf32>, %b: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = sic.constant dense<1.0> : tensor<2x1x1x1xf32>
  %k = sic.constant dense<2.0> : tensor<1xf32>
  %y = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %z = sic.mul %y, %k : (tensor<1x2x2x2xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %s = sic.constant dense<1.0> : tensor<2xf32>
  %y2 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z2 = sic.batch_norm %y2, %s, %s, %b, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z, %z2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Tests that nothing folds into a conv2d whose result has another reader.
// CHECK-LABEL: func.func @refuse_shared_result
// CHECK: %[[Y:.*]] = sic.conv2d
// CHECK-NEXT: %[[Z:.*]] = sic.mul %[[Y]]
// CHECK-NEXT: return %[[Z]], %[[Y]]
func.func @refuse_shared_result(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = sic.constant dense<1.0> : tensor<2x1x1x1xf32>
  %k = sic.constant dense<2.0> : tensor<1xf32>
  %y = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z = sic.mul %y, %k : (tensor<1x2x2x2xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %z, %y : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Tests that a scale that varies along a dim other than the channels stays:
// per position [1, 1, 2, 2], per batch element [2, 1, 1, 1] (which also
// broadcasts the result to a larger shape), and a vector [2] that aligns
// with the last (width) dim, not the channels.
// CHECK-LABEL: func.func @refuse_shapes
// CHECK-COUNT-3: sic.mul
func.func @refuse_shapes(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = sic.constant dense<1.0> : tensor<2x1x1x1xf32>
  %k1 = sic.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %k2 = sic.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %k3 = sic.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y1 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z1 = sic.mul %y1, %k1 : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y2 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z2 = sic.mul %y2, %k2 : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<2x2x2x2xf32>
  %y3 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z3 = sic.mul %y3, %k3 : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z1, %z2, %z3 : tensor<1x2x2x2xf32>, tensor<2x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Tests that a per-row scale of a gemm stays, and so does a per-column one
// when only A is constant; a scalar one folds into A.
// CHECK-LABEL: func.func @refuse_gemm_scales
// CHECK: sic.gemm
// CHECK-NEXT: sic.mul
// CHECK: sic.gemm
// CHECK-NEXT: sic.mul
// CHECK: %[[A:.*]] = sic.constant dense<4.000000e+00> : tensor<2x2xf32>
// CHECK-NEXT: %[[Y:.*]] = sic.gemm %[[A]], %arg0 :
// CHECK-NEXT: return
func.func @refuse_gemm_scales(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = sic.constant dense<2.0> : tensor<2x2xf32>
  %rows = sic.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %columns = sic.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %scalar = sic.constant dense<2.0> : tensor<f32>
  %y1 = sic.gemm %x, %w : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z1 = sic.mul %y1, %rows : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %y2 = sic.gemm %w, %x : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z2 = sic.mul %y2, %columns : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %y3 = sic.gemm %w, %x : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z3 = sic.mul %y3, %scalar : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %z1, %z2, %z3 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Tests that a batch_norm after a batched matmul stays: its channels (dim
// 1) are not the matmul's (the last dim).
// CHECK-LABEL: func.func @refuse_bn_after_batched_matmul
// CHECK: sic.matmul
// CHECK-NEXT: sic.batch_norm
func.func @refuse_bn_after_batched_matmul(%x: tensor<1x2x2xf32>) -> tensor<1x2x2xf32> {
  %w = sic.constant dense<1.0> : tensor<2x2xf32>
  %s = sic.constant dense<1.0> : tensor<2xf32>
  %y = sic.matmul %x, %w : (tensor<1x2x2xf32>, tensor<2x2xf32>) -> tensor<1x2x2xf32>
  %z = sic.batch_norm %y, %s, %s, %s, %s : (tensor<1x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>
  return %z : tensor<1x2x2xf32>
}

// -----

// Tests that folds whose values are not finite stay: a division by zero, a
// scale that overflows f32 in a weight, and a batch_norm with zero variance
// and epsilon.
// CHECK-LABEL: func.func @refuse_non_finite
// CHECK: sic.conv2d
// CHECK-NEXT: sic.div
// CHECK: sic.conv2d
// CHECK-NEXT: sic.mul
// CHECK: sic.conv2d
// CHECK-NEXT: sic.batch_norm
func.func @refuse_non_finite(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = sic.constant dense<3.0e+38> : tensor<2x1x1x1xf32>
  %zero = sic.constant dense<[[[0.0]], [[1.0]]]> : tensor<2x1x1xf32>
  %ten = sic.constant dense<10.0> : tensor<1xf32>
  %s = sic.constant dense<1.0> : tensor<2xf32>
  %v = sic.constant dense<0.0> : tensor<2xf32>
  %y1 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z1 = sic.div %y1, %zero : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y2 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z2 = sic.mul %y2, %ten : (tensor<1x2x2x2xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %y3 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z3 = sic.batch_norm %y3, %s, %s, %s, %v {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z1, %z2, %z3 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
