//===- SetTarget.h - The sic-set-target pass --------------------*- C++ -*-===//
//
// The first compiling pass: describes the target the user names and sets it
// on the module as #sic.target, where every later pass that needs a target
// fact reads it. Lit tests of those passes run it first with a named CPU.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_PIPELINE_SETTARGET_H
#define SIC_PIPELINE_SETTARGET_H

#include "sic/Target/TargetDescription.h"

#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir::sic {

/// sic-set-target for `selection` (empty fields: the host's).
std::unique_ptr<Pass> createSetTargetPass(const TargetSelection &selection);

/// Registers sic-set-target for sic-opt.
void registerSetTargetPass();

} // namespace mlir::sic

#endif // SIC_PIPELINE_SETTARGET_H
