// A two-layer perceptron (4 -> 8 -> 3, ReLU, softmax) as a model file
// describes it: nodes in file order, which is not an execution order.
// `sic-opt examples/mlp.mlir --sic-verify-graph --sic-schedule` checks the
// graph and prints it as a function in topological order.
sic.graph @mlp(%x: tensor<1x4xf32> {sic.name = "x"})
    -> (tensor<1x3xf32> {sic.name = "probs"}) {
  %probs = sic.softmax %logits {axis = -1 : i64}
      : (tensor<1x3xf32>) -> tensor<1x3xf32> loc("softmax")
  %logits = sic.gemm %h, %w2, %b2 {trans_b = true}
      : (tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<1x3xf32> loc("fc2")
  %h = sic.relu %z1 : (tensor<1x8xf32>) -> tensor<1x8xf32> loc("relu1")
  %z1 = sic.gemm %x, %w1, %b1 {trans_b = true}
      : (tensor<1x4xf32>, tensor<8x4xf32>, tensor<8xf32>) -> tensor<1x8xf32> loc("fc1")
  %w1 = sic.constant dense<0.25> : tensor<8x4xf32> loc("fc1.weight")
  %b1 = sic.constant dense<[0.1, -0.1, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4]>
      : tensor<8xf32> loc("fc1.bias")
  %w2 = sic.constant dense<0.5> : tensor<3x8xf32> loc("fc2.weight")
  %b2 = sic.constant dense<[0.0, 1.0, 2.0]> : tensor<3xf32> loc("fc2.bias")
  sic.output %probs : tensor<1x3xf32>
}
