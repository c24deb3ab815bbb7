// RUN: sic-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

// Tests that a node with too few inputs names the accepted range.
func.func @gemm_arity(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.gemm' op expects 2 or 3 inputs, got 1}}
  %0 = sic.gemm %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Tests that a node with too many inputs names the exact count.
func.func @relu_arity(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sic.relu' op expects 1 input, got 2}}
  %0 = sic.relu %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that batch_norm asks for all five of its inputs.
func.func @batch_norm_arity(%x: tensor<1x2xf32>, %c: tensor<2xf32>) {
  // expected-error @+1 {{'sic.batch_norm' op expects 5 inputs, got 4}}
  %0 = sic.batch_norm %x, %c, %c, %c : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return
}

// -----

// Tests that concat needs at least one input.
func.func @concat_arity() {
  // expected-error @+1 {{'sic.concat' op expects at least 1 input, got 0}}
  %0 = sic.concat {axis = 0 : i64} : () -> tensor<4xf32>
  return
}

// -----

// Tests that a node has exactly one output.
func.func @two_outputs(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sic.relu' op expects 1 output, got 2}}
  %0:2 = sic.relu %x : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

// Tests that a declared output type must be the inferred one.
func.func @wrong_output_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sic.relu' op output type 'tensor<5xf32>' does not match the inferred type 'tensor<4xf32>'}}
  %0 = sic.relu %x : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

// Tests that tensors must be statically shaped.
func.func @dynamic_shape(%x: tensor<?xf32>) {
  // expected-error @+1 {{operand #0 must be variadic of statically shaped tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer or 1-bit signless integer values}}
  %0 = sic.relu %x : (tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

// Tests that float-only ops name the input with the wrong element type.
func.func @not_f32(%x: tensor<4xi32>) {
  // expected-error @+1 {{'sic.sigmoid' op input 'input' (#0) expects element type f32 or f64, got 'i32'}}
  %0 = sic.sigmoid %x : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

// Tests that binary inputs share an element type.
func.func @mixed_elements(%a: tensor<4xf32>, %b: tensor<4xi64>) {
  // expected-error @+1 {{'sic.add' op input 'rhs' (#1) expects element type 'f32' (that of input 'lhs'), got 'i64'}}
  %0 = sic.add %a, %b : (tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

// Tests that binary inputs must broadcast.
func.func @no_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'sic.mul' op cannot broadcast input shapes 'tensor<2x3xf32>' and 'tensor<2xf32>'}}
  %0 = sic.mul %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Tests that an op computed in f32 only refuses f64, naming the input.
func.func @softmax_f64(%x: tensor<2x3xf64>) {
  // expected-error @+1 {{'sic.softmax' op input 'input' (#0) expects element type f32, got 'f64'}}
  %0 = sic.softmax %x {axis = 1 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

// -----

// Tests that fmod is float-only.
func.func @fmod_int(%a: tensor<2xi64>) {
  // expected-error @+1 {{'sic.fmod' op input 'lhs' (#0) expects element type f32 or f64, got 'i64'}}
  %0 = sic.fmod %a, %a : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return
}

// -----

// Tests that pow is float-only.
func.func @pow_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'sic.pow' op input 'lhs' (#0) expects element type f32 or f64, got 'i32'}}
  %0 = sic.pow %a, %a : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return
}

// -----

// Tests that clip's bounds are numbers.
func.func @clip_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sic.clip' op expects bounds that are not NaN}}
  %0 = sic.clip %x {min = 0x7FC00000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that matmul's contracted dimensions agree.
func.func @matmul_k(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'sic.matmul' op expects the contracted dimensions to agree, got 3 (lhs) and 4 (rhs)}}
  %0 = sic.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Tests that matmul's batch dimensions broadcast.
func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<5x3x4xf32>) {
  // expected-error @+1 {{'sic.matmul' op cannot broadcast the batch dimensions of 'tensor<2x2x3xf32>' and 'tensor<5x3x4xf32>'}}
  %0 = sic.matmul %a, %b : (tensor<2x2x3xf32>, tensor<5x3x4xf32>) -> tensor<2x2x4xf32>
  return
}

// -----

// Tests that matmul rejects scalars.
func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'sic.matmul' op input 'lhs' (#0) expects rank >= 1, got 0}}
  %0 = sic.matmul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<f32>
  return
}

// -----

// Tests that gemm takes matrices.
func.func @gemm_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'sic.gemm' op input 'b' (#1) expects rank 2, got 1}}
  %0 = sic.gemm %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  return
}

// -----

// Tests that gemm's contracted dimensions agree after transposition.
func.func @gemm_k(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{'sic.gemm' op expects the contracted dimensions to agree, got 3 (a) and 5 (b)}}
  %0 = sic.gemm %a, %b {trans_b = true} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Tests that gemm's C broadcasts to the output.
func.func @gemm_c(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{'sic.gemm' op input 'c' (#2) of type 'tensor<3xf32>' does not broadcast to [2, 5]}}
  %0 = sic.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<3xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Tests that conv2d checks the length of its window attributes.
func.func @conv_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op expects 2 values in 'strides', got 1}}
  %0 = sic.conv2d %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Tests that conv2d rejects a zero stride.
func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op expects every value in 'strides' to be >= 1, got 0}}
  %0 = sic.conv2d %x, %w {strides = array<i64: 1, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Tests that conv2d's group is positive.
func.func @conv_group(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op expects 'group' >= 1, got 0}}
  %0 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Tests that conv2d's channels divide into groups.
func.func @conv_group_split(%x: tensor<1x6x8x8xf32>, %w: tensor<5x3x3x3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op expects input channels (6) and output channels (5) divisible by 'group' (2)}}
  %0 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2} : (tensor<1x6x8x8xf32>, tensor<5x3x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

// Tests that conv2d's filter has the input channels of one group.
func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op input 'filter' (#1) expects 3 input channels per group, got 2}}
  %0 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Tests that conv2d's bias has one value per output channel.
func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op input 'bias' (#2) expects shape [4], got 'tensor<3xf32>'}}
  %0 = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Tests that a filter larger than the padded input is reported.
func.func @conv_empty(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'sic.conv2d' op has an empty output: the dilated filter (3 at dilation 2) does not fit in the padded input (4 + 0 + 0) along spatial dimension 0}}
  %0 = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

// Tests that pooling takes NCHW input.
func.func @pool_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+1 {{'sic.max_pool2d' op input 'input' (#0) expects rank 4, got 3}}
  %0 = sic.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<3x8x8xf32>) -> tensor<3x4x4xf32>
  return
}

// -----

// Tests that a pooling window may not lie wholly in the padding.
func.func @pool_pads(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'sic.avg_pool2d' op expects pads smaller than the window (2) along spatial dimension 1, got 0 and 2}}
  %0 = sic.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 2>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x5xf32>
  return
}

// -----

// Tests that a pooling window larger than the input is reported.
func.func @pool_empty(%x: tensor<1x3x2x2xf32>) {
  // expected-error @+1 {{'sic.max_pool2d' op has an empty output: the window (3 at dilation 1) does not fit in the padded input (2 + 0 + 0) along spatial dimension 0}}
  %0 = sic.max_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

// Tests that a dilated pooling window takes no padding (its taps could skip
// over the input and meet only padding).
func.func @pool_dilated_pads(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'sic.max_pool2d' op expects no pads with dilation 2 along spatial dimension 1}}
  %0 = sic.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>, dilations = array<i64: 1, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x8xf32>
  return
}

// -----

// Tests that pooling needs a non-empty input.
func.func @pool_empty_input(%x: tensor<1x3x0x8xf32>) {
  // expected-error @+1 {{'sic.avg_pool2d' op input 'input' (#0) expects a non-empty spatial dimension 0}}
  %0 = sic.avg_pool2d %x {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x0x8xf32>) -> tensor<1x3x0x8xf32>
  return
}

// -----

// Tests that global_avg_pool needs spatial dimensions.
func.func @global_pool_rank(%x: tensor<1x3xf32>) {
  // expected-error @+1 {{'sic.global_avg_pool' op input 'input' (#0) expects rank >= 3, got 2}}
  %0 = sic.global_avg_pool %x : (tensor<1x3xf32>) -> tensor<1x3xf32>
  return
}

// -----

// Tests that batch_norm's epsilon is not negative.
func.func @batch_norm_epsilon(%x: tensor<1x2xf32>, %c: tensor<2xf32>) {
  // expected-error @+1 {{'sic.batch_norm' op expects 'epsilon' to be finite and >= 0, got -1.5}}
  %0 = sic.batch_norm %x, %c, %c, %c, %c {epsilon = -1.5 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return
}

// -----

// Tests that batch_norm's statistics have one value per channel.
func.func @batch_norm_channels(%x: tensor<1x2xf32>, %c: tensor<2xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'sic.batch_norm' op input 'variance' (#4) expects shape [2], got 'tensor<3xf32>'}}
  %0 = sic.batch_norm %x, %c, %c, %c, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<3xf32>) -> tensor<1x2xf32>
  return
}

// -----

// Tests that softmax's axis is in range.
func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.softmax' op expects 'axis' in [-2, 1], got 2}}
  %0 = sic.softmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Tests that layer_norm's scale broadcasts to the normalized dimensions.
func.func @layer_norm_scale(%x: tensor<2x3xf32>, %s: tensor<2xf32>) {
  // expected-error @+1 {{'sic.layer_norm' op input 'scale' (#1) of type 'tensor<2xf32>' does not broadcast to the normalized dimensions [3]}}
  %0 = sic.layer_norm %x, %s : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Tests that reduction axes are distinct.
func.func @reduce_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.reduce_sum' op expects distinct axes in 'axes', got axis 1 twice}}
  %0 = sic.reduce_sum %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

// Tests that indices computed at run time never index an empty dimension:
// no index is in range, and there is no element to read in its place.
func.func @gather_run_time_empty(%x: tensor<0x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'sic.gather' op input 'indices' (#1) indexes dimension 0 of size 0}}
  %0 = sic.gather %x, %i : (tensor<0x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gather_range(%x: tensor<3x4xf32>) {
  %i = sic.constant dense<[0, -5]> : tensor<2xi64>
  // expected-error @+1 {{'sic.gather' op input 'indices' (#1) holds index -5, out of range for dimension 1 of size 4}}
  %0 = sic.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @gather_float_indices(%x: tensor<3x4xf32>) {
  %i = sic.constant dense<[0.0]> : tensor<1xf32>
  // expected-error @+1 {{'sic.gather' op input 'indices' (#1) expects element type i32 or i64, got 'f32'}}
  %0 = sic.gather %x, %i : (tensor<3x4xf32>, tensor<1xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @gather_scalar_data(%x: tensor<f32>) {
  %i = sic.constant dense<0> : tensor<i64>
  // expected-error @+1 {{'sic.gather' op input 'data' (#0) expects rank >= 1, got 0}}
  %0 = sic.gather %x, %i : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

// Tests that gather_elements' indices have the data's rank and fit it.
func.func @gather_elements_rank(%x: tensor<3x4xf32>) {
  %i = sic.constant dense<0> : tensor<2xi64>
  // expected-error @+1 {{'sic.gather_elements' op input 'indices' (#1) expects rank 2, got 1}}
  %0 = sic.gather_elements %x, %i : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_elements_shape(%x: tensor<3x4xf32>) {
  %i = sic.constant dense<0> : tensor<2x5xi64>
  // expected-error @+1 {{'sic.gather_elements' op input 'indices' (#1) has size 5 in dimension 1, more than the data's 4}}
  %0 = sic.gather_elements %x, %i : (tensor<3x4xf32>, tensor<2x5xi64>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gather_elements_range(%x: tensor<3x4xf32>) {
  %i = sic.constant dense<[[0], [3]]> : tensor<2x1xi64>
  // expected-error @+1 {{'sic.gather_elements' op input 'indices' (#1) holds index 3, out of range for dimension 0 of size 3}}
  %0 = sic.gather_elements %x, %i : (tensor<3x4xf32>, tensor<2x1xi64>) -> tensor<2x1xf32>
  return
}

// -----

// Tests that a scatter's updates have the shape its indices give it.
func.func @scatter_elements_updates(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.scatter_elements' op input 'updates' (#2) expects 'tensor<2x4xf32>', got 'tensor<2x3xf32>'}}
  %0 = sic.scatter_elements %x, %i, %u : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @scatter_nd_updates(%x: tensor<3x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'sic.scatter_nd' op input 'updates' (#2) expects 'tensor<2x4xf32>', got 'tensor<2xf32>'}}
  %0 = sic.scatter_nd %x, %i, %u : (tensor<3x4xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<3x4xf32>
  return
}

// -----

// Tests that scatter_nd's tuples index at most the data's rank.
func.func @scatter_nd_depth(%x: tensor<3x4xf32>, %i: tensor<2x3xi64>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'sic.scatter_nd' op input 'indices' (#1) expects tuples of 1 to 2 indices (its last dimension), got 3}}
  %0 = sic.scatter_nd %x, %i, %u : (tensor<3x4xf32>, tensor<2x3xi64>, tensor<2xf32>) -> tensor<3x4xf32>
  return
}

// -----

// Tests that constant tuples are checked index by index against their
// dimensions.
func.func @scatter_nd_range(%x: tensor<3x4xf32>, %u: tensor<2xf32>) {
  %i = sic.constant dense<[[2, 3], [0, 4]]> : tensor<2x2xi64>
  // expected-error @+1 {{'sic.scatter_nd' op input 'indices' (#1) holds index 4, out of range for dimension 1 of size 4}}
  %0 = sic.scatter_nd %x, %i, %u : (tensor<3x4xf32>, tensor<2x2xi64>, tensor<2xf32>) -> tensor<3x4xf32>
  return
}

// -----

// Tests that a scatter combining updates takes numbers only.
func.func @scatter_bool_reduction(%x: tensor<3xi1>, %i: tensor<1xi64>, %u: tensor<1xi1>) {
  // expected-error @+1 {{'sic.scatter_elements' op}}
  %0 = sic.scatter_elements %x, %i, %u {reduction = #sic<scatter_reduction max>} : (tensor<3xi1>, tensor<1xi64>, tensor<1xi1>) -> tensor<3xi1>
  return
}

// -----

// Tests that arg_max's axis is in range and not empty.
func.func @arg_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.arg_max' op expects 'axis' in [-2, 1], got 2}}
  %0 = sic.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return
}

// -----

func.func @arg_empty_axis(%x: tensor<2x0xf32>) {
  // expected-error @+1 {{'sic.arg_min' op has no element to choose along axis -1 (size 0)}}
  %0 = sic.arg_min %x {axis = -1 : i64} : (tensor<2x0xf32>) -> tensor<2x1xi64>
  return
}

// -----

// Tests that reduction axes are in range.
func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.reduce_max' op expects 'axes' in [-2, 1], got -3}}
  %0 = sic.reduce_max %x {axes = array<i64: -3>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

// Tests that reduce_prod takes numbers only.
func.func @reduce_prod_of_bool(%x: tensor<2x3xi1>) {
  // expected-error @+1 {{'sic.reduce_prod' op}}
  %0 = sic.reduce_prod %x {axes = array<i64: 1>} : (tensor<2x3xi1>) -> tensor<2x1xi1>
  return
}

// -----

// Tests that reshape keeps the element count.
func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.reshape' op cannot reshape 6 elements into [4, 2] (8 elements)}}
  %0 = sic.reshape %x {shape = array<i64: 4, 2>} : (tensor<2x3xf32>) -> tensor<4x2xf32>
  return
}

// -----

// Tests that reshape dims are explicit.
func.func @reshape_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.reshape' op expects every value in 'shape' to be >= 0, got -1}}
  %0 = sic.reshape %x {shape = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<6xf32>
  return
}

// -----

// Tests that an input whose element count overflows is reported.
func.func @reshape_input_overflow(%x: tensor<4294967296x4294967296x4xf32>) {
  // expected-error @+1 {{'sic.reshape' op input 'input' (#0) has an element count that overflows 64 bits}}
  %0 = sic.reshape %x {shape = array<i64: 1>} : (tensor<4294967296x4294967296x4xf32>) -> tensor<1xf32>
  return
}

// -----

// Tests that an overflowing reshape target is reported.
func.func @reshape_overflow(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.reshape' op expects a 'shape' whose element count fits in 64 bits}}
  %0 = sic.reshape %x {shape = array<i64: 4294967296, 4294967296>} : (tensor<2x3xf32>) -> tensor<6xf32>
  return
}

// -----

// Tests that transpose takes a permutation.
func.func @transpose_perm(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'sic.transpose' op expects 'perm' to be a permutation of [0, 3), got [0, 0, 1]}}
  %0 = sic.transpose %x {perm = array<i64: 0, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<2x2x3xf32>
  return
}

// -----

// Tests that transpose's perm covers every dimension.
func.func @transpose_size(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'sic.transpose' op expects 3 values in 'perm', got 2}}
  %0 = sic.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2xf32>
  return
}

// -----

// Tests that concat inputs agree off the axis.
func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'sic.concat' op input 'inputs' (#1) expects size 2 in dimension 0 (that of input #0), got 4}}
  %0 = sic.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that concat inputs share a rank.
func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'sic.concat' op input 'inputs' (#1) expects rank 2, got 1}}
  %0 = sic.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return
}

// -----

// Tests that an overflowing concat is reported.
func.func @concat_overflow(%a: tensor<9223372036854775807xf32>) {
  // expected-error @+1 {{'sic.concat' op has an output dimension that overflows 64 bits}}
  %0 = sic.concat %a, %a {axis = 0 : i64} : (tensor<9223372036854775807xf32>, tensor<9223372036854775807xf32>) -> tensor<1xf32>
  return
}

// -----

// Tests that slice lists one start, end and step per axis.
func.func @slice_sizes(%x: tensor<8xf32>) {
  // expected-error @+1 {{'sic.slice' op expects 1 values in 'ends', got 2}}
  %0 = sic.slice %x {starts = array<i64: 0>, ends = array<i64: 4, 4>, axes = array<i64: 0>, steps = array<i64: 1>} : (tensor<8xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that slice steps are nonzero.
func.func @slice_step(%x: tensor<8xf32>) {
  // expected-error @+1 {{'sic.slice' op expects nonzero 'steps', got 0 for axis 0}}
  %0 = sic.slice %x {starts = array<i64: 0>, ends = array<i64: 4>, axes = array<i64: 0>, steps = array<i64: 0>} : (tensor<8xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that flatten's axis may be the rank but no more.
func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.flatten' op expects 'axis' in [-2, 2], got 3}}
  %0 = sic.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return
}

// -----

// Tests that an overflowing flatten is reported.
func.func @flatten_overflow(%x: tensor<4294967296x4294967296x1xf32>) {
  // expected-error @+1 {{'sic.flatten' op has an output dimension that overflows 64 bits}}
  %0 = sic.flatten %x {axis = 2 : i64} : (tensor<4294967296x4294967296x1xf32>) -> tensor<1x1xf32>
  return
}

// -----

// Tests that squeeze only removes dimensions of size 1.
func.func @squeeze_size(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.squeeze' op cannot squeeze dimension 1 of size 3}}
  %0 = sic.squeeze %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// Tests that unsqueeze axes index the output.
func.func @unsqueeze_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.unsqueeze' op expects 'axes' in [-3, 2], got 3}}
  %0 = sic.unsqueeze %x {axes = array<i64: 3>} : (tensor<2x3xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

// Tests that pad lists a begin and an end per dimension.
func.func @pad_size(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.pad' op expects 4 values in 'pads', got 2}}
  %0 = sic.pad %x {pads = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

// Tests that negative pads cannot crop past the dimension.
func.func @pad_crop(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.pad' op cannot pad dimension 1 of size 3 by -2 and -2}}
  %0 = sic.pad %x {pads = array<i64: 0, -2, 0, -2>} : (tensor<2x3xf32>) -> tensor<2x0xf32>
  return
}

// -----

// Tests that a negative pad crops at most the whole dimension.
func.func @pad_overcrop(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'sic.pad' op cannot pad dimension 1 of size 4 by -5 and 3}}
  %0 = sic.pad %x {pads = array<i64: 0, -5, 0, 3>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  return
}

// -----

// Tests that reflect padding mirrors the cropped dimension.
func.func @pad_reflect_cropped(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'sic.pad' op cannot pad dimension 1 of size 4 by 3 and -2 in mode 'reflect' (at most 1)}}
  %0 = sic.pad %x {pads = array<i64: 0, 3, 0, -2>, mode = #sic<pad_mode reflect>} : (tensor<2x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Tests that reflect padding cannot exceed the dimension less one.
func.func @pad_reflect(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sic.pad' op cannot pad dimension 1 of size 3 by 3 and 0 in mode 'reflect' (at most 2)}}
  %0 = sic.pad %x {pads = array<i64: 0, 3, 0, 0>, mode = #sic<pad_mode reflect>} : (tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

// Tests that edge padding needs an edge.
func.func @pad_edge(%x: tensor<2x0xf32>) {
  // expected-error @+1 {{'sic.pad' op cannot pad dimension 1 of size 0 by 1 and 0 in mode 'edge' (at most 0)}}
  %0 = sic.pad %x {pads = array<i64: 0, 1, 0, 0>, mode = #sic<pad_mode edge>} : (tensor<2x0xf32>) -> tensor<2x1xf32>
  return
}

// -----

// Tests that cast converts only to SIC's element types.
func.func @cast_to(%x: tensor<2xf32>) {
  // expected-error @+1 {{'sic.cast' op expects 'to' to be f32, f64, i32, i64, i1, i8, i16, ui8, ui16, ui32, ui64, f16 or bf16, got 'si8'}}
  %0 = sic.cast %x {to = si8} : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// Tests that only sic.cast reads the storage-only element types.
func.func @add_storage_only(%x: tensor<2xui8>) {
  // expected-error @+1 {{'sic.add' op operand #0 must be variadic of statically shaped tensor of}}
  %0 = sic.add %x, %x : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  return
}

// -----

// Tests that a placeholder is an error outside a graph.
func.func @placeholder() -> tensor<2xf32> {
  // expected-error @+1 {{'sic.placeholder' op stands for tensor 'h', which has no source}}
  %0 = sic.placeholder "h" : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that sic.output matches the graph's result count.
sic.graph @output_count(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // expected-error @+1 {{'sic.output' op has 1 operands, but the graph signature has 2 results}}
  sic.output %x : tensor<2xf32>
}

// -----

// Tests that sic.output matches the graph's result types.
sic.graph @output_type(%x: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'sic.output' op operand #0 has type 'tensor<2xf32>', but the graph signature declares 'tensor<3xf32>'}}
  sic.output %x : tensor<2xf32>
}

// -----

// Tests that sic.output only terminates a graph.
func.func @output_outside() {
  // expected-error @+1 {{'sic.output' op expects parent op 'sic.graph'}}
  sic.output
}

// -----

// Tests that a graph body ends with sic.output.
// expected-error @+1 {{'sic.graph' op expects its body to end with sic.output}}
sic.graph @foreign_terminator(%x: tensor<2xf32>) -> tensor<2xf32> {
  "test.terminator"(%x) : (tensor<2xf32>) -> ()
}

// -----

// Tests that an op hook's index is not negative.
func.func @negative_hook_index(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sic.after_op' op attribute 'index' failed to satisfy constraint: 32-bit signless integer attribute whose value is non-negative}}
  sic.after_op -1, %x : tensor<4xf32>
  return
}

// -----

// Tests that arithmetic refuses i1 elements.
func.func @add_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'sic.add' op input 'lhs' (#0) expects element type f32, f64, i32 or i64, got 'i1'}}
  %0 = sic.add %x, %x : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that an ordering comparison refuses i1 elements.
func.func @less_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'sic.less' op input 'lhs' (#0) expects element type f32, f64, i32 or i64, got 'i1'}}
  %0 = sic.less %x, %x : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that a comparison's output is i1.
func.func @equal_output(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'sic.equal' op output type 'tensor<2xf32>' does not match the inferred type 'tensor<2xi1>'}}
  %0 = sic.equal %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that logic takes i1 elements and integers (bitwise) only.
func.func @and_float(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'sic.and' op input 'lhs' (#0) expects element type i1, i32 or i64, got 'f32'}}
  %0 = sic.and %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that shifts take i32 and i64 only.
func.func @shift_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'sic.shift_left' op input 'lhs' (#0) expects element type i32 or i64, got 'i1'}}
  %0 = sic.shift_left %x, %x : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that sic.where's condition is i1.
func.func @where_condition(%c: tensor<2xf32>, %x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'sic.where' op input 'condition' (#0) expects element type i1, got 'f32'}}
  %0 = sic.where %c, %x, %x : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that sic.where's two values have one element type.
func.func @where_types(%c: tensor<2xi1>, %x: tensor<2xf32>, %y: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'sic.where' op input 'y' (#2) expects element type 'f32' (that of input 'x'), got 'i64'}}
  %0 = sic.where %c, %x, %y : (tensor<2xi1>, tensor<2xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that sic.where's three inputs broadcast.
func.func @where_broadcast(%c: tensor<3xi1>, %x: tensor<2x1xf32>, %y: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'sic.where' op cannot broadcast input shapes 'tensor<3xi1>', 'tensor<2x1xf32>' and 'tensor<2xf32>'}}
  %0 = sic.where %c, %x, %y : (tensor<3xi1>, tensor<2x1xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that arg_max refuses i1 elements.
func.func @arg_max_bool(%x: tensor<2xi1>) -> tensor<1xi64> {
  // expected-error @+1 {{'sic.arg_max' op input 'input' (#0) expects element type f32, f64, i32 or i64, got 'i1'}}
  %0 = sic.arg_max %x : (tensor<2xi1>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

// Tests that gather_nd's batch dimensions exist and agree.
func.func @gather_nd_batch_dims(%x: tensor<3x4xf32>, %i: tensor<3x1xi64>) {
  // expected-error @+1 {{'sic.gather_nd' op expects 'batch_dims' in [0, 2), got 2}}
  %0 = sic.gather_nd %x, %i {batch_dims = 2 : i64} : (tensor<3x4xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_nd_batch_sizes(%x: tensor<3x4xf32>, %i: tensor<2x1xi64>) {
  // expected-error @+1 {{'sic.gather_nd' op input 'indices' (#1) has size 2 in batch dimension 0, the data 3}}
  %0 = sic.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<3x4xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return
}

// -----

// Tests that top_k takes at most the axis' elements.
func.func @top_k_too_many(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'sic.top_k' op expects 'k' in [0, 4] (the size of axis -1), got 5}}
  %0 = sic.top_k %x {k = 5 : i64} : (tensor<3x4xf32>) -> tensor<3x5xi64>
  return
}

// -----

// Tests that a recurrence's input projections have the shape its
// recurrence weights and direction imply.
func.func @recurrence_input(%x: tensor<1x5x2x4xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op input 'input' (#0) expects shape [1, 5, 2, 3], got [1, 5, 2, 4]}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x4xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that a bidirectional recurrence needs two of everything.
func.func @recurrence_directions(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op input 'input' (#0) expects shape [2, 5, 2, 3], got [1, 5, 2, 3]}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, direction = #sic<recurrence_direction bidirectional>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x2x2x3xf32>
  return
}

// -----

// Tests that the initial hidden state has the batch of the input.
func.func @recurrence_initial_h(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op input 'initial_h' (#3) expects shape [1, 2, 3], got [1, 1, 3]}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x1x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that only an lstm takes an initial cell state.
func.func @recurrence_rnn_cell(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op expects 4 inputs for an rnn cell, got 5}}
  %0 = sic.recurrence %x, %r, %rb, %h, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that an lstm needs its initial cell state.
func.func @recurrence_lstm_cell(%x: tensor<1x5x2x12xf32>, %r: tensor<1x3x12xf32>, %rb: tensor<1x12xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op expects the input 'initial_c' of an lstm cell}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell lstm>, activations = [#sic<activation sigmoid>, #sic<activation tanh>, #sic<activation tanh>], activation_alpha = array<f32: 0.0, 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0, 0.0>} : (tensor<1x5x2x12xf32>, tensor<1x3x12xf32>, tensor<1x12xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that input_forget and cell_states are an lstm's only.
func.func @recurrence_flag(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op attribute 'cell_states' applies to lstm cells only, got rnn}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, cell_states = true} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that linear_before_reset is a gru's only.
func.func @recurrence_reset(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op attribute 'linear_before_reset' applies to gru cells only, got rnn}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, linear_before_reset = true} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that every direction has its cell's count of activations.
func.func @recurrence_activations(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op expects 1 activation (1 per direction of an rnn cell), got 2}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>, #sic<activation relu>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that every activation has its alpha and beta.
func.func @recurrence_alpha(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op expects 1 values in 'activation_alpha', got 0}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that clip is a positive bound.
func.func @recurrence_clip(%x: tensor<1x5x2x3xf32>, %r: tensor<1x3x3xf32>, %rb: tensor<1x3xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op expects 'clip' to be finite and > 0, got 0}}
  %0 = sic.recurrence %x, %r, %rb, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, clip = 0.0 : f32} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}

// -----

// Tests that an lstm with cell_states declares both states of every step.
func.func @recurrence_output(%x: tensor<1x5x2x12xf32>, %r: tensor<1x3x12xf32>, %rb: tensor<1x12xf32>, %h: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'sic.recurrence' op output type 'tensor<5x1x2x3xf32>' does not match the inferred type 'tensor<2x5x1x2x3xf32>'}}
  %0 = sic.recurrence %x, %r, %rb, %h, %h {cell = #sic<recurrent_cell lstm>, activations = [#sic<activation sigmoid>, #sic<activation tanh>, #sic<activation tanh>], activation_alpha = array<f32: 0.0, 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0, 0.0>, cell_states = true} : (tensor<1x5x2x12xf32>, tensor<1x3x12xf32>, tensor<1x12xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
  return
}
