//===- ModelSummary.cpp - Per-node shapes, parameters and MACs ------------===//

#include "sic/Analysis/ModelSummary.h"

#include "sic/Analysis/ConvolutionKernels.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/ConstantElements.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <fmt/format.h>

#include <algorithm>

using namespace mlir;
using namespace mlir::sic;

namespace {

uint64_t multiply(uint64_t a, uint64_t b) {
  return llvm::SaturatingMultiply(a, b);
}

uint64_t add(uint64_t a, uint64_t b) { return llvm::SaturatingAdd(a, b); }

uint64_t getElementCount(Type type) {
  uint64_t count = 1;
  for (int64_t dim : cast<RankedTensorType>(type).getShape())
    count = multiply(count, static_cast<uint64_t>(dim));
  return count;
}

/// The kernel of `conv` at `optLevel` on `target`.
std::string describeKernel(Conv2DOp conv, unsigned optLevel,
                           TargetAttr target) {
  auto type = cast<RankedTensorType>(conv.getOutput().getType());
  if (optLevel < 2)
    return "loops";
  bool staticWork =
      llvm::all_of(conv->getOperands(),
                   [](Value operand) {
                     auto shaped = cast<RankedTensorType>(operand.getType());
                     return shaped.hasStaticShape() &&
                            shaped.getNumElements() != 0;
                   }) &&
      type.getNumElements() != 0;
  auto input = cast<RankedTensorType>(conv.getInput().getType());
  auto filter = cast<RankedTensorType>(conv.getFilter().getType());
  auto constant = conv.getFilter().getDefiningOp<ConstantOp>();
  ConvolutionFacts facts;
  facts.staticWork = staticWork;
  facts.group = conv.getGroup();
  facts.strides = conv.getStrides();
  facts.dilations = conv.getDilations();
  facts.channels = input.getDimSize(1);
  facts.filters = filter.getDimSize(0);
  facts.kernelHeight = filter.getDimSize(2);
  facts.kernelWidth = filter.getDimSize(3);
  facts.height = type.getDimSize(2);
  facts.width = type.getDimSize(3);
  facts.constantFilter =
      constant && !getStoredElementBytes(constant.getValue()).empty();
  facts.element = type.getElementType();
  ConvolutionPlan plan = planConvolution(facts, target);
  return describeConvolutionPlan(plan, type.getDimSize(3));
}

} // namespace

std::string mlir::sic::formatTensorType(RankedTensorType type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (int64_t dim : type.getShape())
    os << dim << 'x';
  os << type.getElementType();
  return text;
}

uint64_t mlir::sic::getMacCount(Operation *op) {
  auto dim = [](Value value, int64_t index) -> uint64_t {
    return cast<RankedTensorType>(value.getType()).getDimSize(index);
  };
  return llvm::TypeSwitch<Operation *, uint64_t>(op)
      .Case([&](Conv2DOp conv) {
        // Each output element reads one filter row of C/group * KH * KW.
        Value filter = conv.getFilter();
        uint64_t row =
            multiply(multiply(dim(filter, 1), dim(filter, 2)), dim(filter, 3));
        return multiply(getElementCount(conv.getOutput().getType()), row);
      })
      .Case([&](MatmulOp matmul) {
        // K is the lhs's last dim (a 1-D lhs is a row of K elements).
        auto lhs = cast<RankedTensorType>(matmul.getLhs().getType());
        return multiply(getElementCount(matmul.getOutput().getType()),
                        dim(matmul.getLhs(), lhs.getRank() - 1));
      })
      .Case([&](GemmOp gemm) {
        uint64_t k = dim(gemm.getA(), gemm.getTransA() ? 0 : 1);
        return multiply(getElementCount(gemm.getOutput().getType()), k);
      })
      .Default([](Operation *) { return uint64_t(0); });
}

ModelSummary mlir::sic::computeModelSummary(func::FuncOp func,
                                            unsigned optLevel) {
  // The target sic-set-target put on the module, if the pipeline got there.
  TargetAttr target;
  auto *dialect = func->getContext()->getLoadedDialect<SicDialect>();
  if (auto module = func->getParentOfType<ModuleOp>(); module && dialect)
    target = dialect->getTargetAttrHelper().getAttr(module);
  ModelSummary summary;
  summary.function = func.getSymName().str();
  llvm::SetVector<Operation *> constants;
  func.walk([&](Operation *op) {
    if (!isa<NodeOpInterface>(op))
      return;
    NodeSummary node;
    node.index = summary.nodes.size();
    node.name = getNodeName(op);
    node.op = op->getName().stripDialect().str();
    for (Type type : op->getResultTypes())
      node.outputs.push_back(cast<RankedTensorType>(type));
    for (Value operand : op->getOperands()) {
      auto constant = operand.getDefiningOp<ConstantOp>();
      if (!constant)
        continue;
      node.parameters =
          add(node.parameters, getElementCount(constant.getType()));
      constants.insert(constant);
    }
    node.macs = getMacCount(op);
    if (auto conv = dyn_cast<Conv2DOp>(op); conv && target)
      node.kernel = describeKernel(conv, optLevel, target);
    summary.macs = add(summary.macs, node.macs);
    summary.nodes.push_back(std::move(node));
  });
  for (Operation *constant : constants) {
    Type type = constant->getResult(0).getType();
    uint64_t count = getElementCount(type);
    uint64_t width =
        getElementByteSize(cast<RankedTensorType>(type).getElementType());
    summary.parameters = add(summary.parameters, count);
    summary.parameterBytes =
        add(summary.parameterBytes, multiply(count, width));
  }
  return summary;
}

void mlir::sic::printModelSummary(const ModelSummary &summary,
                                  llvm::raw_ostream &os) {
  // Columns as wide as their longest entry, so that names are never cut.
  SmallVector<std::string> outputs;
  size_t nameWidth = 4, opWidth = 2, outputWidth = 6;
  for (const NodeSummary &node : summary.nodes) {
    std::string text;
    for (RankedTensorType type : node.outputs)
      text += (text.empty() ? "" : ", ") + formatTensorType(type);
    nameWidth = std::max(nameWidth, node.name.size());
    opWidth = std::max(opWidth, node.op.size());
    outputWidth = std::max(outputWidth, text.size());
    outputs.push_back(std::move(text));
  }
  bool kernels = llvm::any_of(summary.nodes, [](const NodeSummary &node) {
    return !node.kernel.empty();
  });
  os << fmt::format("model summary of @{}\n", summary.function);
  os << fmt::format("  {:>4}  {:<{}}  {:<{}}  {:<{}}  {:>12}  {:>14}{}\n", "#",
                    "node", nameWidth, "op", opWidth, "output", outputWidth,
                    "params", "MACs", kernels ? "  kernel" : "");
  for (auto [node, output] : llvm::zip_equal(summary.nodes, outputs))
    os << fmt::format("  {:>4}  {:<{}}  {:<{}}  {:<{}}  {:>12}  {:>14}{}\n",
                      node.index, node.name, nameWidth, node.op, opWidth,
                      output, outputWidth, node.parameters, node.macs,
                      node.kernel.empty() ? "" : "  " + node.kernel);
  os << fmt::format("  total: {} nodes, {} parameters ({} bytes), {} MACs\n",
                    summary.nodes.size(), summary.parameters,
                    summary.parameterBytes, summary.macs);
}
