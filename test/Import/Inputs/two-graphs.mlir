// Two graphs in one module (used by flatbuffer-roundtrip.test).
sic.graph @a(%x: tensor<4xf32>) -> tensor<4xf32> {
  sic.output %x : tensor<4xf32>
}
sic.graph @b(%x: tensor<4xf32>) -> tensor<4xf32> {
  sic.output %x : tensor<4xf32>
}
