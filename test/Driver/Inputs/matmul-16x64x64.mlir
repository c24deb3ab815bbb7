// A scheduled model of one matmul: 16x64 by 64x64.
func.func @matmul(%x: tensor<16x64xf32>, %w: tensor<64x64xf32>) -> tensor<16x64xf32> {
  %0 = sic.matmul %x, %w : (tensor<16x64xf32>, tensor<64x64xf32>) -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}
