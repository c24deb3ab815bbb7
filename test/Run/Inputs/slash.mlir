// A model whose output name holds characters a file name cannot: '/', ':'.
sic.graph @slash(%x: tensor<2xf32> {sic.name = "x"})
    -> (tensor<2xf32> {sic.name = "scores/relu:0"}) {
  %r = sic.relu %x : (tensor<2xf32>) -> tensor<2xf32> loc("relu")
  sic.output %r : tensor<2xf32>
}
