// A bidirectional lstm with every attribute of recurrence set away from its
// default: the cell, direction, activations with their parameters (a list
// of enums and two lists of floats), clip and the flags (used by
// flatbuffer-roundtrip.test).
sic.graph @recurrence(%x: tensor<2x4x1x8xf32>, %r: tensor<2x2x8xf32>, %b: tensor<2x8xf32>, %s: tensor<2x1x2xf32>, %p: tensor<2x6xf32>) -> tensor<2x4x2x1x2xf32> {
  %y = sic.recurrence %x, %r, %b, %s, %s, %p {cell = #sic<recurrent_cell lstm>, direction = #sic<recurrence_direction bidirectional>, activations = [#sic<activation hard_sigmoid>, #sic<activation tanh>, #sic<activation softsign>, #sic<activation sigmoid>, #sic<activation elu>, #sic<activation scaled_tanh>], activation_alpha = array<f32: 0.2, 0.0, 0.0, 0.0, 1.5, 2.0>, activation_beta = array<f32: 0.5, 0.0, 0.0, 0.0, 0.0, 0.25>, clip = 3.0 : f32, input_forget = true, cell_states = true} : (tensor<2x4x1x8xf32>, tensor<2x2x8xf32>, tensor<2x8xf32>, tensor<2x1x2xf32>, tensor<2x1x2xf32>, tensor<2x6xf32>) -> tensor<2x4x2x1x2xf32>
  sic.output %y : tensor<2x4x2x1x2xf32>
}
