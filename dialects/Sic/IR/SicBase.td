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

#endif // SIC_BASE
