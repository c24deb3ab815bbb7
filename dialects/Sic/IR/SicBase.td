//===- SicBase.td - The sic dialect and its type constraints -*- tablegen -*-===//

#ifndef SIC_BASE
#define SIC_BASE

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Sic_Dialect : Dialect {
  let name = "sic";
  let cppNamespace = "::mlir::sic";
  let summary = "The inference graph of a model, as SIC compiles it";
  let description = [{
    The `sic` dialect holds a trained inference graph. A model first appears
    as a `sic.graph`: a graph region that holds the nodes as the model file
    wrote them, in any order and possibly with faults (a wrong input count, a
    tensor without a source, a cycle), so that `sic-verify-graph` can report
    every fault of a model in one run. `sic-schedule` then turns a valid graph
    into a `func.func` in topological order; from there on every node is
    checked by the ordinary MLIR verifier.

    Tensors are statically shaped. Compute is `f32` (and `f64` where a model
    asks for it: elementwise math, reductions, casts); `i32` and `i64` appear
    where a model computes indices or shapes, and `i1` (bool, one byte per
    element in memory) where it compares and selects.
  }];
  let useDefaultAttributePrinterParser = 1;
  // The facts phases hand each other, as attributes on other dialects' ops
  // (dialects/README.md), verified by DiscardableAttributes.cpp. Each is
  // `sic.<name>`; only the generated helpers spell the names.
  let discardableAttrs = (ins
    // On the module.
    "::mlir::sic::TargetAttr":$target,
    // On the model function, from sic-insert-op-hooks, convert-sic-hooks
    // and sic-plan-memory.
    "::mlir::sic::CheckPolicyAttr":$checks,
    "::mlir::ArrayAttr":$ops,
    "::mlir::ArrayAttr":$index_checks,
    "::mlir::UnitAttr":$instrumented,
    "::mlir::sic::ArenaPlanAttr":$arena_plan,
    // On the model's arguments (name: also on its results).
    "::mlir::StringAttr":$name,
    "::mlir::TypeAttr":$type,
    "::mlir::UnitAttr":$output,
    "::mlir::UnitAttr":$arena,
    "::mlir::UnitAttr":$env,
    // On loops and tiles during tiling.
    "::mlir::sic::TileLoopAttr":$tile_loop,
    "::mlir::UnitAttr":$vectorize);
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
}

/// A tensor value as SIC computes on it: static shape; f32, f64, i32, i64 or
/// i1 (bool) elements.
def Sic_Tensor : StaticShapeTensorOf<[F32, F64, I32, I64, I1]>;

/// A tensor as a model stores it: also the storage-only element types i8,
/// i16, ui8, ui16, ui32, ui64, f16 and bf16. Only the graph's inputs and
/// outputs and sic.cast hold them; every other op computes on Sic_Tensor.
def Sic_StorageTensor : StaticShapeTensorOf<[F32, F64, I32, I64, I1, I8, I16,
                                             UI8, UI16, UI32, UI64, F16, BF16]>;

class Sic_Op<string mnemonic, list<Trait> traits = []>
    : Op<Sic_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Sic_PadMode : I32EnumAttr<"PadMode", "how sic.pad fills the border", [
    I32EnumAttrCase<"constant", 0>,
    I32EnumAttrCase<"reflect", 1>,
    I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_PadModeAttr : EnumAttr<Sic_Dialect, Sic_PadMode, "pad_mode">;

def Sic_ScatterReduction : I32EnumAttr<"ScatterReduction",
    "how sic.scatter_elements and sic.scatter_nd combine an update with the "
    "element it lands on", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"add", 1>,
    I32EnumAttrCase<"mul", 2>,
    I32EnumAttrCase<"max", 3>,
    I32EnumAttrCase<"min", 4>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_ScatterReductionAttr
    : EnumAttr<Sic_Dialect, Sic_ScatterReduction, "scatter_reduction">;

def Sic_RecurrentCell : I32EnumAttr<"RecurrentCell",
    "the cell sic.recurrence runs", [
    I32EnumAttrCase<"lstm", 0>,
    I32EnumAttrCase<"gru", 1>,
    I32EnumAttrCase<"rnn", 2>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_RecurrentCellAttr
    : EnumAttr<Sic_Dialect, Sic_RecurrentCell, "recurrent_cell">;

def Sic_RecurrenceDirection : I32EnumAttr<"RecurrenceDirection",
    "the order in which sic.recurrence takes the steps", [
    I32EnumAttrCase<"forward", 0>,
    I32EnumAttrCase<"reverse", 1>,
    I32EnumAttrCase<"bidirectional", 2>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_RecurrenceDirectionAttr
    : EnumAttr<Sic_Dialect, Sic_RecurrenceDirection, "recurrence_direction">;

def Sic_Activation : I32EnumAttr<"Activation",
    "a gate activation of sic.recurrence, with the parameters it reads", [
    I32EnumAttrCase<"relu", 0>,
    I32EnumAttrCase<"tanh", 1>,
    I32EnumAttrCase<"sigmoid", 2>,
    I32EnumAttrCase<"affine", 3>,
    I32EnumAttrCase<"leaky_relu", 4>,
    I32EnumAttrCase<"thresholded_relu", 5>,
    I32EnumAttrCase<"scaled_tanh", 6>,
    I32EnumAttrCase<"hard_sigmoid", 7>,
    I32EnumAttrCase<"elu", 8>,
    I32EnumAttrCase<"softsign", 9>,
    I32EnumAttrCase<"softplus", 10>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_ActivationAttr : EnumAttr<Sic_Dialect, Sic_Activation, "activation">;
def Sic_ActivationArrayAttr
    : TypedArrayAttrBase<Sic_ActivationAttr, "a list of activations">;

def Sic_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "which formula sic.gelu evaluates", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_GeluApproximationAttr
    : EnumAttr<Sic_Dialect, Sic_GeluApproximation, "gelu_approximation">;

def Sic_CheckPolicy : I32EnumAttr<"CheckPolicy",
    "what compiled code checks beyond the runtime's binding checks", [
    I32EnumAttrCase<"Release", 0, "release">,
    I32EnumAttrCase<"Debug", 1, "debug">]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_CheckPolicyAttr
    : EnumAttr<Sic_Dialect, Sic_CheckPolicy, "check_policy"> {
  let summary = "The check policy a model function was compiled with";
  let assemblyFormat = "`<` $value `>`";
}

def Sic_TileLoopRole : I32EnumAttr<"TileLoopRole",
    "what a loop of a register tile does", [
    I32EnumAttrCase<"Tile", 0, "tile">,
    I32EnumAttrCase<"Accumulation", 1, "accumulation">]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

def Sic_TargetAttr : AttrDef<Sic_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The machine a module is compiled for";
  let description = [{
    What the compiling passes know of the target machine, set once on the
    module (`sic.target`) by the first compiling pass, `sic-set-target`,
    from `--target-triple`, `--target-cpu` and `--target-features` (the
    host's where they are empty). Code generation builds its LLVM target
    machine from `triple`, `cpu` and `features`; the tiling passes size
    their tiles from the rest:

    - `vector_bits`, `vector_registers`: one vector register's width and
      how many there are (contraction register tiles, vectorized loops);
    - `l1_bytes`, `l2_bytes`, `l3_bytes`: data cache sizes per core (L3:
      the largest cache one core shares, 0 if none) for cache blocking;
    - `cache_line_bytes`: row padding against cache-set conflicts;
    - `alignment`: the alignment of every buffer, at least a vector and a
      cache line.

    Example:
    `#sic.target<triple = "x86_64-unknown-linux-gnu", cpu = "haswell",
    features = "", vector_bits = 256, vector_registers = 16,
    l1_bytes = 32768, l2_bytes = 262144, l3_bytes = 8388608,
    cache_line_bytes = 64, alignment = 64>`
  }];
  let parameters = (ins
    StringRefParameter<"LLVM's target triple">:$triple,
    StringRefParameter<"LLVM's CPU name">:$cpu,
    StringRefParameter<"LLVM features that differ from the CPU's">:$features,
    "unsigned":$vector_bits,
    "unsigned":$vector_registers,
    "uint64_t":$l1_bytes,
    "uint64_t":$l2_bytes,
    "uint64_t":$l3_bytes,
    "unsigned":$cache_line_bytes,
    "unsigned":$alignment);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Sic_OpInfoAttr : AttrDef<Sic_Dialect, "OpInfo"> {
  let mnemonic = "op_info";
  let summary = "One node of a compiled model, as the runtime names it";
  let description = [{
    An entry of a model function's op table (`sic.ops`), which
    sic-insert-op-hooks records: the node's op, its name in the model, the
    model's name of its output (empty when the model does not return it) and
    the output's type. The runtime's debug checks and profiles name nodes by
    their index in this table.

    Example: `#sic.op_info<op = "sic.gemm", node = "fc1", output = "",
    type = tensor<1x10xf32>>`
  }];
  let parameters = (ins
    StringRefParameter<"the node's op">:$op,
    StringRefParameter<"the node's name in the model">:$node,
    StringRefParameter<"the model's name of its output, if returned">:$output,
    "::mlir::Type":$type);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Sic_IndexCheckAttr : AttrDef<Sic_Dialect, "IndexCheck"> {
  let mnemonic = "index_check";
  let summary = "An index the compiled code reads from data and checks";
  let description = [{
    Where a node reads data at indices computed at run time: the node's op
    and name in the model, and the dimension `dim` of `size` elements the
    indices select along. Every index is checked as it is read; one outside
    [-size, size) fails the run (sic.index_fault), and the runtime names the
    node, the index and the dimension from this description. A model
    function's checks are its table `sic.index_checks`, numbered in order.

    Example: `#sic.index_check<op = "sic.gather", node = "embed", dim = 0,
    size = 30522>`
  }];
  let parameters = (ins
    StringRefParameter<"the node's op">:$op,
    StringRefParameter<"the node's name in the model">:$node,
    "int64_t":$dim,
    "int64_t":$size);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Sic_GuardAttr : AttrDef<Sic_Dialect, "Guard"> {
  let mnemonic = "guard";
  let summary = "Canary bytes in the arena that no buffer may touch";
  let description = [{
    `bytes` bytes at `offset` of the arena, filled with a known pattern when
    a context is created and checked by a debug-checked build after every
    op. Example: `#sic.guard<offset = 0, bytes = 64>`
  }];
  let parameters = (ins "uint64_t":$offset, "uint64_t":$bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Sic_ArenaPlanAttr : AttrDef<Sic_Dialect, "ArenaPlan"> {
  let mnemonic = "arena_plan";
  let summary = "The arena a planned model function takes";
  let description = [{
    What sic-plan-memory decided for a model function (`sic.arena_plan`):
    the size of the one arena every intermediate buffer lives in, its
    alignment, and the guards between buffers (#sic.guard, ascending,
    debug-checked builds only). The compiled model's descriptor states it.

    Example: `#sic.arena_plan<bytes = 4096, alignment = 64,
    guards = [#sic.guard<offset = 0, bytes = 64>]>`
  }];
  let parameters = (ins
    "uint64_t":$bytes,
    "uint64_t":$alignment,
    "::mlir::ArrayAttr":$guards);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Sic_TileLoopAttr : AttrDef<Sic_Dialect, "TileLoop"> {
  let mnemonic = "tile_loop";
  let summary = "A loop of a contraction's register tiles";
  let description = [{
    Set by sic-vectorize-contractions on every loop that tiles a contraction
    (peeled copies included) for sic-fuse-accumulator-inits and
    sic-fuse-epilogues, which removes it: `contraction` numbers the
    contractions of a function, telling which loops belong together; `role`
    is `accumulation` on the outermost reduction loop of a register tile,
    `tile` elsewhere.

    Example: `#sic.tile_loop<contraction = 0, role = accumulation>`
  }];
  let parameters = (ins
    "uint64_t":$contraction,
    EnumParameter<Sic_TileLoopRole>:$role);
  let assemblyFormat = "`<` struct(params) `>`";
}

#endif // SIC_BASE
