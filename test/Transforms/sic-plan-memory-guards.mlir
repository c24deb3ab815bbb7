// Tests sic-plan-memory with guards (the debug-checked policy): buffers
// share no bytes, every one sits between two guards, the guards are
// recorded, and the runtime's environment argument stays last.
// RUN: sic-opt %s --sic-pipeline="compile-to=plan-memory opt-level=0 checks=debug memory-report=text" | FileCheck %s
// RUN: sic-opt %s --sic-pipeline="compile-to=plan-memory opt-level=0 checks=debug memory-report=json" -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: sic-opt %s --sic-pipeline="compile-to=plan-memory opt-level=0" | FileCheck %s --check-prefix=RELEASE

// Each group of buffers (a buffer and those written over it in place: c
// over b, d over a, as in release) has its own bytes, in the order the
// groups are first used, with a guard before the first and after each.
// CHECK-LABEL: memory plan of @chain (alignment 64)
// CHECK-NEXT:   arena:       704 bytes
// CHECK:        guards:      3 of 64 bytes
// CHECK:        a {{[0-9]+}} {{[0-9]+}} 64 256
// CHECK-NEXT:   b {{[0-9]+}} {{[0-9]+}} 384 256
// CHECK-NEXT:   c {{[0-9]+}} {{[0-9]+}} 384 256  b
// CHECK-NEXT:   d {{[0-9]+}} {{[0-9]+}} 64 256  a
// CHECK:      func.func @chain(%{{.*}}: memref<64xf32> {sic.name = "x", sic.type = tensor<64xf32>}, %{{.*}}: memref<64xf32> {sic.name = "y", sic.output, sic.type = tensor<64xf32>}, %{{.*}}: memref<704xi8> {sic.arena}, %{{.*}}: !llvm.ptr {sic.env})
// CHECK-SAME:     sic.arena_plan = #sic.arena_plan<bytes = 704, alignment = 64, guards = [#sic.guard<offset = 0, bytes = 64>, #sic.guard<offset = 320, bytes = 64>, #sic.guard<offset = 640, bytes = 64>]>, sic.checks = #sic.check_policy<debug>

// JSON: "guards": [
// JSON-NEXT: {
// JSON-NEXT:   "bytes": 64,
// JSON-NEXT:   "offset": 0
// JSON-NEXT: },

// RELEASE-LABEL: func.func @chain(
// RELEASE-SAME: %{{.*}}: memref<{{[0-9]+}}xi8> {sic.arena}) attributes {sic.arena_plan = #sic.arena_plan<bytes = {{[0-9]+}}, alignment = 64, guards = []>} {
func.func @chain(%x: tensor<64xf32> {sic.name = "x"}) -> (tensor<64xf32> {sic.name = "y"}) {
  %a = sic.relu %x : (tensor<64xf32>) -> tensor<64xf32> loc("a")
  %b = sic.neg %a : (tensor<64xf32>) -> tensor<64xf32> loc("b")
  %c = sic.exp %b : (tensor<64xf32>) -> tensor<64xf32> loc("c")
  %d = sic.add %a, %c : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32> loc("d")
  %e = sic.mul %d, %d : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32> loc("e")
  return %e : tensor<64xf32>
}
