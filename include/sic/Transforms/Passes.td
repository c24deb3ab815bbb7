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
    the reduction, and a producer whose body reads its output (a reduction
    over no dims accumulates into it) is never fused: fused, it would run
    once per element of a broadcast; named ops (matmul, convolution) are left as they are for
    the kernels that tile them. Transposes (`linalg.transpose`) become
    generics first, so that they fuse like any elementwise op. Last, a
    contraction's result reshaped (a MatMul of a [B, M, K] input is
    computed as [B * M, K]) folds into its elementwise consumer, whose loops
    collapse to the contraction's shape, so that `sic-fuse-epilogues` can
    apply it to the register tiles.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def BufferizePass : Pass<"sic-bufferize", "::mlir::ModuleOp"> {
  let summary = "Bufferizes the module with buffers aligned for its target";
  let description = [{
    One-shot bufferization of the whole module across function boundaries,
    with identity layouts at the boundaries. Every buffer it allocates and
    every constant it places in a global is aligned to the alignment of the
    module's `#sic.target`. Copies become `linalg.copy`, which lowers to
    loops: a `memref.copy` of a strided view would call a runtime library
    the compiled model cannot depend on.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect"
  ];
}

def PlanMemoryPass : Pass<"sic-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Places every intermediate buffer in one static arena";
  let description = [{
    Runs on a bufferized model function and gives it the calling convention
    of a compiled model: inputs, then one caller-provided buffer per output
    (results become out-parameters, written in place where the result's
    buffer was allocated here, copied otherwise), then one arena.

    Every `memref.alloc` becomes a `memref.view` into the arena at a static
    offset; one in a loop's body (a recurrence's steps) moves before the
    loop first, one buffer serving every iteration, since bufferization
    never carries a buffer allocated in an iteration into the next. A buffer is live from the first to the last top-level op that
    touches it or a view of it; buffers whose lives do not overlap share
    bytes. An elementwise `linalg.generic` whose input buffer dies at that op
    writes its output over the input (same byte size and element width).
    Offsets are assigned greedily, largest buffer first, at the lowest
    offset free over the buffer's life that is a multiple of the alignment
    of the module's `#sic.target`.

    The plan is recorded on the function as a `#sic.arena_plan` (arena
    size, alignment, guards; `sic.arena_plan`); inputs and outputs carry
    their tensor type as `sic.type`, outputs `sic.output`, the arena
    `sic.arena`. The compiled model's descriptor is built from these. The
    runtime's environment argument (`sic.env`, added with op hooks) stays
    last.

    With `guards` (the debug-checked policy) no two buffers share bytes:
    each lives at its own offset, in the order the buffers are first used,
    with a guard of the target's alignment before the first and after each,
    recorded in the plan (`#sic.guard`). The runtime fills the guards
    with a pattern and checks them after every op, so an op that writes
    past its buffer is named.

    The plan can be reported: arena bytes, the lower bound (the largest sum
    of bytes live at any op), the efficiency (lower bound / arena), the
    buffers live at the peak, each buffer's first and last op, offset and
    size, and the guards.
  }];
  let options = [
    Option<"memoryReport", "memory-report", "::mlir::sic::MemoryReport",
           "::mlir::sic::MemoryReport::None", "Print the plan on stdout",
           "::llvm::cl::values(SIC_MEMORY_REPORT_VALUES)">,
    Option<"guards", "guards", "bool", "false",
           "Canary bytes (the target's alignment) before and after every "
           "buffer; buffers then share no bytes">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect",
    "::mlir::arith::ArithDialect"
  ];
}

def ConvToWinogradPass : Pass<"sic-conv-to-winograd", "::mlir::func::FuncOp"> {
  let summary = "Computes 3-row convolutions with Winograd's F(m, 3) along the height";
  let description = [{
    Rewrites each `linalg.conv_2d_nchw_fchw` that `sic::planConvolution`
    gives the Winograd kernel (a constant f32 filter three rows high, unit
    strides and dilations, enough channels; m of 2 or 4 rows per tile) into
    Winograd's minimal filtering F(m, 3) along the height: m + 2 row sums
    of the input (one elementwise `linalg.generic` with m + 2 results, one
    row per tile of m output rows), m + 2 convolutions one row high with
    the filter's rows combined when compiled (direct kernels), and the m
    output rows of each tile as sums of their products (a `linalg.generic`
    per row of the tiles, written into the output through strided slices).
    A bias broadcast that starts the accumulator starts the product every
    output row takes once instead; an elementwise op that is the
    convolution's only user (a relu, a residual add) is applied by the
    output's sums. The output's rows are rounded up to whole tiles (the
    input's zero pad grown, the extra rows cropped). Tiles go in blocks, a
    loop marked for threads when there are several (each block's row sums
    and products in slots of its own, small enough to stay in cache from
    the op that writes them to the one that reads them).

    When the plan has tiles of 4 columns too (F(4x4, 3x3)), the input,
    padded with 2 more columns, is split in phases once (column 4 s + p at
    [.., p, s], a transposing generic), so that the row sums R_i are rows
    of phases; each R_i's columns are combined by B^T (sums of whole rows
    of phases, the last two one tile on) into V_ij, whose 36 products with
    the filter's G g G^T are 1x1 convolutions over the block's tiles as one
    row; the M_i's phases are sums of those, the output rows' sums are made
    in phases (one generic for all rows of the tiles), and each output row
    is their transpose, written with the epilogue.

    When the plan keeps the channels in the vectors instead (maps narrower
    than a vector of tiles a row; channels and filters whole vectors), the
    input, padded to whole tiles of rows and columns, is transposed to [N,
    H, W, C]; the row sums (every 4th row) and the 36 V_ij (every 4th
    column of the row sums, one [36, tiles, C] buffer) are sums along
    vectors of channels; the products are one contraction batched over the
    36, with the filter's G g G^T as [36, C, F]; the output transform's
    sums make the tiles' outputs as [N, T, 4, S, 4, F], which is [N, H, W,
    F], and the output is that transposed, with the accumulator's start
    (its body) and the epilogue applied. Each of the four transforms is one
    generic: its coefficients are inputs indexed by the loop of the sum's
    row, next to the innermost loop so that the terms' vectors are read
    from L1 for every row, and the one of the products' left-hand side has
    the work to share between threads (WinogradOnChannels.h).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvToIm2ColPass : Pass<"sic-conv-to-im2col", "::mlir::func::FuncOp"> {
  let summary = "Rewrites convolutions as im2col copies and contractions";
  let description = [{
    Rewrites each `linalg.conv_2d_nchw_fchw` with static shapes into a copy
    of the input patches ([N, C, KH, KW, OH, OW], a `linalg.generic` with
    affine maps only) and a contraction of the filter, viewed as
    [F, C*KH*KW], with them, accumulating into the convolution's output.
    The contraction is then register-tiled and vectorized like a matmul by
    `sic-vectorize-contractions`. When a layer's patches would take more
    than half the L2 of the module's `#sic.target`, the rows of the output
    are computed in blocks (a divisor of the height), each copying only its
    own patches into one reused buffer: they are read back from L2, and the
    arena holds one block.
    Grouped convolutions are left as they are.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def PadConstantRowsPass : Pass<"sic-pad-constant-rows", "::mlir::func::FuncOp"> {
  let summary = "Pads the rows of constant right-hand sides of contractions";
  let description = [{
    A contraction's register tiles read a panel of its right-hand side one
    row (a step of the reduction) at a time. When those rows are a multiple
    of 1 KiB apart, the panel's lines all fall into a few sets of the L1
    cache and evict each other: a 64x512 by 512x512 matmul ran 1.7x slower
    than a 64x512 by 512x528 one. For a constant right-hand side [K, N] with
    such rows, this pass stores it as [K, N + one cache line of the
    module's `#sic.target`] (zeros in the padding) and reads it through a slice of the first N columns. Constants
    from `dense_resource` blobs stay blobs.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::tensor::TensorDialect"
  ];
}

def VectorizeContractionsPass
    : Pass<"sic-vectorize-contractions", "::mlir::func::FuncOp"> {
  let summary = "Register-tiles contractions and vectorizes the tiles";
  let description = [{
    Tiles every static contraction on tensors (`linalg.matmul`,
    `linalg.batch_matmul`, their transposed forms and contraction generics)
    into register tiles: MR rows by NR columns of the output, one step of
    the reduction at a time (batch dims by 1). The tile loops over rows and
    columns are peeled, so every tile, remainders included, has a static
    shape, and each tile becomes a `vector.contract`. After bufferization
    `sic-lower-vectors` keeps the accumulators in registers across the
    reduction loop and lowers the contraction to FMAs.

    Tiles are sized from the module's `#sic.target` (set by
    `sic-set-target`, sic::getAccumulatorRegisters): half its vector
    registers hold accumulators, 12 of 16 for contractions, so AVX-512
    tiles are 8x32 (two vectors per row) and AVX2 ones 6x16; outputs with
    few rows take one row of up to 8 vectors. A right-hand-side panel
    larger than L1 is split into cache blocks of two thirds of L1 when the
    tile has few rows. An output whose columns no clean tiles cover (a
    classifier's 10, a 28-pixel convolution row on AVX-512) is computed on
    the next clean width and cropped (WidenColumns.h).
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def VectorizePoolsPass
    : Pass<"sic-vectorize-pools", "::mlir::func::FuncOp"> {
  let summary = "Computes max and sum pools in vectors along output rows";
  let description = [{
    Each static `linalg.pooling_nchw_max` / `linalg.pooling_nchw_sum` on
    float tensors with unit dilations and a row stride of 1 or 2, whose
    output starts from a fill and whose input is padded (if at all) with the
    same value, becomes a loop over planes and channels (marked
    `sic.parallel` above the work threshold) and one over output rows. A
    row's code is unrolled along it: the window's input rows inside the
    input are combined in vectors of the row (reads past its end take the
    fill value), a stride of 2 splits them into even and odd columns with
    shuffles, and each window column is a shift of those by whole lanes.
    The padded copy of the input is no longer read, and no strided gather
    is left. Rows of more than 1024 window taps (output vectors times
    window columns) are left to the scalar loops; the vector width is the
    module's `#sic.target`'s.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def VectorizeGenericsPass
    : Pass<"sic-vectorize-generics", "::mlir::func::FuncOp"> {
  let summary = "Vectorizes elementwise ops and reductions along rows";
  let description = [{
    Runs after `sic-vectorize-contractions`. Each static `linalg.generic`
    on tensors whose indexing maps are projected permutations (broadcasts
    included) is tiled so that its innermost loop becomes vectors of up to
    four registers (every other loop steps by one; the remainder is
    peeled), and each tile is vectorized: elementwise chains become vector
    arithmetic, a reduction along the innermost dim becomes
    `vector.multi_reduction` over chunks of the row. A convolution's patch
    copy, whose read map is not a projected permutation, is tiled the same
    way; dropping its tiles' unit dims leaves a copy of a row, which
    vectorizes when the stride is 1. A transpose (an all-parallel op whose
    innermost loop reads an input with a stride, along whose rows another
    loop reads it) is tiled in squares of one vector by one vector (or by
    the whole of a dim of 4 or more that is shorter than a vector, such as
    Winograd's 4 columns of a tile): each
    tile reads the input's rows, transposes them in registers
    (`vector.transpose`) and writes rows of the output. A reduction by a NaN-ignoring
    maximum or minimum (`arith.maxnumf`, `minnumf`), which linalg's
    vectorizer does not know, is vectorized as its NaN-propagating twin
    whose vector reductions then take back the original kind. LLVM would
    vectorize
    few of these loops itself: every buffer is a view of the one arena, so
    it cannot tell that a loop's input and output do not overlap. The
    vector width is the module's `#sic.target`'s.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def FuseAccumulatorInitsPass
    : Pass<"sic-fuse-accumulator-inits", "::mlir::func::FuncOp"> {
  let summary = "Starts contraction tiles from their bias in registers";
  let description = [{
    Runs after `sic-vectorize-contractions`, before `sic-fuse-epilogues`.
    When a tiled contraction's initial value (its `outs`) is a
    `linalg.fill` or a `linalg.generic` that broadcasts a smaller tensor
    (a convolution's or Gemm's bias) and nothing else reads it, each
    register tile reads its part of the broadcast input (or splats the
    fill's value) and writes it to its accumulators' place right before
    its reduction loop; the contraction starts from the fill's or
    generic's own destination, and the op disappears with its pass over
    the output.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::vector::VectorDialect"
  ];
}

def PadInPlacePass : Pass<"sic-pad-in-place", "::mlir::func::FuncOp"> {
  let summary = "Pads tensors where their producers write them";
  let description = [{
    Rewrites each `tensor.pad` of static shapes and a constant padding
    value into an empty tensor of the padded shape whose border (a slab
    before and after the interior along each padded dim) is filled with
    the value, and a `tensor.insert_slice` of the source into the
    interior. When the source's producer writes into a `tensor.empty`
    (followed back through destination operands, loops' initial values
    and vector transfer writes, each read by the next alone), that empty
    is replaced with the interior's slice, so the producer writes the
    padded buffer in place and bufferization copies nothing. Otherwise
    the insert is a copy, as tensor.pad's own bufferization makes, but
    without filling the interior first.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
}

def FuseEpiloguesPass : Pass<"sic-fuse-epilogues", "::mlir::func::FuncOp"> {
  let summary = "Applies elementwise consumers to contraction tiles in registers";
  let description = [{
    Runs after `sic-vectorize-contractions`. When the only reader of a
    contraction's result is an elementwise `linalg.generic` (an activation,
    a residual add, a bias, a chain of them after `sic-fuse-elementwise`)
    whose other inputs have the result's shape and are read at the same
    index, or are broadcast along some of its dims (a bias along the rows),
    and exist before the contraction, the generic's body is applied to each
    register tile right after the tile's reduction loop, on vectors, and
    the generic disappears: its pass over memory and its output buffer
    with it. (The bias is already the accumulators' initial value.)
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::vector::VectorDialect"
  ];
}

def ReassociateReductionsPass
    : Pass<"sic-reassociate-reductions", "::mlir::func::FuncOp"> {
  let summary = "Lets float reductions be summed in any order";
  let description = [{
    Marks the combining op of every float reduction in a `linalg.generic`
    (the `arith.addf`, `arith.mulf`, `arith.maximumf` or `arith.minimumf`
    that produces the yielded value from the accumulator) with
    `fastmath<reassoc>`. LLVM then vectorizes the reduction loops of
    softmax, layer and batch normalization and reduce ops, keeping several
    partial sums. The order is fixed at compile time, so results stay
    bit-identical from run to run; they differ from a sequential sum by the
    usual rounding of a reordered sum.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def ApproximateMathPass : Pass<"sic-approximate-math", "::mlir::func::FuncOp"> {
  let summary = "Replaces transcendental functions with inline polynomials";
  let description = [{
    Rewrites `math.exp`, `math.expm1`, `math.log`, `math.log1p`,
    `math.log2`, `math.erf` and `math.tanh` into polynomial arithmetic on
    f32 (the Cephes-style approximations of
    `populateMathPolynomialApproximationPatterns`, within a few ulp; erf
    as SIC's rational approximation x P(x^2) / Q(x^2), a quarter of the
    instructions of MLIR's, within 5 ulp). The
    loops around them then contain no calls to libm, so LLVM vectorizes
    them: a GELU or softmax runs on whole vectors. Other element types keep
    the libm calls, and so do the other functions: MLIR 19's approximations
    of asin and acos are off by 3e-4 near the ends of their domain, more
    than SIC's tolerances allow (found by the random-graph tester, seed 71).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def LowerVectorsPass : Pass<"sic-lower-vectors", "::mlir::func::FuncOp"> {
  let summary = "Lowers vectorized tiles on buffers to FMAs and loads";
  let description = [{
    Runs after bufferization on the tiles `sic-vectorize-contractions` and
    `sic-vectorize-generics` made. It folds subviews into the transfers,
    hoists the accumulators' reads and writes out of the reduction loop (so
    the accumulators stay in registers), then lowers `vector.contract` to
    outer products and `vector.multi_reduction` to reductions of rows (which
    may reassociate), outer products to FMAs, and transfers to loads and
    stores of at most one dimension, and transposes in registers to
    shuffles (on x86 with AVX, an 8x8 f32 transpose to AVX2's 24 shuffles
    and blends). Each step is its own pattern
    application: applied together the patterns do not converge on unit
    dimensions. Last, a row reduced chunk by chunk into a one-element
    accumulator carries a vector accumulator instead, combined lane by lane
    and reduced across lanes once after its loop (VectorAccumulators.h),
    and a minimum or maximum across lanes becomes a tree of vector ops
    (ReductionTrees.h).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def PrefetchStreamsPass : Pass<"sic-prefetch-streams", "::mlir::func::FuncOp"> {
  let summary = "Prefetches the rows a register tile streams from beyond L2";
  let description = [{
    Runs after `sic-lower-vectors`. A reduction loop that carries vectors
    (a register tile's accumulators) and reads a row segment of a buffer
    larger than L2 at its index, from a position every enclosing loop moves
    (so each element is read once a call: the weights of a matrix-vector
    product), gets a `memref.prefetch` of each cache line of that segment
    eight iterations ahead (clamped to the buffer's last row: no address
    outside it, whatever the loop's bounds). The hardware prefetchers
    follow such rows (2 KiB apart, a few cache lines each) late: on a Zen
    3, prefetching them made a 784-512-512 matrix-vector chain written in
    C 1.15-1.2x faster, like packing the weights into contiguous panels
    did, and this pass made mlp_b1 1.11-1.12x faster.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ParallelizeLoopsPass : Pass<"sic-parallelize-loops", "::mlir::ModuleOp"> {
  let summary = "Shares the iterations of parallel tile loops between threads";
  let description = [{
    Runs on the planned model function. Each of its top-level `scf.for`
    loops marked `sic.parallel` (the tile loops over parallel dims of an op
    with enough work, from the tiling) becomes a task function,
    `<function>_task<N>(index chunk, captures...)`, whose body is the
    loop's body at iteration `chunk`, and a call of its launcher,
    `sic_launch_<function>_task<N>(env, i32 chunks, captures...)`, which the
    runtime's `parallel_for` (sic_env_t) runs on its threads. A chunk is
    one iteration of the loop, so chunks, and what each computes, do not
    depend on the thread count: outputs are the same bits for any number of
    threads. The function gets the runtime's environment argument
    (`sic.env`) if it has none.

    A loop stays as it is when it has results, fewer than two iterations or
    bounds that are not constants, when its body calls a function (a hook,
    which is not thread-safe) or takes a view of the arena (scratch memory
    all chunks would share), or when it captures a value the bare-pointer
    calling convention cannot pass (a memref without static strides).
    Constants it captures are cloned into the task. Marks left on loops
    that are not top-level are removed.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect"
  ];
}

def TestInternalErrorPass
    : Pass<"sic-test-internal-error", "::mlir::func::FuncOp"> {
  let summary = "Fails, crashes or aborts on purpose (tests only)";
  let description = [{
    Stands in for a compiler bug, so that tests can check what a user sees
    when a pass goes wrong: sic-compile's one-line internal error, its exit
    code 3 and the crash reproducer that sic-opt replays. At the function's
    first op (a model node) it fails with an error there (`fail`), dies by
    a signal (`crash`) or reports a fatal error (`fatal`). sic-compile runs it first among the compiling passes when
    given the hidden option `--test-internal-error=<kind>`.
  }];
  let options = [
    Option<"kind", "kind", "::mlir::sic::InjectedError",
           "::mlir::sic::InjectedError::Fail", "How the pass goes wrong",
           "::llvm::cl::values(SIC_INJECTED_ERROR_VALUES)">,
  ];
}

#endif // SIC_TRANSFORMS_PASSES
