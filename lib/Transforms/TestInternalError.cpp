//===- TestInternalError.cpp - The sic-test-internal-error pass -----------===//
//
// A compiler bug on demand, for the tests of what users see when one
// strikes. It is never part of a pipeline unless a test asks for it.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "llvm/Support/Compiler.h"
#include "llvm/Support/ErrorHandling.h"

namespace mlir::sic {
#define GEN_PASS_DEF_TESTINTERNALERRORPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

struct TestInternalErrorPass
    : public sic::impl::TestInternalErrorPassBase<TestInternalErrorPass> {
  using TestInternalErrorPassBase::TestInternalErrorPassBase;

  void runOnOperation() override {
    // The function's first op, a model node in sic-compile (and an op of
    // the same kind in a replayed reproducer, which has no node names).
    Block &body = getOperation().getBody().front();
    if (&body.front() == body.getTerminator())
      return;
    Operation *node = &body.front();
    switch (kind) {
    case sic::InjectedError::Fail:
      node->emitOpError("fails as the test asked");
      return signalPassFailure();
    case sic::InjectedError::Crash:
      LLVM_BUILTIN_TRAP;
    case sic::InjectedError::Fatal:
      llvm::report_fatal_error("a fatal error, as the test asked");
    }
  }
};

} // namespace
