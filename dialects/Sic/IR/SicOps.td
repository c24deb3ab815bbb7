//===- SicOps.td - Operations of the sic dialect ----------*- tablegen -*-===//

#ifndef SIC_OPS
#define SIC_OPS

include "dialects/Sic/IR/SicBase.td"
include "dialects/Sic/IR/SicInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Graph structure
//===----------------------------------------------------------------------===//

def Sic_GraphOp : Sic_Op<"graph", [
    FunctionOpInterface, IsolatedFromAbove, SingleBlock,
    DeclareOpInterfaceMethods<RegionKindInterface>, HasOnlyGraphRegion]> {
  let summary = "A model's inference graph as written: unordered nodes";
  let description = [{
    Holds a model as its file wrote it. The body is a graph region: node order
    carries no meaning and a node may read a value defined after it, so the
    region can hold a faulty model (including a cycle) for `sic-verify-graph`
    to report. Block arguments are the model inputs; `sic.output` names the
    model outputs and comes last. Argument and result attributes `sic.name` keep the model's
    tensor names. Nodes inside a graph are checked only by `sic-verify-graph`,
    which reports every fault at once.

    ```mlir
    sic.graph @mlp(%x: tensor<1x4xf32> {sic.name = "x"})
        -> (tensor<1x4xf32> {sic.name = "y"}) {
      %y = sic.neg %r : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("neg1")
      %r = sic.relu %x : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("relu1")
      sic.output %y : tensor<1x4xf32>
    }
    ```
  }];

  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasRegionVerifier = 1;

  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 "::mlir::FunctionType":$type)>];

  let extraClassDeclaration = [{
    /// The region holding the nodes (FunctionOpInterface).
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    /// The terminator, which names the graph outputs.
    OutputOp getOutputOp();
  }];
}

def Sic_OutputOp : Sic_Op<"output", [
    Pure, ReturnLike, Terminator, HasParent<"GraphOp">]> {
  let summary = "Names the outputs of a sic.graph";
  let description = [{
    Terminates a `sic.graph`; its operands are the model outputs, in order,
    with the types the graph signature declares.

    ```mlir
    sic.output %logits, %probs : tensor<1x10xf32>, tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Variadic<Sic_StorageTensor>:$outputs);
  let assemblyFormat = "attr-dict ($outputs^ `:` type($outputs))?";
  let hasVerifier = 1;
}

def Sic_ConstantOp : Sic_Op<"constant", [
    ConstantLike, Pure, AllTypesMatch<["value", "output"]>]> {
  let summary = "A tensor whose value is known at compile time";
  let description = [{
    Produces a constant tensor, typically a weight. Large weights use a
    `dense_resource` blob, which the importer points at the model file's
    buffer instead of copying it into the IR.

    ```mlir
    %bias = sic.constant dense<[0.5, -1.0]> : tensor<2xf32>
    %w = sic.constant dense_resource<fc1_weight> : tensor<512x784xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Sic_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Sic_PlaceholderOp : Sic_Op<"placeholder", [Pure]> {
  let summary = "A tensor that the model reads but nothing writes";
  let description = [{
    Stands for a tensor that has no source in the model: no graph input,
    constant or node writes it. The importer emits it so that the fault
    reaches `sic-verify-graph`, which reports the tensor and every node that
    reads it. Outside a `sic.graph` it is always an error.

    ```mlir
    %t = sic.placeholder "hidden_3" : tensor<1x512xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs Sic_Tensor:$output);
  let assemblyFormat = "$name attr-dict `:` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

/// A node with named inputs. `inputs` names them in order (lower case, as
/// diagnostics show them; each also gets an accessor, e.g. "filter" ->
/// getFilter(), which returns null when an optional input is absent). The last
/// `numOptional` inputs may be omitted.
class Sic_NodeOp<string mnemonic, list<string> inputs, int numOptional = 0,
                 list<Trait> traits = []>
    : Sic_Op<mnemonic, !listconcat([Pure, Sic_NodeOpInterface], traits)> {
  list<string> inputNames = inputs;
  string minInputs = !cast<string>(!sub(!size(inputs), numOptional));
  string maxInputs = !cast<string>(!size(inputs));
  /// The node's attributes; a subclass sets these instead of `arguments`.
  dag nodeAttributes = (ins);
  /// Whether each input gets a named accessor (not for variadic nodes).
  bit namedAccessors = 1;
  /// The tensors the node reads and writes.
  Type tensorType = Sic_Tensor;

  let arguments = !con((ins Variadic<tensorType>:$inputs), nodeAttributes);
  let results = (outs Variadic<tensorType>:$outputs);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type($inputs, $outputs)";

  let extraClassDeclaration = [{
    static unsigned getMinInputs() { return }] # minInputs # [{; }
    static std::optional<unsigned> getMaxInputs() { return }] # maxInputs # [{; }
    static ::llvm::StringRef getInputName(unsigned index) {
      static constexpr ::llvm::StringLiteral names[] = {}]
        # !interleave(!foreach(n, inputNames, "\"" # n # "\""), ", ") # [{};
      return names[std::min<size_t>(index, std::size(names) - 1)];
    }
    /// Input `index`, or null when the node has fewer inputs.
    ::mlir::Value getOptionalInput(unsigned index) {
      return index < getInputs().size() ? getInputs()[index] : ::mlir::Value();
    }
    /// The node's (only) output.
    ::mlir::Value getOutput() { return getOutputs().front(); }
    ::mlir::LogicalResult
    inferOutputTypes(::llvm::SmallVectorImpl<::mlir::Type> &types);
  }] # !if(namedAccessors, !interleave(!foldl([]<string>, inputNames, acc, n, !listconcat(acc, [
        "::mlir::Value get" # !toupper(!substr(n, 0, 1)) # !substr(n, 1)
        # "() { return getOptionalInput(" # !cast<string>(!size(acc))
        # "); }"])), "\n"), "");
}

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

class Sic_BinaryOp<string mnemonic, string what, string types>
    : Sic_NodeOp<mnemonic, ["lhs", "rhs"]> {
  let summary = "Elementwise " # what # " with NumPy broadcasting";
  let description = [{
    Computes `lhs }] # mnemonic # [{ rhs` elementwise. The operands broadcast
    as in NumPy: shapes are aligned at the trailing dimension and a dimension
    of size 1 stretches to match the other. Element types must agree
    (}] # types # [{).

    ```mlir
    %y = sic.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
}

def Sic_AddOp : Sic_BinaryOp<"add", "addition", "f32, f64, i32 or i64">;
def Sic_SubOp : Sic_BinaryOp<"sub", "subtraction", "f32, f64, i32 or i64">;
def Sic_MulOp : Sic_BinaryOp<"mul", "multiplication", "f32, f64, i32 or i64">;
def Sic_DivOp : Sic_BinaryOp<"div", "division (integers truncate toward zero)",
                             "f32, f64, i32 or i64">;
def Sic_PowOp : Sic_BinaryOp<"pow", "power", "f32 or f64">;
def Sic_FmodOp : Sic_BinaryOp<"fmod",
    "remainder of truncated division (C's fmod: the sign of `lhs`, exact)",
    "f32 or f64">;
def Sic_MaxOp : Sic_BinaryOp<"max", "maximum", "f32, f64, i32 or i64">;
def Sic_MinOp : Sic_BinaryOp<"min", "minimum", "f32, f64, i32 or i64">;

//===----------------------------------------------------------------------===//
// Comparisons and logic
//===----------------------------------------------------------------------===//

class Sic_CompareOp<string mnemonic, string relation, string types>
    : Sic_NodeOp<mnemonic, ["lhs", "rhs"]> {
  let summary = "Elementwise `lhs " # relation # " rhs` with NumPy broadcasting";
  let description = [{
    Compares `lhs }] # relation # [{ rhs` elementwise into an `i1` tensor.
    The operands broadcast as in NumPy and have one element type
    (}] # types # [{). A comparison with NaN is false, except that NaN
    is not equal to anything.

    ```mlir
    %y = sic.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
}

def Sic_EqualOp : Sic_CompareOp<"equal", "==", "f32, f64, i32, i64 or i1">;
def Sic_LessOp : Sic_CompareOp<"less", "<", "f32, f64, i32 or i64">;
def Sic_LessOrEqualOp : Sic_CompareOp<"less_or_equal", "<=", "f32, f64, i32 or i64">;
def Sic_GreaterOp : Sic_CompareOp<"greater", ">", "f32, f64, i32 or i64">;
def Sic_GreaterOrEqualOp
    : Sic_CompareOp<"greater_or_equal", ">=", "f32, f64, i32 or i64">;

def Sic_AndOp : Sic_BinaryOp<"and", "logical or bitwise and", "i1, i32 or i64">;
def Sic_OrOp : Sic_BinaryOp<"or", "logical or bitwise or", "i1, i32 or i64">;
def Sic_XorOp : Sic_BinaryOp<"xor", "logical or bitwise exclusive or",
                             "i1, i32 or i64">;
def Sic_ShiftLeftOp : Sic_BinaryOp<"shift_left",
    "shift left by `rhs` bits (0 when `rhs` is negative or not below the "
    "bit width)", "i32 or i64">;
def Sic_ShiftRightOp : Sic_BinaryOp<"shift_right",
    "logical (zero-filling) shift right by `rhs` bits (0 when `rhs` is "
    "negative or not below the bit width)", "i32 or i64">;

def Sic_WhereOp : Sic_NodeOp<"where", ["condition", "x", "y"]> {
  let summary = "Elements of `x` where `condition` holds, else of `y`";
  let description = [{
    `condition ? x : y` elementwise. `condition` is `i1`; `x` and `y` have
    one element type; the three broadcast as in NumPy.

    ```mlir
    %y = sic.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

class Sic_UnaryOp<string mnemonic, string formula, string types = "f32 or f64",
                  string attrExample = "">
    : Sic_NodeOp<mnemonic, ["input"]> {
  let summary = "Elementwise " # formula;
  let description = [{
    Computes `}] # formula # [{` for every element; the output has the
    input's type (}] # types # [{).

    ```mlir
    %y = sic.}] # mnemonic # [{ %x }] # attrExample
        # [{: (tensor<1x64xf32>) -> tensor<1x64xf32>
    ```
  }];
}

def Sic_ReluOp : Sic_UnaryOp<"relu", "max(x, 0)", "f32, f64, i32 or i64">;
def Sic_NotOp : Sic_NodeOp<"not", ["input"]> {
  let summary = "Elementwise logical or bitwise negation";
  let description = [{
    `!x` for every element of an `i1` tensor; `~x` (every bit flipped) for
    an `i32` or `i64` one.

    ```mlir
    %y = sic.not %x : (tensor<4xi1>) -> tensor<4xi1>
    ```
  }];
}
def Sic_LeakyReluOp : Sic_UnaryOp<"leaky_relu", "x < 0 ? alpha * x : x", "f32 or f64",
                                  "{alpha = 0.1 : f32} "> {
  let nodeAttributes = (ins DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}
def Sic_SigmoidOp : Sic_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Sic_TanhOp : Sic_UnaryOp<"tanh", "tanh(x)">;
def Sic_ExpOp : Sic_UnaryOp<"exp", "exp(x)">;
def Sic_LogOp : Sic_UnaryOp<"log", "log(x)">;
def Sic_SqrtOp : Sic_UnaryOp<"sqrt", "sqrt(x)">;
def Sic_ErfOp : Sic_UnaryOp<"erf", "erf(x)">;
def Sic_NegOp : Sic_UnaryOp<"neg", "-x", "f32, f64, i32 or i64">;
def Sic_AbsOp : Sic_UnaryOp<"abs", "|x|", "f32, f64, i32 or i64">;
def Sic_ReciprocalOp : Sic_UnaryOp<"reciprocal", "1 / x">;
def Sic_FloorOp : Sic_UnaryOp<"floor", "floor(x)">;
def Sic_CeilOp : Sic_UnaryOp<"ceil", "ceil(x)">;
def Sic_RoundOp : Sic_UnaryOp<"round", "x rounded to the nearest integer, "
                                       "halves to even">;
def Sic_SignOp : Sic_UnaryOp<"sign", "x > 0 ? 1 : x < 0 ? -1 : x">;
def Sic_SinOp : Sic_UnaryOp<"sin", "sin(x)">;
def Sic_CosOp : Sic_UnaryOp<"cos", "cos(x)">;
def Sic_TanOp : Sic_UnaryOp<"tan", "tan(x)">;
def Sic_AsinOp : Sic_UnaryOp<"asin", "asin(x)">;
def Sic_AcosOp : Sic_UnaryOp<"acos", "acos(x)">;
def Sic_AtanOp : Sic_UnaryOp<"atan", "atan(x)">;
def Sic_SinhOp : Sic_UnaryOp<"sinh", "sinh(x)">;
def Sic_CoshOp : Sic_UnaryOp<"cosh", "cosh(x)">;
def Sic_AsinhOp : Sic_UnaryOp<"asinh", "asinh(x)">;
def Sic_AcoshOp : Sic_UnaryOp<"acosh", "acosh(x)">;
def Sic_AtanhOp : Sic_UnaryOp<"atanh", "atanh(x)">;
def Sic_SoftplusOp : Sic_UnaryOp<"softplus", "log(1 + exp(x))">;
def Sic_SoftsignOp : Sic_UnaryOp<"softsign", "x / (1 + |x|)">;
def Sic_ClipOp : Sic_UnaryOp<"clip", "min(max(x, min), max)", "f32",
                             "{min = 0.0 : f32, max = 6.0 : f32} "> {
  // An absent bound does not clip on that side; with min > max every element
  // becomes max (the formula's order, as in ONNX).
  let nodeAttributes = (ins OptionalAttr<F32Attr>:$min,
                            OptionalAttr<F32Attr>:$max);
}
def Sic_HardSigmoidOp : Sic_UnaryOp<"hard_sigmoid",
    "max(0, min(1, alpha * x + beta))", "f32 or f64",
    "{alpha = 0.2 : f32, beta = 0.5 : f32} "> {
  let nodeAttributes = (ins DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                            DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}
def Sic_HardSwishOp : Sic_UnaryOp<"hard_swish",
                                  "x * max(0, min(1, x / 6 + 1 / 2))">;
def Sic_GeluOp : Sic_UnaryOp<"gelu",
    "x / 2 * (1 + erf(x / sqrt(2))), or its tanh approximation", "f32 or f64",
    "{approximate = #sic<gelu_approximation tanh>} "> {
  let nodeAttributes = (ins DefaultValuedAttr<Sic_GeluApproximationAttr,
                                "::mlir::sic::GeluApproximation::none">:$approximate);
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Sic_MatmulOp : Sic_NodeOp<"matmul", ["lhs", "rhs"]> {
  let summary = "Matrix product with NumPy matmul semantics";
  let description = [{
    Multiplies the two innermost dimensions as matrices; leading (batch)
    dimensions broadcast. A 1-D `lhs` is a row vector and a 1-D `rhs` a column
    vector, and the promoted dimension is dropped from the output, as in
    `numpy.matmul`. Element type f32 or f64, the same for both.

    ```mlir
    %y = sic.matmul %q, %k : (tensor<4x128x64xf32>, tensor<4x64x128xf32>) -> tensor<4x128x128xf32>
    ```
  }];
}

def Sic_GemmOp : Sic_NodeOp<"gemm", ["a", "b", "c"], /*numOptional=*/1> {
  let summary = "General matrix multiply: alpha * op(A) * op(B) + beta * C";
  let description = [{
    `op(X)` is `X` or its transpose (`trans_a`, `trans_b`). A and B are
    matrices; `op(A)` is MxK and `op(B)` is KxN. The optional C broadcasts to
    MxN. Element type f32 or f64, the same for every input.

    ```mlir
    %y = sic.gemm %x, %w, %b {trans_b = true} : (tensor<1x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<1x512xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                            DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                            DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                            DefaultValuedAttr<BoolAttr, "false">:$trans_b);
}

def Sic_Conv2DOp : Sic_NodeOp<"conv2d", ["input", "filter", "bias"],
                              /*numOptional=*/1> {
  let summary = "2-D convolution over NCHW tensors";
  let description = [{
    Convolves `input` [N, C, H, W] with `filter` [M, C / group, kH, kW] and
    adds the optional `bias` [M]. `strides` and `dilations` are [h, w];
    `pads` is [top, left, bottom, right]. With `group` = G, input and output
    channels split into G groups (G = C = M is a depthwise convolution).
    Element type f32.

    ```mlir
    %y = sic.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x64x64xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>) -> tensor<1x32x64x64xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$pads,
                            DenseI64ArrayAttr:$dilations,
                            DefaultValuedAttr<I64Attr, "1">:$group);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Sic_MaxPool2DOp : Sic_NodeOp<"max_pool2d", ["input"]> {
  let summary = "2-D max pooling over an NCHW tensor";
  let description = [{
    Takes the maximum over each `kernel_shape` window. `strides`,
    `dilations` are [h, w]; `pads` is [top, left, bottom, right] (padding
    never wins the maximum). `ceil_mode` rounds the output size up. Element
    type f32.

    ```mlir
    %y = sic.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x32x64x64xf32>) -> tensor<1x32x32x32xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$kernel_shape,
                            DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$pads,
                            DenseI64ArrayAttr:$dilations,
                            DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
}

def Sic_AvgPool2DOp : Sic_NodeOp<"avg_pool2d", ["input"]> {
  let summary = "2-D average pooling over an NCHW tensor";
  let description = [{
    Averages each `kernel_shape` window. `strides` and `dilations` are
    [h, w]; `pads` is [top, left, bottom, right]. Padded positions count in
    the divisor only with `count_include_pad`. `ceil_mode` rounds the output
    size up. Element type f32.

    ```mlir
    %y = sic.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, count_include_pad = true} : (tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$kernel_shape,
                            DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$pads,
                            DenseI64ArrayAttr:$dilations,
                            DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                            DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
}

def Sic_GlobalAvgPoolOp : Sic_NodeOp<"global_avg_pool", ["input"]> {
  let summary = "Average over all spatial dimensions";
  let description = [{
    Averages an [N, C, D1, ..., Dk] tensor (k >= 1) over D1..Dk; the output
    is [N, C, 1, ..., 1]. Element type f32.

    ```mlir
    %y = sic.global_avg_pool %x : (tensor<1x128x16x16xf32>) -> tensor<1x128x1x1xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Sic_BatchNormOp : Sic_NodeOp<"batch_norm",
    ["input", "scale", "bias", "mean", "variance"]> {
  let summary = "Batch normalization with stored statistics (inference)";
  let description = [{
    Computes `scale * (x - mean) / sqrt(variance + epsilon) + bias` per
    channel; `input` is [N, C, ...] and the other inputs are [C]. Element
    type f32.

    ```mlir
    %y = sic.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-03 : f32} : (tensor<1x32x8x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x32x8x8xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
}

def Sic_SoftmaxOp : Sic_NodeOp<"softmax", ["input"]> {
  let summary = "Softmax, or its logarithm, along one axis";
  let description = [{
    Computes `exp(x - max) / sum(exp(x - max))` along `axis` (negative counts
    from the end), or with `log` its logarithm `(x - max) - log(sum(exp(x -
    max)))`, which stays finite where the softmax underflows to 0. Element
    type f32.

    ```mlir
    %y = sic.softmax %x {axis = -1 : i64} : (tensor<4x128x128xf32>) -> tensor<4x128x128xf32>
    %z = sic.softmax %x {axis = 1 : i64, log = true} : (tensor<4x10xf32>) -> tensor<4x10xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "-1">:$axis,
                            DefaultValuedAttr<BoolAttr, "false">:$log);
}

def Sic_LayerNormOp : Sic_NodeOp<"layer_norm", ["input", "scale", "bias"],
                                 /*numOptional=*/1> {
  let summary = "Layer normalization over the trailing dimensions";
  let description = [{
    Normalizes `input` over the dimensions from `axis` to the end to zero mean
    and unit variance (with `epsilon`), then multiplies by `scale` and adds
    the optional `bias`; both broadcast to the normalized dimensions. Element
    type f32.

    ```mlir
    %y = sic.layer_norm %x, %g, %b {axis = -1 : i64} : (tensor<1x128x256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<1x128x256xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "-1">:$axis,
                            DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
}

//===----------------------------------------------------------------------===//
// Recurrence
//===----------------------------------------------------------------------===//

def Sic_RecurrenceOp : Sic_NodeOp<"recurrence",
    ["input", "recurrence", "bias", "initial_h", "initial_c", "peepholes"],
    /*numOptional=*/2> {
  let summary = "An LSTM, GRU or RNN cell run over a sequence, step by step";
  let description = [{
    Runs `cell` with hidden size H over the S time steps of B sequences in D
    directions: `forward` and `reverse` (last step first) have D = 1,
    `bidirectional` has D = 2 (forward, then reverse). The cells are ONNX's
    LSTM (G = 4 gates, in the order i, o, f, c), GRU (G = 3: z, r, h) and RNN
    (G = 1), with the input's product already computed: `input` [D, S, B,
    G*H] holds, per direction and step, X_t * W^T + W_b. `recurrence` [D,
    H, G*H] is ONNX's R transposed (a step multiplies the state by it),
    `bias` [D, G*H] is R_b and `initial_h` [D, B, H] the first hidden state; an lstm also takes `initial_c` [D, B, H] and may
    take `peepholes` [D, 3*H] (i, o, f).

    `activations` lists every direction's activations (lstm: f, g, h; gru:
    f, g; rnn: f), `activation_alpha` and `activation_beta` one value per
    activation, read by those that take parameters (affine, leaky_relu,
    thresholded_relu, scaled_tanh, hard_sigmoid, elu). `clip`, when present,
    bounds every gate's input to [-clip, clip]; an lstm with `input_forget`
    uses 1 - i as its forget gate; a gru with `linear_before_reset` applies
    its reset gate after the product by R.

    The output is the hidden state after every step, [S, D, B, H] in time
    order (ONNX's Y; its Y_h is each direction's last step). With
    `cell_states` an lstm also returns its cell states: [2, S, D, B, H],
    hidden states first. Element type f32.

    ```mlir
    %y = sic.recurrence %xw, %r, %rb, %h0 {cell = #sic<recurrent_cell rnn>, activations = [#sic<activation tanh>], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>} : (tensor<1x5x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x2x3xf32>) -> tensor<5x1x2x3xf32>
    ```
  }];
  let nodeAttributes = (ins
      Sic_RecurrentCellAttr:$cell,
      DefaultValuedAttr<Sic_RecurrenceDirectionAttr,
                        "::mlir::sic::RecurrenceDirection::forward">:$direction,
      Sic_ActivationArrayAttr:$activations,
      DenseF32ArrayAttr:$activation_alpha,
      DenseF32ArrayAttr:$activation_beta,
      OptionalAttr<F32Attr>:$clip,
      DefaultValuedAttr<BoolAttr, "false">:$input_forget,
      DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset,
      DefaultValuedAttr<BoolAttr, "false">:$cell_states);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Sic_ReduceOp<string mnemonic, string what, string types>
    : Sic_NodeOp<mnemonic, ["input"]> {
  let summary = "Reduces with " # what # " over the given axes";
  let description = [{
    Reduces `input` with }] # what # [{ over `axes` (negative axes count from
    the end; an empty list reduces every axis). With `keepdims` the reduced
    dimensions stay as size 1. Element types: }] # types # [{.

    ```mlir
    %y = sic.}] # mnemonic # [{ %x {axes = array<i64: -1>} : (tensor<1x128x256xf32>) -> tensor<1x128x1xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$axes,
                            DefaultValuedAttr<BoolAttr, "true">:$keepdims);
}

def Sic_ReduceMeanOp : Sic_ReduceOp<"reduce_mean", "the mean", "f32 or f64">;
def Sic_ReduceSumOp : Sic_ReduceOp<"reduce_sum", "the sum", "f32, f64, i32, i64">;
def Sic_ReduceMaxOp : Sic_ReduceOp<"reduce_max", "the maximum",
                                   "f32, f64, i32, i64">;
def Sic_ReduceProdOp : Sic_ReduceOp<"reduce_prod",
                                    "the product (1 over no element; "
                                    "integers wrap)",
                                    "f32, f64, i32, i64">;

class Sic_ArgReduceOp<string mnemonic, string what>
    : Sic_NodeOp<mnemonic, ["input"]> {
  let summary = "The index of the " # what # " element along an axis";
  let description = [{
    The i64 index, along `axis` (negative counts from the end), of the }]
    # what # [{ element; the axis must not be empty. With `keepdims` the
    axis stays as size 1. A tie goes to the first index, or with
    `select_last_index` to the last. NaN elements are passed over (an axis
    of NaN only gives 0). Element types: f32, i32, i64.

    ```mlir
    %i = sic.}] # mnemonic # [{ %x {axis = 1 : i64} : (tensor<2x10xf32>) -> tensor<2x1xi64>
    ```
  }];
  let nodeAttributes = (ins
      DefaultValuedAttr<I64Attr, "0">:$axis,
      DefaultValuedAttr<BoolAttr, "true">:$keepdims,
      DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
}

def Sic_ArgMaxOp : Sic_ArgReduceOp<"arg_max", "largest">;
def Sic_ArgMinOp : Sic_ArgReduceOp<"arg_min", "smallest">;

def Sic_TopKOp : Sic_NodeOp<"top_k", ["input"]> {
  let summary = "The indices of the k largest (or smallest) elements along "
                "an axis";
  let description = [{
    The i64 indices, along `axis` (negative counts from the end), of the `k`
    largest elements (or with `largest` false the k smallest), in that
    order: the output has the input's shape with `k` along the axis, and k
    is at most the axis' size. Equal elements come in the order of their
    indices; NaN elements come after every number, in either order. ONNX's
    TopK is this op and a `sic.gather_elements` of its values. Element
    types: f32, i32, i64.

    ```mlir
    %i = sic.top_k %x {k = 3 : i64, axis = -1 : i64} : (tensor<2x10xf32>) -> tensor<2x3xi64>
    ```
  }];
  let nodeAttributes = (ins I64Attr:$k,
                            DefaultValuedAttr<I64Attr, "-1">:$axis,
                            DefaultValuedAttr<BoolAttr, "true">:$largest);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Sic_ReshapeOp : Sic_NodeOp<"reshape", ["input"]> {
  let summary = "Reinterprets a tensor with a new static shape";
  let description = [{
    Keeps the elements in row-major order under the new `shape`, which must
    hold the same number of elements. All dimensions are explicit (the
    importer resolves ONNX's 0 and -1).

    ```mlir
    %y = sic.reshape %x {shape = array<i64: 1, 128, 4, 64>} : (tensor<1x128x256xf32>) -> tensor<1x128x4x64xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$shape);
}

def Sic_TransposeOp : Sic_NodeOp<"transpose", ["input"]> {
  let summary = "Permutes the dimensions of a tensor";
  let description = [{
    Output dimension `i` is input dimension `perm[i]`.

    ```mlir
    %y = sic.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x4x64xf32>) -> tensor<1x4x128x64xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$perm);
}

def Sic_ConcatOp : Sic_NodeOp<"concat", ["inputs"]> {
  let summary = "Joins tensors along one axis";
  let description = [{
    Concatenates one or more tensors of the same rank and element type along
    `axis` (negative counts from the end); all other dimensions must agree.

    ```mlir
    %y = sic.concat %a, %b {axis = 1 : i64} : (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x48x8x8xf32>
    ```
  }];
  let maxInputs = "std::nullopt";
  let namedAccessors = 0;
  let nodeAttributes = (ins I64Attr:$axis);
}

def Sic_SliceOp : Sic_NodeOp<"slice", ["input"]> {
  let summary = "Takes a strided static slice, with ONNX Slice semantics";
  let description = [{
    For each listed axis `axes[i]`, keeps the elements from `starts[i]` up to
    (excluding) `ends[i]` in steps of `steps[i]`. Negative starts and ends
    count from the end and both are clamped to the dimension; a negative step
    walks backwards. Unlisted axes are kept whole.

    ```mlir
    %y = sic.slice %x {starts = array<i64: 0>, ends = array<i64: 64>, axes = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x128x256xf32>) -> tensor<1x128x64xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$starts,
                            DenseI64ArrayAttr:$ends,
                            DenseI64ArrayAttr:$axes,
                            DenseI64ArrayAttr:$steps);
}

def Sic_FlattenOp : Sic_NodeOp<"flatten", ["input"]> {
  let summary = "Flattens a tensor into a matrix at an axis";
  let description = [{
    Reshapes to [d0 * ... * d(axis-1), d(axis) * ... * d(n-1)]; `axis` may be
    0 or the rank (an empty product is 1), negative counts from the end.

    ```mlir
    %y = sic.flatten %x {axis = 1 : i64} : (tensor<1x128x1x1xf32>) -> tensor<1x128xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "1">:$axis);
}

def Sic_SqueezeOp : Sic_NodeOp<"squeeze", ["input"]> {
  let summary = "Removes dimensions of size 1";
  let description = [{
    Removes the listed `axes` (negative counts from the end), each of which
    must have size 1.

    ```mlir
    %y = sic.squeeze %x {axes = array<i64: 2, 3>} : (tensor<1x128x1x1xf32>) -> tensor<1x128xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$axes);
}

def Sic_UnsqueezeOp : Sic_NodeOp<"unsqueeze", ["input"]> {
  let summary = "Inserts dimensions of size 1";
  let description = [{
    Inserts a dimension of size 1 at each of `axes`, which index the output
    (negative counts from the end of the output).

    ```mlir
    %y = sic.unsqueeze %x {axes = array<i64: 0>} : (tensor<128xf32>) -> tensor<1x128xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$axes);
}

def Sic_PadOp : Sic_NodeOp<"pad", ["input"]> {
  let summary = "Pads (or, with negative pads, crops) a tensor";
  let description = [{
    `pads` holds the begin amounts of every dimension, then the end amounts
    (ONNX order: [x1_begin, x2_begin, ..., x1_end, x2_end, ...]). `mode`
    `constant` fills with `value`, `reflect` mirrors without repeating the
    edge, `edge` repeats the edge.

    ```mlir
    %y = sic.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #sic<pad_mode reflect>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
    ```
  }];
  let nodeAttributes = (ins DenseI64ArrayAttr:$pads,
                            DefaultValuedAttr<Sic_PadModeAttr,
                                "::mlir::sic::PadMode::constant">:$mode,
                            DefaultValuedAttr<F32Attr, "0.0f">:$value);
}

def Sic_CastOp : Sic_NodeOp<"cast", ["input"]> {
  let summary = "Converts elements to another element type";
  let description = [{
    Converts every element to `to`, any element type of Sic_StorageTensor:
    the only node that reads or writes the storage-only types (i8, i16, ui8,
    ui16, ui32, ui64, f16, bf16). Float to integer rounds toward zero;
    out-of-range values saturate; NaN becomes 0. Integer to a narrower
    integer wraps (keeps the low bits, as ONNX and C do); to a wider one, an
    unsigned source extends with zeros. Float to a narrower float rounds to
    nearest even; f16 and bf16 overflow to infinity. To i1, any value but 0
    is true (NaN included); from i1, true is 1.

    ```mlir
    %y = sic.cast %x {to = i64} : (tensor<4xf32>) -> tensor<4xi64>
    ```
  }];
  let nodeAttributes = (ins TypeAttr:$to);
  let tensorType = Sic_StorageTensor;
}

def Sic_GatherOp : Sic_NodeOp<"gather", ["data", "indices"]> {
  let summary = "Slices of `data` picked along an axis by indices";
  let description = [{
    Picks the slices of `data` along `axis` at the positions `indices`
    holds: the output has shape `data[:axis] + indices + data[axis+1:]`,
    and `output[a, i, b] = data[a, indices[i], b]`. An index `k` (i32 or
    i64) must lie in [-n, n) for the size n of the axis, and a negative one
    counts from the end (`k + n`). Indices that are a `sic.constant` are
    checked when the model is compiled (the verifier names the first one
    out of range); indices computed at run time are checked once each as
    the model runs, in every check policy: one out of range fails the run
    with SIC_STATUS_INDEX_OUT_OF_RANGE (`sic.index_fault`) and nothing is
    read outside `data`. An axis of size 0 has no valid index, so run-time
    indices into one are refused when the model is compiled.

    ```mlir
    %i = sic.constant dense<[2, -1]> : tensor<2xi64>
    %y = sic.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "0">:$axis);
}

def Sic_GatherElementsOp
    : Sic_NodeOp<"gather_elements", ["data", "indices"]> {
  let summary = "Elements of `data` picked one by one along an axis";
  let description = [{
    `indices` has the rank of `data` and the output its shape: each output
    element is the element of `data` at the same position, except along
    `axis`, where the index comes from `indices` at that position
    (`output[i][j] = data[indices[i][j]][j]` for axis 0). Every dimension
    of `indices` but `axis` is at most that of `data`. As for `sic.gather`,
    each index `k` (i32 or i64) must lie in [-n, n) for the size n of the
    axis, a negative one counting from the end: constant indices are checked
    when the model is compiled, indices computed at run time as it runs.

    ```mlir
    %i = sic.constant dense<[[1, 0], [0, -1]]> : tensor<2x2xi64>
    %y = sic.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "0">:$axis);
}

def Sic_GatherNDOp : Sic_NodeOp<"gather_nd", ["data", "indices"]> {
  let summary = "Slices of `data` picked by index tuples";
  let description = [{
    The first `batch_dims` dimensions of `data` and `indices` are batch
    dimensions, of equal sizes. `indices` [..., k] holds tuples of k
    indices into the k dimensions of `data` after those; for each tuple the
    output holds the slice of `data` it selects (within the tuple's batch),
    so its shape is `indices.shape[:-1] + data.shape[batch_dims + k:]`.
    Each index is checked against its own dimension as for `sic.gather`:
    constant ones when the model is compiled, ones computed at run time once
    each as it runs.

    ```mlir
    %i = sic.constant dense<[[0, 1], [2, -1]]> : tensor<2x2xi64>
    %y = sic.gather_nd %x, %i : (tensor<3x4x5xf32>, tensor<2x2xi64>) -> tensor<2x5xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "0">:$batch_dims);
}

def Sic_ScatterElementsOp
    : Sic_NodeOp<"scatter_elements", ["data", "indices", "updates"]> {
  let summary = "A copy of `data` with elements written one by one along an "
                "axis";
  let description = [{
    The output is `data` (its shape and element type) where, for every
    position of `updates` (whose shape is that of `indices`, of the rank of
    `data`), the element at the same position except along `axis`, where
    the index comes from `indices`, receives the update
    (`output[indices[i][j]][j] = updates[i][j]` for axis 0). With
    `reduction` add, mul, max or min the update is combined with the element
    instead of replacing it. Updates apply in row-major order of `updates`,
    so of two that land on one element with `reduction` none the later
    wins. Every dimension of `indices` but `axis` is at most that of `data`.
    Indices (i32 or i64) are checked as for `sic.gather`: constant ones when
    the model is compiled, ones computed at run time once each as it runs,
    failing the run with SIC_STATUS_INDEX_OUT_OF_RANGE; nothing is written
    outside the output.

    ```mlir
    %i = sic.constant dense<[[1, 0, 2]]> : tensor<1x3xi64>
    %y = sic.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<3x3xf32>, tensor<1x3xi64>, tensor<1x3xf32>) -> tensor<3x3xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<I64Attr, "0">:$axis,
                            DefaultValuedAttr<Sic_ScatterReductionAttr,
                                "::mlir::sic::ScatterReduction::none">:$reduction);
}

def Sic_ScatterNDOp : Sic_NodeOp<"scatter_nd", ["data", "indices", "updates"]> {
  let summary = "A copy of `data` with slices written at index tuples";
  let description = [{
    `indices` [..., k] holds tuples of k indices into the first k dimensions
    of `data` (k at most its rank); the output is `data` where the slice
    `data[t0, ..., tk-1]` of each tuple receives the slice of `updates` at
    the tuple's position: `updates` has shape `indices.shape[:-1] +
    data.shape[k:]`. `reduction` and the order of updates are as for
    `sic.scatter_elements`. Each index is checked against its own dimension,
    as for `sic.gather`.

    ```mlir
    %i = sic.constant dense<[[0], [2]]> : tensor<2x1xi64>
    %y = sic.scatter_nd %x, %i, %u {reduction = #sic<scatter_reduction add>} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let nodeAttributes = (ins DefaultValuedAttr<Sic_ScatterReductionAttr,
                                "::mlir::sic::ScatterReduction::none">:$reduction);
}

//===----------------------------------------------------------------------===//
// Op hooks (debug checks and profiling)
//===----------------------------------------------------------------------===//

def Sic_BeforeOpHookOp : Sic_Op<"before_op",
    [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "Calls the runtime before a node runs";
  let description = [{
    Marks the start of node number `index` of a scheduled model function:
    `sic-insert-op-hooks` puts it before every node of a model compiled with
    `--instrument`, and the compiled code calls the runtime's `before_op`
    hook (`runtime/include/sic/abi.h`) there. It has side effects, so
    nothing moves across it.

    ```mlir
    sic.before_op 4
    %y = sic.div %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$index);
  let assemblyFormat = "$index attr-dict";
}

def Sic_AfterOpHookOp : Sic_Op<"after_op",
    [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "Hands a node's output to the runtime after the node ran";
  let description = [{
    Marks the end of node number `index` of a scheduled model function and
    reads its output: `sic-insert-op-hooks` puts it after every node of a
    model compiled with `--checks=debug` or `--instrument`, and the compiled
    code calls the runtime's `after_op` hook (`runtime/include/sic/abi.h`)
    with the output's data, which the debug checks scan. Because it reads
    the output, a fusion never merges the node into its consumer, so every
    node's work stays between its hooks.

    ```mlir
    %y = sic.div %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    sic.after_op 4, %y : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$index,
                       Sic_StorageTensor:$output);
  let assemblyFormat = "$index `,` $output attr-dict `:` type($output)";
}

def Sic_IndexFaultOp : Sic_Op<"index_fault",
    [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "Fails the run: an index read from data is out of range";
  let description = [{
    Reached when `index`, read from data at run time, is outside the
    dimension `check` describes. The lowering of a gather on indices
    computed at run time puts it in the branch its bounds check takes, and
    convert-sic-hooks makes it a call of the runtime's `index_fault` hook
    (`runtime/include/sic/abi.h`), which records the failure of the run; the
    code runs on, reading element 0 in place of the index. It has side
    effects, so it is never removed or moved out of its branch.

    ```mlir
    sic.index_fault %i #sic.index_check<op = "sic.gather", node = "embed",
                                        dim = 0, size = 100>
    ```
  }];
  let arguments = (ins I64:$index, Sic_IndexCheckAttr:$check);
  let assemblyFormat = "$index $check attr-dict";
}

#endif // SIC_OPS
