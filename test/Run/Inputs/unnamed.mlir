// A model whose input and output have no sic.name: both are ''.
func.func @unnamed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sic.exp %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
