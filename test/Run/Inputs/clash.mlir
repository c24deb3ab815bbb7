// Two outputs whose names map to the same file name, a_b.npy.
sic.graph @clash(%x: tensor<2xf32> {sic.name = "x"})
    -> (tensor<2xf32> {sic.name = "a/b"}, tensor<2xf32> {sic.name = "a_b"}) {
  %r = sic.relu %x : (tensor<2xf32>) -> tensor<2xf32> loc("relu")
  %n = sic.neg %x : (tensor<2xf32>) -> tensor<2xf32> loc("neg")
  sic.output %r, %n : tensor<2xf32>, tensor<2xf32>
}
