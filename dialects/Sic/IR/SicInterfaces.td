//===- SicInterfaces.td - Interfaces of sic ops -----------*- tablegen -*-===//

#ifndef SIC_INTERFACES
#define SIC_INTERFACES

include "mlir/IR/OpBase.td"

def Sic_NodeOpInterface : OpInterface<"NodeOpInterface"> {
  let cppNamespace = "::mlir::sic";
  let description = [{
    A node of the model graph: an op that reads tensors and writes one tensor.
    Nodes take their inputs as one variadic operand list so that a model with
    a wrong input count can still be represented inside a `sic.graph` and
    reported by `sic-verify-graph` together with all its other faults.

    Each node states its input count range and infers its output type; one
    function, `checkNode`, applies both and reports the first fault of a node.
    Outside a `sic.graph` the op verifier applies it to every node.
  }];

  let methods = [
    StaticInterfaceMethod<"The fewest inputs the node accepts.",
      "unsigned", "getMinInputs">,
    StaticInterfaceMethod<
      "The most inputs the node accepts; std::nullopt when unbounded.",
      "std::optional<unsigned>", "getMaxInputs">,
    StaticInterfaceMethod<"The name of input `index`, used in diagnostics.",
      "::llvm::StringRef", "getInputName", (ins "unsigned":$index)>,
    InterfaceMethod<[{
        Infers the output types from the input types and the attributes, or
        emits an error naming the rule the node breaks and fails. Requires an
        input count in [getMinInputs(), getMaxInputs()].
      }],
      "::mlir::LogicalResult", "inferOutputTypes",
      (ins "::llvm::SmallVectorImpl<::mlir::Type> &":$types)>,
  ];

  let verify = [{ return ::mlir::sic::verifyNodeOutsideGraph($_op); }];
}

#endif // SIC_INTERFACES
