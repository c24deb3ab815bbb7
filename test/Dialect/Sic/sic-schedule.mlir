// RUN: sic-opt %s -split-input-file --sic-schedule -verify-diagnostics | FileCheck %s

// Tests that producers move before their readers, and that the signature,
// names and node locations are kept.
// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[X:.*]]: tensor<4xf32> {sic.name = "x"}) -> (tensor<4xf32> {sic.name = "y"})
// CHECK-NEXT: %[[R:.*]] = sic.relu %[[X]]
// CHECK-NEXT: %[[N:.*]] = sic.neg %[[R]]
// CHECK-NEXT: return %[[N]] : tensor<4xf32>
// CHECK-NOT: sic.graph
sic.graph @chain(%x: tensor<4xf32> {sic.name = "x"}) -> (tensor<4xf32> {sic.name = "y"}) {
  %n = sic.neg %r : (tensor<4xf32>) -> tensor<4xf32>
  %r = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  sic.output %n : tensor<4xf32>
}

// -----

// Tests that ties go to the node written first: in this diamond, the two
// branches keep their model order (exp before tanh), and the independent
// node 'late' stays after them.
// CHECK-LABEL: func.func @ties
// CHECK-NEXT: sic.abs
// CHECK-NEXT: sic.exp
// CHECK-NEXT: sic.tanh
// CHECK-NEXT: sic.add
// CHECK-NEXT: sic.sqrt
// CHECK-NEXT: return
sic.graph @ties(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %sum = sic.add %e, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %a = sic.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  %e = sic.exp %a : (tensor<4xf32>) -> tensor<4xf32>
  %t = sic.tanh %a : (tensor<4xf32>) -> tensor<4xf32>
  %late = sic.sqrt %x : (tensor<4xf32>) -> tensor<4xf32> loc("late")
  sic.output %sum, %late : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that constants are placed when first ready and that several outputs
// and repeated reads survive.
// CHECK-LABEL: func.func @constants
// CHECK-NEXT: %[[C:.*]] = sic.constant dense<2.000000e+00>
// CHECK-NEXT: %[[M:.*]] = sic.mul %{{.*}}, %[[C]]
// CHECK-NEXT: %[[S:.*]] = sic.mul %[[M]], %[[M]]
// CHECK-NEXT: return %[[S]], %[[M]]
sic.graph @constants(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %sq = sic.mul %m, %m : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %m = sic.mul %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = sic.constant dense<2.0> : tensor<4xf32>
  sic.output %sq, %m : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that a graph that passes its input through is scheduled.
// CHECK-LABEL: func.func @identity(
// CHECK-NEXT: return %{{.*}} : tensor<2xi64>
sic.graph @identity(%x: tensor<2xi64>) -> tensor<2xi64> {
  sic.output %x : tensor<2xi64>
}

// -----

// Tests that a cyclic graph is refused, naming the cycle.
sic.graph @cyclic(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{cycle through 2 nodes: 'sic.add at}}
  %a = sic.add %x, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32>
  sic.output %b : tensor<4xf32>
}
// expected-error @-6 {{'sic.graph' op cannot be scheduled: it has a cycle}}

// -----

// Tests that a tensor without a source is still refused once scheduled.
sic.graph @sourceless() -> tensor<4xf32> {
  // expected-error @+1 {{'sic.placeholder' op stands for tensor 'h', which has no source}}
  %h = sic.placeholder "h" : tensor<4xf32>
  sic.output %h : tensor<4xf32>
}
