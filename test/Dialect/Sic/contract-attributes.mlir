// RUN: sic-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// Tests the attributes the phases hand each other on a model function and
// its arguments: well-formed ones round-trip, and each malformed one gets
// its verifier's message (#sic.target: target.mlir).

// CHECK-LABEL: func.func @planned(
// CHECK-SAME: %{{.*}}: memref<4xf32> {sic.name = "x", sic.type = tensor<4xf32>}
// CHECK-SAME: %{{.*}}: memref<4xf32> {sic.name = "y", sic.output, sic.type = tensor<4xf32>}
// CHECK-SAME: %{{.*}}: memref<192xi8> {sic.arena}
// CHECK-SAME: %{{.*}}: !llvm.ptr {sic.env}
// CHECK-SAME: attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 64, guards = [#sic.guard<offset = 0, bytes = 64>, #sic.guard<offset = 128, bytes = 64>]>, sic.checks = #sic.check_policy<debug>, sic.instrumented, sic.ops = [#sic.op_info<op = "sic.relu", node = "r", output = "y", type = tensor<4xf32>>]}
func.func @planned(%x: memref<4xf32> {sic.name = "x", sic.type = tensor<4xf32>}, %y: memref<4xf32> {sic.name = "y", sic.output, sic.type = tensor<4xf32>}, %arena: memref<192xi8> {sic.arena}, %env: !llvm.ptr {sic.env}) attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 64, guards = [#sic.guard<offset = 0, bytes = 64>, #sic.guard<offset = 128, bytes = 64>]>, sic.checks = #sic.check_policy<debug>, sic.instrumented, sic.ops = [#sic.op_info<op = "sic.relu", node = "r", output = "y", type = tensor<4xf32>>]} {
  return
}

// -----

// CHECK-LABEL: func.func @tiled(
// CHECK: scf.for
// CHECK: } {sic.tile_loop = #sic.tile_loop<contraction = 2, role = tile>}
func.func @tiled(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
  } {sic.tile_loop = #sic.tile_loop<contraction = 2, role = tile>}
  return
}

// -----

// expected-error @+1 {{'sic.checks' must be a #sic.check_policy, not "debug"}}
func.func @checks() attributes {sic.checks = "debug"} {
  return
}

// -----

// expected-error @+2 {{expected ::mlir::sic::CheckPolicy to be one of: release, debug}}
// expected-error @+1 {{failed to parse Sic_CheckPolicyAttr parameter 'value'}}
func.func @policy() attributes {sic.checks = #sic.check_policy<paranoid>} {
  return
}

// -----

// expected-error @+1 {{'sic.checks' belongs on a model function}}
module attributes {sic.checks = #sic.check_policy<debug>} {
}

// -----

// expected-error @+1 {{'sic.ops' must be an array of #sic.op_info, not [{node = "r", op = "sic.relu"}]}}
func.func @ops() attributes {sic.ops = [{node = "r", op = "sic.relu"}]} {
  return
}

// -----

// expected-error @+1 {{#sic.op_info's type must be a statically shaped tensor, not 'tensor<?xf32>'}}
func.func @op_type() attributes {sic.ops = [#sic.op_info<op = "sic.relu", node = "r", output = "", type = tensor<?xf32>>]} {
  return
}

// -----

// expected-error @+1 {{#sic.op_info needs the node's op}}
func.func @op_name() attributes {sic.ops = [#sic.op_info<op = "", node = "r", output = "", type = tensor<4xf32>>]} {
  return
}

// -----

// expected-error @+1 {{'sic.instrumented' needs the op table 'sic.ops' its hooks name ops by}}
func.func @instrumented() attributes {sic.instrumented} {
  return
}

// -----

// expected-error @+1 {{'sic.instrumented' must be a unit attribute}}
func.func @instrumented_value() attributes {sic.instrumented = 1, sic.ops = []} {
  return
}

// -----

// expected-error @+1 {{'sic.arena_plan' must be a #sic.arena_plan, not 704 : i64}}
func.func @arena_plan() attributes {sic.arena_plan = 704} {
  return
}

// -----

// expected-error @+1 {{#sic.arena_plan's alignment must be a power of 2 up to 4096, not 48}}
func.func @alignment() attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 48, guards = []>} {
  return
}

// -----

// expected-error @+1 {{#sic.arena_plan's guards must be #sic.guard, not #sic.check_policy<debug>}}
func.func @guard_kind() attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 64, guards = [#sic.check_policy<debug>]>} {
  return
}

// -----

// expected-error @+1 {{#sic.arena_plan's guard #1 must lie after the one before it and inside the arena's 192 bytes}}
func.func @guard_order() attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 64, guards = [#sic.guard<offset = 64, bytes = 64>, #sic.guard<offset = 0, bytes = 64>]>} {
  return
}

// -----

// expected-error @+1 {{#sic.arena_plan's guard #0 must lie after the one before it and inside the arena's 192 bytes}}
func.func @guard_outside() attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 64, guards = [#sic.guard<offset = 160, bytes = 64>]>} {
  return
}

// -----

// expected-error @+2 {{#sic.guard must cover at least one byte inside the address space, not 0 at 64}}
// expected-error @+1 {{failed to parse Sic_ArenaPlanAttr parameter 'guards'}}
func.func @guard_empty() attributes {sic.arena_plan = #sic.arena_plan<bytes = 192, alignment = 64, guards = [#sic.guard<offset = 64, bytes = 0>]>} {
  return
}

// -----

// expected-error @+1 {{'sic.name' must be a string, not 3 : i64}}
func.func @name(%x: memref<4xf32> {sic.name = 3}) {
  return
}

// -----

// expected-error @+1 {{'sic.name' must be a string, not 3 : i64}}
func.func @result_name() -> (tensor<4xf32> {sic.name = 3}) {
  %c = arith.constant dense<0.0> : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// expected-error @+1 {{'sic.output' cannot be a result's attribute (result #0)}}
func.func @result_output() -> (tensor<4xf32> {sic.output}) {
  %c = arith.constant dense<0.0> : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// expected-error @+1 {{'sic.type' must be a statically shaped tensor type, not memref<4xf32>}}
func.func @type(%x: memref<4xf32> {sic.type = memref<4xf32>}) {
  return
}

// -----

// expected-error @+1 {{'sic.arena' must be a unit attribute}}
func.func @arena(%x: memref<4xi8> {sic.arena = 64}) {
  return
}

// -----

// expected-error @+1 {{'sic.arena' marks argument #0, which already has another role (output, arena or env)}}
func.func @roles(%x: memref<4xi8> {sic.arena, sic.env}) {
  return
}

// -----

// expected-error @+1 {{'sic.ops' cannot be an argument's attribute (argument #0)}}
func.func @arg_ops(%x: memref<4xf32> {sic.ops = []}) {
  return
}

// -----

// expected-error @+1 {{'sic.output' belongs on an argument of a model function}}
func.func @output() attributes {sic.output} {
  return
}

// -----

func.func @tile_loop_kind(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'sic.tile_loop' must be a #sic.tile_loop, not 0 : i64}}
  scf.for %i = %c0 to %n step %c1 {
  } {sic.tile_loop = 0}
  return
}

// -----

// expected-error @+1 {{'sic.tile_loop' belongs on a loop}}
func.func @tile_loop_place() attributes {sic.tile_loop = #sic.tile_loop<contraction = 0, role = tile>} {
  return
}

// -----

// expected-error @+1 {{'sic.vectorize' must be a unit attribute}}
func.func @vectorize() attributes {sic.vectorize = 1} {
  return
}

// -----

// expected-error @+1 {{'sic.arena_size' is no attribute of the sic dialect}}
func.func @unknown() attributes {sic.arena_size = 704} {
  return
}
