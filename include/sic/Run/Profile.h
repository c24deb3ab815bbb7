//===- Profile.h - Per-op times of an instrumented model --------*- C++ -*-===//
//
// sic-run --profile: the runtime's op callback (sic_context_set_op_callback)
// takes a timestamp at the start and the end of every op of a model
// compiled with --instrument; the profile is a table of each op's mean time
// and share, and a Chrome trace (Trace Event Format) that Perfetto and
// chrome://tracing open.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_PROFILE_H
#define SIC_RUN_PROFILE_H

#include "sic/runtime.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::sic {

/// One op of the model, as the profile names it.
struct ProfiledOp {
  std::string op;     ///< the sic op, e.g. "sic.gemm"
  std::string node;   ///< the model's node name
  std::string output; ///< its output's type, e.g. "f32[1, 8]"
};

/// The ops of `ops` (sic_model_op) as the profile names them.
llvm::SmallVector<ProfiledOp>
describeProfiledOps(llvm::ArrayRef<const sic_op_desc_t *> ops);

/// Timestamps of the ops of profiled runs, in seconds of a clock.
class OpProfiler {
public:
  /// One op of one run.
  struct Span {
    uint32_t op;
    unsigned run;
    double begin, end;
  };

  /// The runs of a profile, between the runs' first and last calls.
  struct Run {
    double begin, end;
  };

  /// Profiles runs of a model with `numOps` ops, reading `clock`.
  OpProfiler(unsigned numOps, llvm::function_ref<double()> clock);

  /// The sic_op_callback_t to give the runtime, with this profiler as its
  /// user pointer. Events outside beginRun/endRun are ignored.
  static void callback(void *user, const sic_op_event_t *event);

  void beginRun();
  void endRun();

  llvm::ArrayRef<Span> getSpans() const { return spans; }
  llvm::ArrayRef<Run> getRuns() const { return runs; }
  unsigned getNumOps() const { return numOps; }

private:
  void record(const sic_op_event_t &event);

  unsigned numOps;
  llvm::function_ref<double()> clock;
  bool recording = false;
  /// When the op of each index began in the current run.
  llvm::SmallVector<double> begins;
  llvm::SmallVector<Span> spans;
  llvm::SmallVector<Run> runs;
};

/// Each op's time, averaged over the runs.
struct OpTime {
  double us;      ///< mean per run, in microseconds
  double percent; ///< of the sum over all ops
};

/// The mean time of each op over the runs of `profiler`.
llvm::SmallVector<OpTime> computeOpTimes(const OpProfiler &profiler);

/// Prints the table: one row per op (index, sic op, node, output, mean
/// microseconds, percent of all ops) and the total.
void printProfileTable(llvm::ArrayRef<ProfiledOp> ops,
                       const OpProfiler &profiler, llvm::raw_ostream &os);

/// Writes the profile as a Chrome trace: one complete ("X") event per op of
/// every run and one per run, in microseconds from the first run's start.
void writeChromeTrace(llvm::StringRef model, llvm::ArrayRef<ProfiledOp> ops,
                      const OpProfiler &profiler, llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_RUN_PROFILE_H
