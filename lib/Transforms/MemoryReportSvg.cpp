//===- MemoryReportSvg.cpp - sic-plan-memory's report as a picture --------===//
//
// The arena plan as an SVG timeline: the x axis is the schedule (one column
// per top-level op), the y axis the arena's bytes; each buffer is a
// rectangle over the ops it is live for and the bytes it takes, its name,
// size, offset and live range shown on hover (<title>). A buffer that
// overwrites another in place has a dashed outline and says which; guards
// are grey bands across the whole schedule; the op where the most bytes are
// live is marked with a red line.
//
//===----------------------------------------------------------------------===//

#include "MemoryPlan.h"

#include <fmt/format.h>

#include <algorithm>

using namespace mlir;
using namespace mlir::sic;

namespace {

constexpr double kLeft = 90, kTop = 50, kWidth = 720, kHeight = 360;

/// `text` with XML's special characters escaped.
std::string escapeXml(StringRef text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
    case '&':
      escaped += "&amp;";
      break;
    case '<':
      escaped += "&lt;";
      break;
    case '>':
      escaped += "&gt;";
      break;
    case '"':
      escaped += "&quot;";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

std::string nameOf(const MemoryPlan &plan, unsigned index) {
  const PlannedBuffer &buffer = plan.buffers[index];
  return buffer.name.empty() ? fmt::format("buffer#{}", index) : buffer.name;
}

} // namespace

void mlir::sic::printMemoryReportSvg(const MemoryPlan &plan, StringRef function,
                                     llvm::raw_ostream &os) {
  unsigned ops = 1;
  for (const PlannedBuffer &buffer : plan.buffers)
    ops = std::max(ops, buffer.last + 1);
  double column = kWidth / ops;
  double byteHeight =
      plan.arenaBytes ? kHeight / static_cast<double>(plan.arenaBytes) : 0;
  auto y = [&](uint64_t offset) { return kTop + offset * byteHeight; };

  os << fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      kLeft + kWidth + 30, kTop + kHeight + 60);
  os << fmt::format(
      "<title>memory plan of @{}</title>\n"
      "<text x=\"{}\" y=\"20\" font-size=\"14\">memory plan of @{}: arena {} "
      "bytes, lower bound {} bytes, efficiency {:.3f}</text>\n",
      escapeXml(function), kLeft, escapeXml(function), plan.arenaBytes,
      plan.lowerBoundBytes, plan.getEfficiency());
  // The arena: a frame over the schedule, with its axes.
  os << fmt::format("<rect class=\"arena\" x=\"{}\" y=\"{}\" width=\"{}\" "
                    "height=\"{}\" fill=\"none\" stroke=\"black\"/>\n",
                    kLeft, kTop, kWidth, kHeight);
  os << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\n"
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                    kLeft - 6, kTop + 4, kLeft - 6, kTop + kHeight + 4,
                    plan.arenaBytes);
  os << fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 "
      "{} {})\">arena offset (bytes)</text>\n",
      kLeft - 50, kTop + kHeight / 2, kLeft - 50, kTop + kHeight / 2);
  os << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">op, in "
                    "schedule order (0 to {})</text>\n",
                    kLeft + kWidth / 2, kTop + kHeight + 40, ops - 1);
  for (const ArenaGuard &guard : plan.guards)
    os << fmt::format(
        "<rect class=\"guard\" x=\"{}\" y=\"{:.2f}\" width=\"{}\" "
        "height=\"{:.2f}\" fill=\"#bbbbbb\"><title>guard: {} bytes at offset "
        "{}</title></rect>\n",
        kLeft, y(guard.offset), kWidth, guard.bytes * byteHeight, guard.bytes,
        guard.offset);
  for (auto [index, buffer] : llvm::enumerate(plan.buffers)) {
    // Hues spread by the golden angle, so that neighbours differ.
    unsigned hue = static_cast<unsigned>(index * 137.508) % 360;
    std::string reuse =
        buffer.reuses ? fmt::format("; overwrites {} in place",
                                    escapeXml(nameOf(plan, *buffer.reuses)))
                      : "";
    os << fmt::format(
        "<rect class=\"buffer{}\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" "
        "height=\"{:.2f}\" fill=\"hsl({}, 60%, 70%)\" stroke=\"black\"{}>"
        "<title>{}: {} bytes at offset {}, live from op {} to op {}{}</title>"
        "</rect>\n",
        buffer.reuses ? " reuse" : "", kLeft + buffer.first * column,
        y(buffer.offset), (buffer.last - buffer.first + 1) * column,
        buffer.bytes * byteHeight, hue,
        buffer.reuses ? " stroke-dasharray=\"4 2\"" : "",
        escapeXml(nameOf(plan, index)), buffer.bytes, buffer.offset,
        buffer.first, buffer.last, reuse);
    // The name inside, where it fits.
    double width = (buffer.last - buffer.first + 1) * column;
    double height = buffer.bytes * byteHeight;
    if (width >= 60 && height >= 16)
      os << fmt::format(
          "<text x=\"{:.2f}\" y=\"{:.2f}\" text-anchor=\"middle\">{}</text>\n",
          kLeft + buffer.first * column + width / 2,
          y(buffer.offset) + height / 2 + 4, escapeXml(nameOf(plan, index)));
  }
  if (!plan.buffers.empty()) {
    double x = kLeft + (plan.peakOp + 0.5) * column;
    os << fmt::format(
        "<line class=\"peak\" x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" "
        "y2=\"{2}\" stroke=\"red\" stroke-width=\"2\"><title>peak: {3} bytes "
        "live at op {4}{5}</title></line>\n"
        "<text x=\"{0:.2f}\" y=\"{6}\" fill=\"red\" "
        "text-anchor=\"middle\">peak</text>\n",
        x, kTop, kTop + kHeight, plan.lowerBoundBytes, plan.peakOp,
        plan.peakOpName.empty() ? "" : " (" + escapeXml(plan.peakOpName) + ")",
        kTop - 6);
  }
  os << "</svg>\n";
}
