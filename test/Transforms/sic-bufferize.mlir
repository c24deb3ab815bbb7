// Tests that sic-bufferize aligns every buffer it allocates and every
// constant it places in a global to the #sic.target's alignment, and that
// it needs the target.
// RUN: not sic-opt %s -split-input-file --sic-bufferize 2>/dev/null | FileCheck %s
// RUN: not sic-opt %s -split-input-file --sic-bufferize 2>&1 >/dev/null | FileCheck %s --check-prefix=NO-TARGET

// CHECK: memref.global "private" constant @{{.*}} : memref<64xf32> = dense<2.000000e+00> {alignment = 128 : i64}
// CHECK-LABEL: func.func @aligned(
// CHECK-SAME: %[[X:.*]]: memref<64xf32>) -> memref<64xf32>
// CHECK: memref.alloc() {alignment = 128 : i64} : memref<64xf32>
// CHECK: linalg.add
module attributes {sic.target = #sic.target<triple = "aarch64-unknown-linux-gnu", cpu = "apple-m1", features = "", vector_bits = 128, vector_registers = 32, l1_bytes = 131072, l2_bytes = 4194304, l3_bytes = 0, cache_line_bytes = 128, alignment = 128>} {
  func.func @aligned(%x: tensor<64xf32>) -> tensor<64xf32> {
    %c = arith.constant dense<2.0> : tensor<64xf32>
    %e = tensor.empty() : tensor<64xf32>
    %r = linalg.add ins(%x, %c : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
    return %r : tensor<64xf32>
  }
}

// -----

// NO-TARGET: error: needs the #sic.target of its module, which sic-set-target sets
module {
  func.func @no_target(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}
