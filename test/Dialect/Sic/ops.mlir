// RUN: sic-opt %s | sic-opt | FileCheck %s
// RUN: sic-opt %s --mlir-print-op-generic | sic-opt | FileCheck %s

// Tests that a graph keeps its unordered body, names and signature.
// CHECK-LABEL: sic.graph @graph(
// CHECK-SAME: %{{.*}}: tensor<2x3xf32> {sic.name = "x"}) -> (tensor<2x3xf32> {sic.name = "y"})
// CHECK: sic.neg
// CHECK: sic.relu
// CHECK: sic.output %{{.*}} : tensor<2x3xf32>
sic.graph @graph(%x: tensor<2x3xf32> {sic.name = "x"}) -> (tensor<2x3xf32> {sic.name = "y"}) {
  %y = sic.neg %r : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %r = sic.relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  sic.output %y : tensor<2x3xf32>
}

// Tests that a graph may hold faults (a placeholder, a wrong input count)
// until sic-verify-graph reports them.
// CHECK-LABEL: sic.graph @faulty
// CHECK: sic.placeholder "t" : tensor<4xf32>
// CHECK: sic.gemm %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
sic.graph @faulty() -> tensor<4xf32> {
  %t = sic.placeholder "t" : tensor<4xf32>
  %g = sic.gemm %t : (tensor<4xf32>) -> tensor<4xf32>
  sic.output %g : tensor<4xf32>
}

// Tests that constants hold dense values and resource blobs.
// CHECK-LABEL: func.func @constants
// CHECK: sic.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: sic.constant dense<7> : tensor<3xi64>
// CHECK: sic.constant dense_resource<blob> : tensor<2xf32>
func.func @constants() -> (tensor<2xf32>, tensor<3xi64>, tensor<2xf32>) {
  %a = sic.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = sic.constant dense<7> : tensor<3xi64>
  %c = sic.constant dense_resource<blob> : tensor<2xf32>
  return %a, %b, %c : tensor<2xf32>, tensor<3xi64>, tensor<2xf32>
}

// Tests the elementwise binary ops, with broadcasting.
// CHECK-LABEL: func.func @binary
// CHECK: sic.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: sic.sub
// CHECK: sic.mul
// CHECK: sic.div
// CHECK: sic.pow
// CHECK: sic.max
// CHECK: sic.min
// CHECK: sic.add %{{.*}}, %{{.*}} : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi64>
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4x1xi64>, %j: tensor<3xi64>) {
  %0 = sic.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = sic.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = sic.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = sic.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = sic.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = sic.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = sic.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %7 = sic.add %i, %j : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi64>
  return
}

// Tests the bitwise ops and shifts of integers, and casts to the storage
// types.
// CHECK-LABEL: func.func @bits
// CHECK: sic.and %{{.*}}, %{{.*}} : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi64>
// CHECK: sic.not %{{.*}} : (tensor<3xi64>) -> tensor<3xi64>
// CHECK: sic.shift_left
// CHECK: sic.shift_right
// CHECK: sic.cast %{{.*}} {to = ui8} : (tensor<3xi64>) -> tensor<3xui8>
// CHECK: sic.cast %{{.*}} {to = bf16} : (tensor<3xui8>) -> tensor<3xbf16>
func.func @bits(%i: tensor<4x1xi64>, %j: tensor<3xi64>) {
  %0 = sic.and %i, %j : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi64>
  %1 = sic.not %j : (tensor<3xi64>) -> tensor<3xi64>
  %2 = sic.shift_left %i, %j : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi64>
  %3 = sic.shift_right %j, %j : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %4 = sic.cast %j {to = ui8} : (tensor<3xi64>) -> tensor<3xui8>
  %5 = sic.cast %4 {to = bf16} : (tensor<3xui8>) -> tensor<3xbf16>
  return
}

// Tests the elementwise unary ops and their attributes.
// CHECK-LABEL: func.func @unary
// CHECK: sic.relu
// CHECK: sic.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32}
// CHECK: sic.sigmoid
// CHECK: sic.tanh
// CHECK: sic.exp
// CHECK: sic.log
// CHECK: sic.sqrt
// CHECK: sic.erf
// CHECK: sic.neg
// CHECK: sic.abs
// CHECK: sic.clip %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
// CHECK: sic.clip %{{.*}} {max = 1.000000e+00 : f32} :
// CHECK: sic.clip %{{.*}} {max = 0.000000e+00 : f32, min = 1.000000e+00 : f32}
// CHECK: sic.hard_sigmoid %{{.*}} {alpha = 1.000000e-01 : f32, beta = 6.000000e-01 : f32}
// CHECK: sic.hard_swish
// CHECK: sic.gelu %{{.*}} {approximate = #sic<gelu_approximation tanh>}
// CHECK: sic.gelu %{{.*}} : (tensor<8xf32>)
// CHECK: sic.abs %{{.*}} : (tensor<8xi32>) -> tensor<8xi32>
func.func @unary(%x: tensor<8xf32>, %i: tensor<8xi32>) {
  %0 = sic.relu %x : (tensor<8xf32>) -> tensor<8xf32>
  %1 = sic.leaky_relu %x {alpha = 0.1 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  %2 = sic.sigmoid %x : (tensor<8xf32>) -> tensor<8xf32>
  %3 = sic.tanh %x : (tensor<8xf32>) -> tensor<8xf32>
  %4 = sic.exp %x : (tensor<8xf32>) -> tensor<8xf32>
  %5 = sic.log %x : (tensor<8xf32>) -> tensor<8xf32>
  %6 = sic.sqrt %x : (tensor<8xf32>) -> tensor<8xf32>
  %7 = sic.erf %x : (tensor<8xf32>) -> tensor<8xf32>
  %8 = sic.neg %x : (tensor<8xf32>) -> tensor<8xf32>
  %9 = sic.abs %x : (tensor<8xf32>) -> tensor<8xf32>
  %10 = sic.clip %x {min = 0.0 : f32, max = 6.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  %11 = sic.clip %x {max = 1.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  %clip_inverted = sic.clip %x {min = 1.0 : f32, max = 0.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  %12 = sic.hard_sigmoid %x {alpha = 0.1 : f32, beta = 0.6 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  %13 = sic.hard_swish %x : (tensor<8xf32>) -> tensor<8xf32>
  %14 = sic.gelu %x {approximate = #sic<gelu_approximation tanh>} : (tensor<8xf32>) -> tensor<8xf32>
  %15 = sic.gelu %x {approximate = #sic<gelu_approximation none>} : (tensor<8xf32>) -> tensor<8xf32>
  %16 = sic.abs %i : (tensor<8xi32>) -> tensor<8xi32>
  return
}

// Tests matmul (batched, broadcasting, vectors), gemm and conv2d.
// CHECK-LABEL: func.func @contractions
// CHECK: sic.matmul %{{.*}}, %{{.*}} : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
// CHECK: sic.matmul %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<5xf32>
// CHECK: sic.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 2.000000e+00 : f32, beta = 5.000000e-01 : f32, trans_a = true, trans_b = true}
// CHECK: sic.gemm %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
// CHECK: sic.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK: sic.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, group = 8 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
func.func @contractions(%a: tensor<4x2x3xf32>, %b: tensor<3x5xf32>, %v: tensor<3xf32>,
                        %m: tensor<2x3xf32>, %bt: tensor<5x3xf32>, %at: tensor<3x2xf32>, %c: tensor<5xf32>,
                        %img: tensor<1x8x16x16xf32>, %w: tensor<4x8x3x3xf32>, %bias: tensor<4xf32>,
                        %dw: tensor<8x1x3x3xf32>) {
  %0 = sic.matmul %a, %b : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  %1 = sic.matmul %v, %b : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<5xf32>
  %2 = sic.gemm %at, %bt, %c {alpha = 2.0 : f32, beta = 0.5 : f32, trans_a = true, trans_b = true} : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %3 = sic.gemm %m, %b : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  %4 = sic.conv2d %img, %w, %bias {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x8x16x16xf32>, tensor<4x8x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %5 = sic.conv2d %img, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, group = 8} : (tensor<1x8x16x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x12x12xf32>
  return
}

// Tests the pooling ops.
// CHECK-LABEL: func.func @pooling
// CHECK: sic.max_pool2d %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x15x15xf32>) -> tensor<1x8x8x8xf32>
// CHECK: sic.avg_pool2d %{{.*}} {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK: sic.global_avg_pool %{{.*}} : (tensor<1x8x15x15xf32>) -> tensor<1x8x1x1xf32>
func.func @pooling(%x: tensor<1x8x15x15xf32>) {
  %0 = sic.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x8x15x15xf32>) -> tensor<1x8x8x8xf32>
  %1 = sic.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, count_include_pad = true} : (tensor<1x8x15x15xf32>) -> tensor<1x8x15x15xf32>
  %2 = sic.global_avg_pool %x : (tensor<1x8x15x15xf32>) -> tensor<1x8x1x1xf32>
  return
}

// Tests batch_norm, softmax and layer_norm.
// CHECK-LABEL: func.func @normalization
// CHECK: sic.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32}
// CHECK: sic.softmax %{{.*}} {axis = 1 : i64}
// CHECK: sic.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x4x6xf32>, tensor<6xf32>, tensor<6xf32>)
// CHECK: sic.layer_norm %{{.*}}, %{{.*}} {axis = 1 : i64, epsilon = 9.99999974E-5 : f32}
func.func @normalization(%x: tensor<2x4x6xf32>, %c: tensor<4xf32>, %s: tensor<6xf32>, %s2: tensor<4x6xf32>) {
  %0 = sic.batch_norm %x, %c, %c, %c, %c {epsilon = 1.0e-3 : f32} : (tensor<2x4x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x6xf32>
  %1 = sic.softmax %x {axis = 1 : i64} : (tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %2 = sic.layer_norm %x, %s, %s : (tensor<2x4x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x4x6xf32>
  %3 = sic.layer_norm %x, %s2 {axis = 1 : i64, epsilon = 1.0e-4 : f32} : (tensor<2x4x6xf32>, tensor<4x6xf32>) -> tensor<2x4x6xf32>
  return
}

// Tests recurrence: an rnn with its defaults, a bidirectional lstm with
// peepholes, clip and its cell states, a reverse gru.
// CHECK-LABEL: func.func @recurrence
// CHECK: sic.recurrence %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {activation_alpha = array<f32: 0.000000e+00>, activation_beta = array<f32: 0.000000e+00>, activations = [#sic<activation tanh>], cell = #sic<recurrent_cell rnn>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
// CHECK: sic.recurrence {{.*}}cell = #sic<recurrent_cell lstm>, cell_states = true, clip = 3.000000e+00 : f32, direction = #sic<recurrence_direction bidirectional>, input_forget = true} : {{.*}} -> tensor<2x4x2x1x2xf32>
// CHECK: sic.recurrence {{.*}}cell = #sic<recurrent_cell gru>, direction = #sic<recurrence_direction reverse>, linear_before_reset = true} : {{.*}} -> tensor<3x1x1x2xf32>
func.func @recurrence(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>,
                      %lx: tensor<2x4x1x8xf32>, %lr: tensor<2x2x8xf32>, %lrb: tensor<2x8xf32>, %ls: tensor<2x1x2xf32>, %lp: tensor<2x6xf32>,
                      %gx: tensor<1x3x1x6xf32>, %gr: tensor<1x2x6xf32>, %grb: tensor<1x6xf32>, %gh: tensor<1x1x2xf32>) {
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  %1 = sic.recurrence %lx, %lr, %lrb, %ls, %ls, %lp {cell = #sic<recurrent_cell lstm>, direction = #sic<recurrence_direction bidirectional>, activations = [#sic<activation hard_sigmoid>, #sic<activation tanh>, #sic<activation tanh>, #sic<activation sigmoid>, #sic<activation elu>, #sic<activation scaled_tanh>], activation_alpha = array<f32: 0.2, 0.0, 0.0, 0.0, 1.0, 2.0>, activation_beta = array<f32: 0.5, 0.0, 0.0, 0.0, 0.0, 0.5>, clip = 3.0 : f32, input_forget = true, cell_states = true} : (tensor<2x4x1x8xf32>, tensor<2x2x8xf32>, tensor<2x8xf32>, tensor<2x1x2xf32>, tensor<2x1x2xf32>, tensor<2x6xf32>) -> tensor<2x4x2x1x2xf32>
  %2 = sic.recurrence %gx, %gr, %grb, %gh {cell = #sic<recurrent_cell gru>, direction = #sic<recurrence_direction reverse>, activations = [#sic<activation sigmoid>, #sic<activation softplus>], activation_alpha = array<f32: 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0>, linear_before_reset = true} : (tensor<1x3x1x6xf32>, tensor<1x2x6xf32>, tensor<1x6xf32>, tensor<1x1x2xf32>) -> tensor<3x1x1x2xf32>
  return
}

// Tests the reductions, with and without keepdims.
// CHECK-LABEL: func.func @reductions
// CHECK: sic.reduce_mean %{{.*}} {axes = array<i64: -1>} : (tensor<2x4x6xf32>) -> tensor<2x4x1xf32>
// CHECK: sic.reduce_sum %{{.*}} {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x4x6xf32>) -> tensor<4xf32>
// CHECK: sic.reduce_max %{{.*}} {axes = array<i64>, keepdims = false} : (tensor<2x4x6xf32>) -> tensor<f32>
// CHECK: sic.reduce_prod %{{.*}} {axes = array<i64: 1>} : (tensor<2x4x6xf32>) -> tensor<2x1x6xf32>
// CHECK: sic.top_k %{{.*}} {k = 3 : i64, largest = false} : (tensor<2x4x6xf32>) -> tensor<2x4x3xi64>
func.func @reductions(%x: tensor<2x4x6xf32>) {
  %0 = sic.reduce_mean %x {axes = array<i64: -1>} : (tensor<2x4x6xf32>) -> tensor<2x4x1xf32>
  %1 = sic.reduce_sum %x {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x4x6xf32>) -> tensor<4xf32>
  %2 = sic.reduce_max %x {axes = array<i64>, keepdims = false} : (tensor<2x4x6xf32>) -> tensor<f32>
  %3 = sic.reduce_prod %x {axes = array<i64: 1>} : (tensor<2x4x6xf32>) -> tensor<2x1x6xf32>
  %4 = sic.top_k %x {k = 3 : i64, largest = false} : (tensor<2x4x6xf32>) -> tensor<2x4x3xi64>
  return
}

// Tests the data movement ops.
// CHECK-LABEL: func.func @data_movement
// CHECK: sic.reshape %{{.*}} {shape = array<i64: 8, 6>} : (tensor<2x4x6xf32>) -> tensor<8x6xf32>
// CHECK: sic.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} : (tensor<2x4x6xf32>) -> tensor<6x2x4xf32>
// CHECK: sic.concat %{{.*}}, %{{.*}} {axis = -1 : i64} : (tensor<2x4x6xf32>, tensor<2x4x6xf32>) -> tensor<2x4x12xf32>
// CHECK: sic.slice %{{.*}} {axes = array<i64: 2, 0>, ends = array<i64: -1, 100>, starts = array<i64: 1, 0>, steps = array<i64: 2, 1>} : (tensor<2x4x6xf32>) -> tensor<2x4x2xf32>
// CHECK: sic.flatten %{{.*}} : (tensor<2x4x6xf32>) -> tensor<2x24xf32>
// CHECK: sic.squeeze %{{.*}} {axes = array<i64: 1>} : (tensor<2x1x6xf32>) -> tensor<2x6xf32>
// CHECK: sic.unsqueeze %{{.*}} {axes = array<i64: 0, -1>} : (tensor<2x4x6xf32>) -> tensor<1x2x4x6x1xf32>
// CHECK: sic.pad %{{.*}} {mode = #sic<pad_mode edge>, pads = array<i64: 0, 1, 2, 0, 1, 2>} : (tensor<2x4x6xf32>) -> tensor<2x6x10xf32>
// CHECK: sic.pad %{{.*}} {pads = array<i64: 0, 0, -1, 0, 0, 0>, value = 1.500000e+00 : f32} : (tensor<2x4x6xf32>) -> tensor<2x4x5xf32>
// CHECK: sic.cast %{{.*}} {to = i64} : (tensor<2x4x6xf32>) -> tensor<2x4x6xi64>
// CHECK: sic.pad %{{.*}} {mode = #sic<pad_mode reflect>, pads = array<i64: 0, 0, 0, 0>} : (tensor<2x0xf32>) -> tensor<2x0xf32>
func.func @data_movement(%x: tensor<2x4x6xf32>, %s: tensor<2x1x6xf32>, %e: tensor<2x0xf32>) {
  %0 = sic.reshape %x {shape = array<i64: 8, 6>} : (tensor<2x4x6xf32>) -> tensor<8x6xf32>
  %1 = sic.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x4x6xf32>) -> tensor<6x2x4xf32>
  %2 = sic.concat %x, %x {axis = -1 : i64} : (tensor<2x4x6xf32>, tensor<2x4x6xf32>) -> tensor<2x4x12xf32>
  %3 = sic.slice %x {starts = array<i64: 1, 0>, ends = array<i64: -1, 100>, axes = array<i64: 2, 0>, steps = array<i64: 2, 1>} : (tensor<2x4x6xf32>) -> tensor<2x4x2xf32>
  %4 = sic.flatten %x : (tensor<2x4x6xf32>) -> tensor<2x24xf32>
  %5 = sic.squeeze %s {axes = array<i64: 1>} : (tensor<2x1x6xf32>) -> tensor<2x6xf32>
  %6 = sic.unsqueeze %x {axes = array<i64: 0, -1>} : (tensor<2x4x6xf32>) -> tensor<1x2x4x6x1xf32>
  %7 = sic.pad %x {pads = array<i64: 0, 1, 2, 0, 1, 2>, mode = #sic<pad_mode edge>} : (tensor<2x4x6xf32>) -> tensor<2x6x10xf32>
  %8 = sic.pad %x {pads = array<i64: 0, 0, -1, 0, 0, 0>, value = 1.5 : f32} : (tensor<2x4x6xf32>) -> tensor<2x4x5xf32>
  %9 = sic.cast %x {to = i64} : (tensor<2x4x6xf32>) -> tensor<2x4x6xi64>
  %10 = sic.pad %e {pads = array<i64: 0, 0, 0, 0>, mode = #sic<pad_mode reflect>} : (tensor<2x0xf32>) -> tensor<2x0xf32>
  return
}

// Tests gather_nd with a batch dimension.
// CHECK-LABEL: func.func @gather_nd
// CHECK: sic.gather_nd %{{.*}}, %{{.*}} {batch_dims = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>
func.func @gather_nd(%x: tensor<2x3xf32>, %t: tensor<2x1xi32>) {
  %0 = sic.gather_nd %x, %t {batch_dims = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  return
}

// Tests the scatters, with their reductions.
// CHECK-LABEL: func.func @scatters
// CHECK: sic.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
// CHECK: sic.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = #sic<scatter_reduction add>} : (tensor<2x3xf32>, tensor<1x1xi32>, tensor<1x3xf32>) -> tensor<2x3xf32>
func.func @scatters(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>, %u: tensor<2x2xf32>, %t: tensor<1x1xi32>, %v: tensor<1x3xf32>) {
  %0 = sic.scatter_elements %x, %i, %u {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
  %1 = sic.scatter_nd %x, %t, %v {reduction = #sic<scatter_reduction add>} : (tensor<2x3xf32>, tensor<1x1xi32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @op_hooks
// CHECK: sic.before_op 3
// CHECK: sic.after_op 3, %{{.*}} : tensor<4xf32>
func.func @op_hooks(%x: tensor<4xf32>) -> tensor<4xf32> {
  sic.before_op 3
  %r = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  sic.after_op 3, %r : tensor<4xf32>
  return %r : tensor<4xf32>
}
