//===- GraphDot.cpp - A scheduled model as a Graphviz graph ---------------===//

#include "sic/Analysis/GraphDot.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Analysis/ModelSummary.h"

#include "sic/Support/NodeNames.h"

#include "llvm/ADT/DenseMap.h"

#include <map>

#include <fmt/format.h>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// `text` as the inside of a Graphviz string: quotes and backslashes
/// escaped, line breaks as \n.
std::string escapeDot(StringRef text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\')
      escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

std::string typeOf(Value value) {
  return formatTensorType(cast<RankedTensorType>(value.getType()));
}

/// The model's name of argument or result `index`, if it has one.
std::string nameOf(DictionaryAttr attributes, unsigned index) {
  auto name = attributes ? attributes.getAs<StringAttr>("sic.name") : nullptr;
  return name ? name.str() : fmt::format("#{}", index);
}

} // namespace

void mlir::sic::writeGraphDot(func::FuncOp func,
                              const llvm::StringMap<unsigned> &fusedNodes,
                              llvm::raw_ostream &os) {
  os << fmt::format("digraph \"{}\" {{\n", escapeDot(func.getSymName()));
  os << "  node [fontname=\"sans-serif\", fontsize=10];\n"
        "  edge [fontname=\"sans-serif\", fontsize=9];\n";
  // Where each value comes from: an input's or an op's Graphviz id.
  llvm::DenseMap<Value, std::string> sources;
  for (BlockArgument argument : func.getArguments()) {
    std::string id = fmt::format("input{}", argument.getArgNumber());
    sources[argument] = id;
    os << fmt::format(
        "  {} [shape=ellipse, label=\"input {}\\n{}\"];\n", id,
        escapeDot(nameOf(func.getArgAttrDict(argument.getArgNumber()),
                         argument.getArgNumber())),
        typeOf(argument));
  }
  auto edges = [&](Operation *op, StringRef target) {
    for (Value operand : op->getOperands())
      os << fmt::format("  {} -> {} [label=\"{}\"];\n", sources[operand],
                        target, typeOf(operand));
  };
  unsigned count = 0;
  // The Graphviz ids of each fused kernel's nodes, by kernel number.
  std::map<unsigned, SmallVector<std::string>> kernels;
  for (Operation &op : func.getBody().front()) {
    std::string id = fmt::format("node{}", count++);
    if (auto constant = dyn_cast<ConstantOp>(op)) {
      os << fmt::format("  {} [shape=note, style=filled, fillcolor=\"#eeeeee\","
                        " label=\"{}\\n{}\"];\n",
                        id, escapeDot(getNodeName(&op)),
                        typeOf(constant.getResult()));
    } else if (isa<NodeOpInterface>(op)) {
      std::string outputs;
      for (Value result : op.getResults())
        outputs += (outputs.empty() ? "" : ", ") + typeOf(result);
      os << fmt::format("  {} [shape=box, style=\"rounded,filled\", "
                        "fillcolor=\"#dde8f8\", label=\"{}\\n{}\\n{}\"];\n",
                        id, op.getName().stripDialect().str(),
                        escapeDot(getNodeName(&op)), outputs);
      edges(&op, id);
      if (std::optional<StringRef> name = findNodeName(op.getLoc()))
        if (auto kernel = fusedNodes.find(*name); kernel != fusedNodes.end())
          kernels[kernel->second].push_back(id);
    } else if (isa<func::ReturnOp>(op)) {
      for (auto [index, operand] : llvm::enumerate(op.getOperands())) {
        std::string output = fmt::format("output{}", index);
        os << fmt::format(
            "  {} [shape=ellipse, label=\"output {}\\n{}\"];\n", output,
            escapeDot(nameOf(func.getResultAttrDict(index), index)),
            typeOf(operand));
        os << fmt::format("  {} -> {} [label=\"{}\"];\n", sources[operand],
                          output, typeOf(operand));
      }
      continue;
    }
    for (Value result : op.getResults())
      sources[result] = id;
  }
  for (const auto &[number, ids] : kernels) {
    if (ids.size() < 2)
      continue;
    os << fmt::format("  subgraph cluster_fused{} {{\n    label=\"fused\"; "
                      "style=dashed; color=\"#777777\"; "
                      "fontname=\"sans-serif\"; fontsize=9;\n",
                      number);
    for (const std::string &id : ids)
      os << fmt::format("    {};\n", id);
    os << "  }\n";
  }
  os << "}\n";
}
