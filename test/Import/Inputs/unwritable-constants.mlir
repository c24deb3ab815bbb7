// Constants the model format cannot hold (used by flatbuffer-roundtrip.test).
sic.graph @no_data() -> tensor<2xf32> {
  %c = sic.constant dense_resource<missing> : tensor<2xf32> loc("blob")
  sic.output %c : tensor<2xf32>
}
