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

    Tensors are statically shaped. Compute is `f32`; `i32` and `i64` appear
    where a model computes indices or shapes.
  }];
  let useDefaultAttributePrinterParser = 1;
  // Discardable attributes the dialect verifies (verifyOperationAttribute).
  let discardableAttrs = (ins "::mlir::sic::TargetAttr":$target);
  let hasOperationAttrVerify = 1;
}

/// A tensor value as SIC models it: static shape; f32, i32 or i64 elements.
def Sic_Tensor : StaticShapeTensorOf<[F32, I32, I64]>;

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

def Sic_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "which formula sic.gelu evaluates", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::sic";
  let genSpecializedAttr = 0;
}
def Sic_GeluApproximationAttr
    : EnumAttr<Sic_Dialect, Sic_GeluApproximation, "gelu_approximation">;

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

#endif // SIC_BASE
