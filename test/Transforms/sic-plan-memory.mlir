// Tests sic-plan-memory on small graphs: the calling convention it gives the
// function, liveness, in-place reuse and the report. The diamond's plan is
// optimal: its arena equals the lower bound.
// RUN: sic-opt %s --split-input-file --sic-pipeline="compile-to=plan-memory opt-level=0 memory-report=text" | FileCheck %s
// RUN: sic-opt %s --split-input-file --sic-pipeline="compile-to=plan-memory opt-level=0 memory-report=json" -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: not sic-opt %s --split-input-file --sic-pipeline="compile-to=plan-memory memory-report=xml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: sic-opt %s --split-input-file --sic-pipeline="compile-to=plan-memory opt-level=0 memory-report=summary" -o /dev/null | FileCheck %s --check-prefix=SUMMARY

// Tests that buffers share bytes when their lives do not overlap, that an
// elementwise op writes over an input that dies at it (c over b, d over a),
// and that the result is written straight into the caller's output.
// CHECK-LABEL: memory plan of @diamond (alignment 64)
// CHECK-NEXT:   arena:       2112 bytes
// CHECK-NEXT:   lower bound: 2112 bytes (peak at op 9, m)
// CHECK-NEXT:   efficiency:  1.000
// CHECK-NEXT:   live at the peak: a, c, m
// CHECK-NEXT:   buffer first   last     offset      bytes  reuses
// CHECK-NEXT:   a 3     13          0       1024
// CHECK-NEXT:   b 5      7       1024       1024
// CHECK-NEXT:   c 7     14       1024       1024  b
// CHECK-NEXT:   m 9     13       2048         64
// CHECK-NEXT:   d 13     14          0       1024  a
// CHECK:      func.func @diamond(%{{.*}}: memref<256xf32> {sic.name = "x", sic.type = tensor<256xf32>}, %[[Y:.*]]: memref<256xf32> {sic.name = "y", sic.output, sic.type = tensor<256xf32>}, %[[ARENA:.*]]: memref<2112xi8> {sic.arena})
// CHECK-SAME:     attributes {sic.arena_plan = #sic.arena_plan<bytes = 2112, alignment = 64, guards = []>}
// CHECK-NOT:  memref.alloc
// CHECK:      memref.view %[[ARENA]]
// CHECK:      linalg.generic {{.*}} outs(%[[Y]] : memref<256xf32>)
// CHECK-NEXT: ^bb
// CHECK-NEXT:   arith.addf
// CHECK:      return{{$}}

// JSON: "arena_bytes": 2112,
// JSON: "efficiency": 1,
// JSON: "function": "diamond",
// JSON: "lower_bound_bytes": 2112,
// JSON: "peak_buffers": [
// JSON-NEXT: "a",
// JSON-NEXT: "c",
// JSON-NEXT: "m"

// The summary is the text report without its buffer table.
// SUMMARY-LABEL: memory plan of @diamond (alignment 64)
// SUMMARY-NEXT:   arena:       2112 bytes
// SUMMARY-NEXT:   lower bound: 2112 bytes (peak at op 9, m)
// SUMMARY-NEXT:   efficiency:  1.000
// SUMMARY-NEXT:   live at the peak: a, c, m
// SUMMARY-NOT:    buffer
// SUMMARY-LABEL: memory plan of @passthrough

// FORMAT: for the --memory-report option: Cannot find option named 'xml'!
func.func @diamond(%x: tensor<256xf32> {sic.name = "x"}) -> (tensor<256xf32> {sic.name = "y"}) {
    %a = sic.relu %x : (tensor<256xf32>) -> tensor<256xf32> loc("a")
    %b = sic.neg %a : (tensor<256xf32>) -> tensor<256xf32> loc("b")
    %c = sic.exp %b : (tensor<256xf32>) -> tensor<256xf32> loc("c")
    %m = sic.reduce_max %c {axes = array<i64>, keepdims = true} : (tensor<256xf32>) -> tensor<1xf32> loc("m")
    %d = sic.sub %a, %m : (tensor<256xf32>, tensor<1xf32>) -> tensor<256xf32> loc("d")
    %e = sic.add %d, %c : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32> loc("e")
    return %e : tensor<256xf32>
}

// -----

// Tests that an output which is an input, or returned twice, is copied into
// the caller's buffer, and that an empty arena is planned for a model that
// needs none.
// CHECK-LABEL: memory plan of @passthrough (alignment 64)
// CHECK-NEXT:   arena:       0 bytes
// CHECK-NEXT:   lower bound: 0 bytes (peak at op 0)
// CHECK-NEXT:   efficiency:  1.000
// CHECK-NEXT:   live at the peak: -
// CHECK:      func.func @passthrough(%[[X:.*]]: memref<4xf32> {{.*}}, %[[Y:.*]]: memref<4xf32> {{.*}}, %[[Z:.*]]: memref<4xf32> {{.*}}, %{{.*}}: memref<0xi8> {sic.arena})
// CHECK:      linalg.copy ins(%[[X]] : memref<4xf32>) outs(%[[Y]] : memref<4xf32>)
// CHECK:      linalg.copy ins(%[[X]] : memref<4xf32>) outs(%[[Z]] : memref<4xf32>)
func.func @passthrough(%x: tensor<4xf32> {sic.name = "x"}) -> (tensor<4xf32> {sic.name = "y"}, tensor<4xf32> {sic.name = "z"}) {
  return %x, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that a buffer bufferization allocates in a loop's body (a
// recurrence step's product) moves before the loop: one arena buffer serves
// every step, live over the whole loop.
// CHECK-LABEL: memory plan of @recurrence_steps (alignment 64)
// CHECK:      func.func @recurrence_steps
// The first step, before the loop.
// CHECK:      linalg.matmul
// CHECK:      %[[PRODUCT:.*]] = memref.view %{{.*}} : memref<64xi8> to memref<1x2xf32>
// CHECK-NEXT: scf.for
// CHECK-NOT:  memref.alloc
// CHECK-NOT:  memref.view
// CHECK:      linalg.matmul ins({{.*}}) outs(%[[PRODUCT]] : memref<1x2xf32>)
// CHECK:      return
func.func @recurrence_steps(%x: tensor<1x3x1x2xf32> {sic.name = "x"}, %r: tensor<1x2x2xf32> {sic.name = "r"}, %b: tensor<1x2xf32> {sic.name = "b"}, %h: tensor<1x1x2xf32> {sic.name = "h"}) -> (tensor<3x1x1x2xf32> {sic.name = "y"}) {
  %y = sic.recurrence %x, %r, %b, %h {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2xf32>, tensor<1x1x2xf32>) -> tensor<3x1x1x2xf32> loc("rnn")
  return %y : tensor<3x1x1x2xf32>
}
