// RUN: not sic-opt %s -split-input-file --sic-verify-graph --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=error:

// The report a user sees for models whose nodes carry their model names as
// locations (as the importers set them): every node named, every fault of a
// graph in one run, and a failing exit status.

// Tests that a cycle is reported naming each of its nodes in order.
// CHECK: error: loc("block1.add"): cycle through 3 nodes: 'block1.add' -> 'block1.relu' -> 'block1.scale' -> 'block1.add'
sic.graph @cyclic(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %add = sic.add %x, %scaled : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32> loc("block1.add")
  %relu = sic.relu %add : (tensor<1x8xf32>) -> tensor<1x8xf32> loc("block1.relu")
  %scaled = sic.mul %relu, %relu : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32> loc("block1.scale")
  sic.output %scaled : tensor<1x8xf32>
}

// -----

// Tests that an arity fault, a tensor without a source and a cycle are all
// reported in one run.
// CHECK: error: loc("fc1"): 'sic.gemm' op expects 2 or 3 inputs, got 1
// CHECK: error: loc("hidden"): tensor 'hidden' has no source; it is read by 'fc2'
// CHECK: error: loc("norm.a"): cycle through 2 nodes: 'norm.a' -> 'norm.b' -> 'norm.a'
sic.graph @three_faults(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %fc1 = sic.gemm %x : (tensor<1x8xf32>) -> tensor<1x8xf32> loc("fc1")
  %hidden = sic.placeholder "hidden" : tensor<8x8xf32> loc("hidden")
  %fc2 = sic.gemm %fc1, %hidden : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32> loc("fc2")
  %a = sic.sub %fc2, %b : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32> loc("norm.a")
  %b = sic.sqrt %a : (tensor<1x8xf32>) -> tensor<1x8xf32> loc("norm.b")
  sic.output %fc2, %b : tensor<1x8xf32>, tensor<1x8xf32>
}
