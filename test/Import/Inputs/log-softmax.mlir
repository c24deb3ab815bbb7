// A log softmax: a boolean attribute set away from its default (used by
// flatbuffer-roundtrip.test).
sic.graph @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %y = sic.softmax %x {axis = 1 : i64, log = true} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  sic.output %y : tensor<2x5xf32>
}
