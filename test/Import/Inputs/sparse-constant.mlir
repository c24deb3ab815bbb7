// A sparse constant (used by flatbuffer-roundtrip.test).
sic.graph @sparse() -> tensor<4xf32> {
  %c = sic.constant sparse<[[1]], [2.0]> : tensor<4xf32> loc("sparse")
  sic.output %c : tensor<4xf32>
}
