//===- Passes.td - SIC's passes across dialects -----------*- tablegen -*-===//

#ifndef SIC_TRANSFORMS_PASSES
#define SIC_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def FuseElementwisePass : Pass<"sic-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses chains of elementwise generics into one loop nest";
  let description = [{
    Fuses a `linalg.generic` into the generic that consumes it when the
    producer has that one use and the consumer's loops are all parallel: a
    chain of elementwise ops (with broadcasts) becomes one loop nest and its
    intermediate tensors disappear. Producers are never fused into a
    reduction or contraction, which would recompute them at every step of
    the reduction; named ops (matmul, convolution) are left as they are for
    the kernels that tile them.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def PlanMemoryPass : Pass<"sic-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Places every intermediate buffer in one static arena";
  let description = [{
    Runs on a bufferized model function and gives it the calling convention
    of a compiled model: inputs, then one caller-provided buffer per output
    (results become out-parameters, written in place where the result's
    buffer was allocated here, copied otherwise), then one arena.

    Every `memref.alloc` becomes a `memref.view` into the arena at a static
    offset. A buffer is live from the first to the last top-level op that
    touches it or a view of it; buffers whose lives do not overlap share
    bytes. An elementwise `linalg.generic` whose input buffer dies at that op
    writes its output over the input (same byte size and element width).
    Offsets are assigned greedily, largest buffer first, at the lowest
    aligned offset free over the buffer's life.

    The plan is recorded on the function (`sic.arena_size`,
    `sic.arena_alignment`; inputs and outputs carry their tensor type as
    `sic.type`, outputs `sic.output`, the arena `sic.arena`), which is what
    the compiled model's descriptor is built from. The plan can be reported: arena bytes, the lower bound (the
    largest sum of bytes live at any op), the efficiency (lower bound /
    arena), the buffers live at the peak, and each buffer's first and last
    op, offset and size.
  }];
  let options = [
    Option<"memoryReport", "memory-report", "std::string", "\"none\"",
           "Print the plan on stdout: none, text or json">,
    Option<"maxArenaBytes", "max-arena-bytes", "uint64_t", "0",
           "Fail when the arena needs more bytes (0: no limit)">,
    Option<"alignment", "alignment", "uint64_t", "64",
           "Alignment of the arena and of every buffer in it (a power of 2)">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect",
    "::mlir::arith::ArithDialect"
  ];
}

#endif // SIC_TRANSFORMS_PASSES
