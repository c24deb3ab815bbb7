//===- FusedNodes.h - The model nodes lowering fused into one kernel -*- C++
//-*-===//
//
// Fusion (sic-fuse-elementwise, sic-fuse-epilogues) gives an op that now
// computes several nodes a location naming each (a FusedLoc). The nodes one
// op names together, and those chained through shared nodes, are one fused
// kernel: what `--emit=dot` draws as a cluster.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_ANALYSIS_FUSEDNODES_H
#define SIC_ANALYSIS_FUSEDNODES_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::sic {

/// The fused kernels of `lowered`, a model module lowered to the Lower
/// phase: each node name of a kernel of two or more nodes, mapped to the
/// kernel's number (0, 1, ... in the order their first op appears).
llvm::StringMap<unsigned> groupFusedNodes(ModuleOp lowered);

} // namespace mlir::sic

#endif // SIC_ANALYSIS_FUSEDNODES_H
