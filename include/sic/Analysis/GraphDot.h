//===- GraphDot.h - A scheduled model as a Graphviz graph -------*- C++ -*-===//
//
// What `sic-compile --emit=dot` writes: the model as it is compiled (after
// scheduling and, at -O1 and up, folding), for Graphviz (`dot -Tsvg`), its
// fused kernels (at -O2 and up) as clusters.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_ANALYSIS_GRAPHDOT_H
#define SIC_ANALYSIS_GRAPHDOT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// Writes `func`, a scheduled model function of sic ops, as a digraph: a
/// box per node (its op, the model's node name and its output types), an
/// ellipse per graph input and output, a grey note per constant (its name
/// and type), each edge labelled with the type of the tensor it carries.
/// The nodes of a kernel of `fusedNodes` (groupFusedNodes) with two or more
/// of them in `func` go in a dashed cluster labelled "fused".
void writeGraphDot(func::FuncOp func,
                   const llvm::StringMap<unsigned> &fusedNodes,
                   llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_ANALYSIS_GRAPHDOT_H
