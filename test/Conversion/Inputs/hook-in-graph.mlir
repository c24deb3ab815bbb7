// A hook in a sic.graph, which has no environment argument.
sic.graph @g(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  sic.after_op 0, %r : tensor<4xf32>
  sic.output %r : tensor<4xf32>
}
