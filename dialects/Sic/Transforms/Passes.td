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

#endif // SIC_DIALECT_TRANSFORMS_PASSES
