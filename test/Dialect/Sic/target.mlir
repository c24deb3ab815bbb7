// RUN: sic-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// Tests that a well-formed #sic.target on a module round-trips.
// CHECK: module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 8388608, cache_line_bytes = 64, alignment = 64>}
module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 8388608, cache_line_bytes = 64, alignment = 64>} {
}

// -----

// Tests that the target names a triple and a CPU.
// expected-error @+1 {{#sic.target needs a triple and a cpu}}
module attributes {sic.target = #sic.target<triple = "", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 0, cache_line_bytes = 64, alignment = 64>} {
}

// -----

// Tests that a vector width other than SSE/NEON's, AVX's or AVX-512's is
// refused.
// expected-error @+1 {{#sic.target's vector_bits must be 128, 256 or 512, not 384}}
module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 384, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 0, cache_line_bytes = 64, alignment = 64>} {
}

// -----

// Tests the bounds of the register count.
// expected-error @+1 {{#sic.target's vector_registers must be 8 to 64, not 4}}
module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 4, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 0, cache_line_bytes = 64, alignment = 64>} {
}

// -----

// Tests that caches must grow with their level.
// expected-error @+1 {{#sic.target's caches must grow with their level (l1_bytes > 0, l2_bytes >= l1_bytes, l3_bytes 0 or >= l2_bytes), not 32768, 16384, 0}}
module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 16384, l3_bytes = 0, cache_line_bytes = 64, alignment = 64>} {
}

// -----

// Tests that a cache line is a power of 2.
// expected-error @+1 {{#sic.target's cache_line_bytes must be a power of 2 from 16 to 1024, not 48}}
module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 0, cache_line_bytes = 48, alignment = 64>} {
}

// -----

// Tests that buffers are aligned to at least a vector.
// expected-error @+1 {{#sic.target's alignment must be a power of 2 of at least a vector (64 bytes) and a cache line (64 bytes) and at most 4096, not 32}}
module attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "skylake-avx512", features = "", vector_bits = 512, vector_registers = 32, l1_bytes = 32768, l2_bytes = 1048576, l3_bytes = 0, cache_line_bytes = 64, alignment = 32>} {
}

// -----

// Tests that sic.target holds a #sic.target.
// expected-error @+1 {{'sic.target' must be a #sic.target, not "znver4"}}
module attributes {sic.target = "znver4"} {
}

// -----

// Tests that sic.target belongs on a module.
module {
  // expected-error @+1 {{'sic.target' belongs on a builtin.module}}
  func.func @f() attributes {sic.target = #sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 8388608, cache_line_bytes = 64, alignment = 64>} {
    return
  }
}
