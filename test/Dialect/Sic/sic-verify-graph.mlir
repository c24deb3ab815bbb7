// RUN: sic-opt %s -split-input-file --sic-verify-graph -verify-diagnostics --allow-unregistered-dialect | FileCheck %s

// Tests that a valid graph passes unchanged, in any node order.
// CHECK-LABEL: sic.graph @valid
// CHECK: sic.neg
// CHECK: sic.add
// CHECK: sic.constant
sic.graph @valid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %n = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32>
  %a = sic.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = sic.constant dense<1.0> : tensor<4xf32>
  sic.output %n : tensor<4xf32>
}

// -----

// Tests that a node with the wrong input count is reported.
sic.graph @arity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'sic.gemm' op expects 2 or 3 inputs, got 1}}
  %g = sic.gemm %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  sic.output %g : tensor<2x3xf32>
}

// -----

// Tests that a dtype fault is reported.
sic.graph @dtype(%x: tensor<4xf32>, %i: tensor<4xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'sic.sub' op input 'rhs' (#1) expects element type 'f32' (that of input 'lhs'), got 'i32'}}
  %s = sic.sub %x, %i : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  sic.output %s : tensor<4xf32>
}

// -----

// Tests that a shape fault is reported.
sic.graph @shape(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'sic.exp' op output type 'tensor<5xf32>' does not match the inferred type 'tensor<4xf32>'}}
  %e = sic.exp %x : (tensor<4xf32>) -> tensor<5xf32>
  sic.output %e : tensor<5xf32>
}

// -----

// Tests that a tensor without a source names every node that reads it.
sic.graph @no_source(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+1 {{tensor 'h' has no source; it is read by 'add1', 'mul1' and the graph outputs}}
  %h = sic.placeholder "h" : tensor<4xf32>
  %a = sic.add %h, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("add1")
  %m = sic.mul %h, %h : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("mul1")
  sic.output %h, %m : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that a cycle is reported once, at its first node, in edge order.
sic.graph @cycle(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{cycle through 3 nodes: 'sic.add at}}
  %a = sic.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = sic.relu %b : (tensor<4xf32>) -> tensor<4xf32> loc("relu")
  %b = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32> loc("neg")
  sic.output %c : tensor<4xf32>
}

// -----

// Tests that a node that reads itself is a cycle.
sic.graph @self_cycle(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{cycle through 1 node: }}
  %a = sic.add %x, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  sic.output %a : tensor<4xf32>
}

// -----

// Tests that a larger knot is reported by one shortest cycle.
sic.graph @knot(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{-> 'n3' -> '}}
  %a = sic.add %x, %d : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32> loc("n1")
  %c = sic.neg %b : (tensor<4xf32>) -> tensor<4xf32> loc("n2")
  %d = sic.add %c, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("n3")
  %e = sic.add %a, %d : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("n4")
  sic.output %e : tensor<4xf32>
}

// -----

// Tests that ops from other dialects are not model nodes.
sic.graph @foreign(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'test.op' op is not a model node (a sic.graph holds sic ops)}}
  %f = "test.op"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  sic.output %f : tensor<4xf32>
}

// -----

// Tests that every fault of a graph is reported in one run.
sic.graph @three_faults(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'sic.gemm' op expects 2 or 3 inputs, got 1}}
  %g = sic.gemm %x : (tensor<4xf32>) -> tensor<4xf32>
  // expected-error @+1 {{tensor 'lost' has no source; it is read by 'mul'}}
  %h = sic.placeholder "lost" : tensor<4xf32>
  %m = sic.mul %h, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("mul")
  // expected-error @+1 {{cycle through 2 nodes}}
  %a = sic.add %x, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32>
  sic.output %b : tensor<4xf32>
}
