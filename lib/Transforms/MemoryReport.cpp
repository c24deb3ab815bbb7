//===- MemoryReport.cpp - sic-plan-memory's report ------------------------===//

#include "MemoryPlan.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <fmt/format.h>

using namespace mlir;
using namespace mlir::sic;

namespace {
std::string displayName(const PlannedBuffer &buffer, unsigned index) {
  return buffer.name.empty() ? fmt::format("buffer#{}", index) : buffer.name;
}
} // namespace

void mlir::sic::printMemoryReportSummary(const MemoryPlan &plan,
                                         StringRef function,
                                         llvm::raw_ostream &os) {
  os << fmt::format("memory plan of @{} (alignment {})\n", function.str(),
                    plan.alignment);
  os << fmt::format("  arena:       {} bytes\n", plan.arenaBytes);
  os << fmt::format("  lower bound: {} bytes (peak at op {}{})\n",
                    plan.lowerBoundBytes, plan.peakOp,
                    plan.peakOpName.empty() ? "" : ", " + plan.peakOpName);
  os << fmt::format("  efficiency:  {:.3f}\n", plan.getEfficiency());
  std::string peak;
  for (unsigned index : plan.peakBuffers)
    peak += (peak.empty() ? "" : ", ") +
            displayName(plan.buffers[index], index);
  os << fmt::format("  live at the peak: {}\n", peak.empty() ? "-" : peak);
  if (!plan.guards.empty())
    os << fmt::format("  guards:      {} of {} bytes\n", plan.guards.size(),
                      plan.guards.front().bytes);
}

void mlir::sic::printMemoryReportText(const MemoryPlan &plan,
                                      StringRef function,
                                      llvm::raw_ostream &os) {
  printMemoryReportSummary(plan, function, os);
  os << fmt::format("  {:<24} {:>6} {:>6} {:>10} {:>10}  {}\n", "buffer",
                    "first", "last", "offset", "bytes", "reuses");
  for (auto [index, buffer] : llvm::enumerate(plan.buffers)) {
    std::string reuses =
        buffer.reuses ? displayName(plan.buffers[*buffer.reuses], *buffer.reuses)
                      : "";
    os << fmt::format("  {:<24} {:>6} {:>6} {:>10} {:>10}  {}\n",
                      displayName(buffer, index), buffer.first, buffer.last,
                      buffer.offset, buffer.bytes, reuses);
  }
}

void mlir::sic::printMemoryReportJson(const MemoryPlan &plan,
                                      StringRef function,
                                      llvm::raw_ostream &os) {
  llvm::json::Array buffers, peak;
  for (auto [index, buffer] : llvm::enumerate(plan.buffers)) {
    llvm::json::Object entry{{"name", displayName(buffer, index)},
                             {"first", buffer.first},
                             {"last", buffer.last},
                             {"offset", buffer.offset},
                             {"bytes", buffer.bytes}};
    if (buffer.reuses)
      entry["reuses"] = displayName(plan.buffers[*buffer.reuses], *buffer.reuses);
    buffers.push_back(std::move(entry));
  }
  for (unsigned index : plan.peakBuffers)
    peak.push_back(displayName(plan.buffers[index], index));
  llvm::json::Object report{{"function", function},
                            {"alignment", plan.alignment},
                            {"arena_bytes", plan.arenaBytes},
                            {"lower_bound_bytes", plan.lowerBoundBytes},
                            {"efficiency", plan.getEfficiency()},
                            {"peak_op", plan.peakOp},
                            {"peak_buffers", std::move(peak)},
                            {"buffers", std::move(buffers)}};
  if (!plan.guards.empty()) {
    llvm::json::Array guards;
    for (const ArenaGuard &guard : plan.guards)
      guards.push_back(
          llvm::json::Object{{"offset", guard.offset}, {"bytes", guard.bytes}});
    report["guards"] = std::move(guards);
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
}
