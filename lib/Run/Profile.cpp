//===- Profile.cpp - Per-op times of an instrumented model ----------------===//

#include "sic/Run/Profile.h"

#include "sic/Run/NdArray.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

using namespace mlir::sic;

llvm::SmallVector<ProfiledOp>
mlir::sic::describeProfiledOps(llvm::ArrayRef<const sic_op_desc_t *> ops) {
  llvm::SmallVector<ProfiledOp> described;
  for (const sic_op_desc_t *op : ops)
    described.push_back(
        {op->op, op->node,
         describeType(
             static_cast<sic_dtype_t>(op->output.dtype),
             llvm::ArrayRef<int64_t>(op->output.dims, op->output.rank))});
  return described;
}

OpProfiler::OpProfiler(unsigned numOps, llvm::function_ref<double()> clock)
    : numOps(numOps), clock(clock), begins(numOps, 0.0) {}

void OpProfiler::callback(void *user, const sic_op_event_t *event) {
  static_cast<OpProfiler *>(user)->record(*event);
}

void OpProfiler::record(const sic_op_event_t &event) {
  // Take the time first: what follows is the profiler's own cost.
  double now = clock();
  if (!recording || event.op >= numOps)
    return;
  if (event.phase == SIC_OP_BEGIN)
    begins[event.op] = now;
  else
    spans.push_back({event.op, static_cast<unsigned>(runs.size() - 1),
                     begins[event.op], now});
}

void OpProfiler::beginRun() {
  recording = true;
  runs.push_back({clock(), 0.0});
}

void OpProfiler::endRun() {
  runs.back().end = clock();
  recording = false;
}

llvm::SmallVector<OpTime>
mlir::sic::computeOpTimes(const OpProfiler &profiler) {
  llvm::SmallVector<double> seconds(profiler.getNumOps(), 0.0);
  for (const OpProfiler::Span &span : profiler.getSpans())
    seconds[span.op] += span.end - span.begin;
  double total = 0;
  for (double value : seconds)
    total += value;
  size_t runs = std::max<size_t>(profiler.getRuns().size(), 1);
  llvm::SmallVector<OpTime> times;
  for (double value : seconds)
    times.push_back({value * 1e6 / runs, total > 0 ? value / total * 100 : 0});
  return times;
}

void mlir::sic::printProfileTable(llvm::ArrayRef<ProfiledOp> ops,
                                  const OpProfiler &profiler,
                                  llvm::raw_ostream &os) {
  llvm::SmallVector<OpTime> times = computeOpTimes(profiler);
  double total = 0;
  for (const OpTime &time : times)
    total += time.us;
  size_t runs = profiler.getRuns().size();
  os << fmt::format("profile: {} run{} of {} op{}: {:.3f} us per run in ops\n",
                    runs, runs == 1 ? "" : "s", ops.size(),
                    ops.size() == 1 ? "" : "s", total);
  // Columns as wide as their widest entry.
  size_t opWidth = 2, nodeWidth = 4, outputWidth = 6;
  for (const ProfiledOp &op : ops) {
    opWidth = std::max(opWidth, op.op.size());
    nodeWidth = std::max(nodeWidth, op.node.size());
    outputWidth = std::max(outputWidth, op.output.size());
  }
  os << fmt::format("  {:>4}  {:<{}}  {:<{}}  {:<{}}  {:>10}  {:>6}\n", "#",
                    "op", opWidth, "node", nodeWidth, "output", outputWidth,
                    "time us", "%");
  for (auto [index, op] : llvm::enumerate(ops))
    os << fmt::format("  {:>4}  {:<{}}  {:<{}}  {:<{}}  {:>10.4f}  {:>6.1f}\n",
                      index, op.op, opWidth, op.node, nodeWidth, op.output,
                      outputWidth, times[index].us, times[index].percent);
  os << fmt::format("  {:>4}  {:<{}}  {:>10.4f}  {:>6.1f}\n", "", "total",
                    opWidth + nodeWidth + outputWidth + 4, total,
                    ops.empty() ? 0.0 : 100.0);
}

void mlir::sic::writeChromeTrace(llvm::StringRef model,
                                 llvm::ArrayRef<ProfiledOp> ops,
                                 const OpProfiler &profiler,
                                 llvm::raw_ostream &os) {
  double start = profiler.getRuns().empty() ? 0 : profiler.getRuns()[0].begin;
  // Microseconds, to the nanosecond the clock resolves.
  auto round = [](double us) { return std::round(us * 1e3) / 1e3; };
  auto micros = [&](double seconds) { return round((seconds - start) * 1e6); };
  // Names come from the model file: keep the JSON valid UTF-8.
  auto text = [](llvm::StringRef value) -> llvm::json::Value {
    return llvm::json::isUTF8(value) ? value.str() : llvm::json::fixUTF8(value);
  };
  llvm::json::Array events;
  events.push_back(llvm::json::Object{
      {"name", "process_name"},
      {"ph", "M"},
      {"pid", 1},
      {"args", llvm::json::Object{{"name", text("sic-run " + model.str())}}}});
  for (auto [index, run] : llvm::enumerate(profiler.getRuns()))
    events.push_back(
        llvm::json::Object{{"name", fmt::format("run {}", index)},
                           {"cat", "run"},
                           {"ph", "X"},
                           {"ts", micros(run.begin)},
                           {"dur", round((run.end - run.begin) * 1e6)},
                           {"pid", 1},
                           {"tid", 1}});
  for (const OpProfiler::Span &span : profiler.getSpans()) {
    const ProfiledOp &op = ops[span.op];
    events.push_back(
        llvm::json::Object{{"name", text(op.node)},
                           {"cat", text(op.op)},
                           {"ph", "X"},
                           {"ts", micros(span.begin)},
                           {"dur", round((span.end - span.begin) * 1e6)},
                           {"pid", 1},
                           {"tid", 1},
                           {"args", llvm::json::Object{{"op", span.op},
                                                       {"sic_op", text(op.op)},
                                                       {"output", op.output},
                                                       {"run", span.run}}}});
  }
  llvm::json::Object trace{{"traceEvents", std::move(events)},
                           {"displayTimeUnit", "ms"}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(trace))) << "\n";
}
