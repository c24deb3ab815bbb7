// RUN: sic-opt %s -split-input-file --sic-insert-op-hooks="checks=debug" | FileCheck %s --check-prefix=DEBUG
// RUN: sic-opt %s -split-input-file --sic-insert-op-hooks="instrument=true" | FileCheck %s --check-prefix=INSTRUMENT
// RUN: sic-opt %s -split-input-file --sic-insert-op-hooks="checks=debug instrument=true" | FileCheck %s --check-prefix=BOTH
// RUN: sic-opt %s -split-input-file --sic-insert-op-hooks | FileCheck %s --check-prefix=RELEASE
// RUN: not sic-opt %s -split-input-file --sic-insert-op-hooks="checks=paranoid" 2>&1 | FileCheck %s --check-prefix=POLICY

// Tests that every node gets an after-op hook reading its output (debug),
// a before-op hook too with instrument, numbered in order; that constants
// get none; that the op table names each node, its sic op, its output
// type and, for a model output, the output's name; and that release
// inserts nothing.
// DEBUG-LABEL: func.func @chain(
// DEBUG-SAME: attributes {sic.checks = #sic.check_policy<debug>, sic.ops = [#sic.op_info<op = "sic.mul", node = "scale", output = "", type = tensor<4xf32>>, #sic.op_info<op = "sic.div", node = "ratio", output = "y", type = tensor<4xf32>>]}
// DEBUG-NEXT: %[[C:.*]] = sic.constant
// DEBUG-NEXT: %[[S:.*]] = sic.mul
// DEBUG-NEXT: sic.after_op 0, %[[S]] : tensor<4xf32>
// DEBUG-NEXT: %[[R:.*]] = sic.div %[[S]], %[[C]]
// DEBUG-NEXT: sic.after_op 1, %[[R]] : tensor<4xf32>
// DEBUG-NEXT: return %[[R]]

// INSTRUMENT-LABEL: func.func @chain(
// INSTRUMENT-SAME: attributes {sic.checks = #sic.check_policy<release>, sic.instrumented, sic.ops = [
// INSTRUMENT-NEXT: sic.constant
// INSTRUMENT-NEXT: sic.before_op 0
// INSTRUMENT-NEXT: %[[S:.*]] = sic.mul
// INSTRUMENT-NEXT: sic.after_op 0, %[[S]]
// INSTRUMENT-NEXT: sic.before_op 1
// INSTRUMENT-NEXT: %[[R:.*]] = sic.div
// INSTRUMENT-NEXT: sic.after_op 1, %[[R]]

// BOTH-LABEL: func.func @chain(
// BOTH-SAME: attributes {sic.checks = #sic.check_policy<debug>, sic.instrumented, sic.ops = [

// RELEASE-LABEL: func.func @chain(
// RELEASE-SAME: -> (tensor<4xf32> {sic.name = "y"}) {
// RELEASE-NEXT: sic.constant
// RELEASE-NEXT: sic.mul
// RELEASE-NEXT: sic.div
// RELEASE-NEXT: return

// POLICY: for the --checks option: Cannot find option named 'paranoid'!
func.func @chain(%x: tensor<4xf32> {sic.name = "x"}) -> (tensor<4xf32> {sic.name = "y"}) {
  %c = sic.constant dense<2.0> : tensor<4xf32>
  %s = sic.mul %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("scale")
  %r = sic.div %s, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("ratio")
  return %r : tensor<4xf32>
}

// -----

// Tests that a function that already has its op table is left as it is, so
// the pass can run twice.
// DEBUG-LABEL: func.func @hooked(
// DEBUG-NEXT: = sic.relu
// DEBUG-NEXT: sic.after_op 0
// DEBUG-NEXT: return
func.func @hooked(%x: tensor<4xf32>) -> tensor<4xf32> attributes {sic.ops = [#sic.op_info<op = "sic.relu", node = "r", output = "", type = tensor<4xf32>>]} {
  %r = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32> loc("r")
  sic.after_op 0, %r : tensor<4xf32>
  return %r : tensor<4xf32>
}
