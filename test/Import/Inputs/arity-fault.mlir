// A graph with an arity fault (used by flatbuffer-roundtrip.test).
sic.graph @faulty(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = sic.gemm %x : (tensor<4xf32>) -> tensor<4xf32> loc("fc")
  sic.output %g : tensor<4xf32>
}
