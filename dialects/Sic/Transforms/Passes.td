//===- Passes.td - Passes over the sic dialect ------------*- tablegen -*-===//

#ifndef SIC_DIALECT_TRANSFORMS_PASSES
#define SIC_DIALECT_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def VerifyGraphPass : Pass<"sic-verify-graph", "::mlir::sic::GraphOp"> {
  let summary = "Reports every structural fault of a model graph at once";
  let description = [{
    Checks a `sic.graph` as the model file wrote it and reports every fault in
    one run, each at the location of the node or tensor it concerns (the
    importer names locations after the model's nodes):

    - arity: each node has the input and output counts its op requires;
    - dtype and shape agreement: each node's inputs and attributes obey its
      op's rules and its declared output type is the one they give;
    - single source: no tensor lacks a source (a `sic.placeholder` names such
      a tensor; the error lists every node that reads it);
    - acyclicity: each cycle is reported once, naming its nodes in order;
    - only `sic` ops appear in the graph.

    The pass fails if it reported anything.
  }];
}

def SchedulePass : Pass<"sic-schedule", "::mlir::ModuleOp"> {
  let summary = "Turns each sic.graph into a func.func in topological order";
  let description = [{
    Replaces every `sic.graph` with a `func.func` of the same name, signature
    and argument/result attributes whose body holds the same nodes in a
    topological order. The order is deterministic: whenever several nodes are
    ready, the one written first in the model goes first. The graph must be
    acyclic (a cycle is reported and the pass fails); run `sic-verify-graph`
    first for a full report of a faulty graph.

    ```mlir
    // Before
    sic.graph @g(%x: tensor<4xf32>) -> tensor<4xf32> {
      %b = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32>
      %a = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
      sic.output %b : tensor<4xf32>
    }
    // After
    func.func @g(%x: tensor<4xf32>) -> tensor<4xf32> {
      %a = sic.relu %x : (tensor<4xf32>) -> tensor<4xf32>
      %b = sic.neg %a : (tensor<4xf32>) -> tensor<4xf32>
      return %b : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def FoldIntoContractionsPass
    : Pass<"sic-fold-into-contractions", "::mlir::func::FuncOp"> {
  let summary = "Folds batch_norm, constant scales and biases, and transposes "
                "into the constant weights of contractions";
  let description = [{
    Runs on a scheduled model function and rewrites work the model would
    repeat at every call into its constant weights, computed once at compile
    time (in double, rounded once to f32):

    - a `sic.batch_norm` whose input is a `sic.conv2d`, `sic.gemm` or 2-D
      `sic.matmul` result: with `f = scale / sqrt(variance + epsilon)` per
      channel, the filter or weight is multiplied by `f` and the bias
      becomes `(bias_in - mean) * f + bias`;
    - a `sic.mul` or `sic.div` by a constant, and a `sic.add` or `sic.sub` of
      a constant, on such a result: into the weights and the bias;
    - a `sic.gemm` with `trans_a` or `trans_b` on a constant operand: the
      constant is transposed and the flag cleared; `alpha` goes into a
      constant A or B and `beta` into a constant C.

    A scale or bias folds when it is constant along every output dimension
    but the channel one (dim 1 of a conv2d, the last dim of a gemm or
    matmul), including a scalar, and does not broadcast the result to a
    larger shape. The contraction's result must have no other reader, its
    weights (and its bias, when it has one) must be constants, and every
    folded value must be finite; otherwise nothing changes. A matmul takes a
    bias by becoming a `sic.gemm` when both operands are matrices; a scale
    that is not a scalar needs the constant on the right (`rhs`, `b`).

    The rewritten contraction keeps the contraction's location, fused with
    that of the node folded into it; new constants keep the location of the
    constant they replace. Weights read from a `dense_resource` blob are
    written to a new blob.

    ```mlir
    // Before
    %y = sic.conv2d %x, %w, %b {...} : (...) -> tensor<1x8x16x16xf32>
    %z = sic.batch_norm %y, %s, %t, %m, %v : (...) -> tensor<1x8x16x16xf32>
    // After
    %z = sic.conv2d %x, %w2, %b2 {...} : (...) -> tensor<1x8x16x16xf32>
    ```
  }];
}

def InsertOpHooksPass : Pass<"sic-insert-op-hooks", "::mlir::func::FuncOp"> {
  let summary = "Puts the runtime's op hooks around every node";
  let description = [{
    Runs on a scheduled model function, for the debug-checked policy
    (`checks=debug`) and for profiling (`instrument`); with neither it
    changes nothing, so a release model has no hooks at all. Numbers the
    nodes in the order they run and puts a `sic.after_op` after each node,
    reading its output (what the debug checks scan), and with `instrument`
    a `sic.before_op` before each. The hooks keep a node's work between
    them: `sic-fuse-elementwise` does not fuse a node whose output a hook
    reads.

    The function records what the runtime names in its messages and
    profiles, one `#sic.op_info` per node in `sic.ops` (the sic op, the
    node name from its location, the name of its output when it is a model
    output, the output type), and the requested policy (`sic.checks`, a
    `#sic.check_policy`; `sic.instrumented`). A function that already has
    `sic.ops` is left as it is.

    ```mlir
    // Before
    %y = sic.div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("ratio")
    // After, with checks=debug instrument=true
    sic.before_op 0
    %y = sic.div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("ratio")
    sic.after_op 0, %y : tensor<4xf32>
    ```
  }];
  let options = [
    Option<"checks", "checks", "::mlir::sic::CheckPolicy",
           "::mlir::sic::CheckPolicy::Release", "The check policy",
           "::llvm::cl::values(SIC_CHECK_POLICY_VALUES)">,
    Option<"instrument", "instrument", "bool", "false",
           "Also call the runtime before every node, for profiling">,
  ];
}

#endif // SIC_DIALECT_TRANSFORMS_PASSES
