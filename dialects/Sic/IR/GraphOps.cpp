//===- GraphOps.cpp - sic.graph, sic.output, sic.constant, sic.placeholder ===//

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/NodeNames.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionImplementation.h"

using namespace mlir;
using namespace mlir::sic;

//===----------------------------------------------------------------------===//
// GraphOp
//===----------------------------------------------------------------------===//

void GraphOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                    FunctionType type) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  state.addRegion();
}

ParseResult GraphOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildType = [](Builder &builder, ArrayRef<Type> inputs,
                      ArrayRef<Type> results,
                      function_interface_impl::VariadicFlag, std::string &) {
    return builder.getFunctionType(inputs, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void GraphOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

RegionKind GraphOp::getRegionKind(unsigned) { return RegionKind::Graph; }

OutputOp GraphOp::getOutputOp() {
  return cast<OutputOp>(getBody().front().getTerminator());
}

LogicalResult GraphOp::verifyRegions() {
  Operation *terminator = getBody().front().getTerminator();
  if (!isa_and_nonnull<OutputOp>(terminator))
    return emitOpError("expects its body to end with sic.output");
  return success();
}

//===----------------------------------------------------------------------===//
// OutputOp
//===----------------------------------------------------------------------===//

LogicalResult OutputOp::verify() {
  auto graph = cast<GraphOp>((*this)->getParentOp());
  ArrayRef<Type> declared = graph.getResultTypes();
  if (getOutputs().size() != declared.size())
    return emitOpError("has ")
           << getOutputs().size() << " operands, but the graph signature has "
           << declared.size() << " results";
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getOutputs().getTypes(), declared))) {
    auto [actual, expected] = pair;
    if (actual != expected)
      return emitOpError("operand #")
             << index << " has type " << actual
             << ", but the graph signature declares " << expected;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp, PlaceholderOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

LogicalResult PlaceholderOp::verify() {
  if (isa_and_nonnull<GraphOp>((*this)->getParentOp()))
    return success();
  return emitOpError("stands for tensor '")
         << getName() << "', which has no source";
}

//===----------------------------------------------------------------------===//
// Node names
//===----------------------------------------------------------------------===//

std::string mlir::sic::getNodeName(Operation *op) {
  if (std::optional<StringRef> name = findNodeName(op->getLoc()))
    return name->str();
  std::string text = op->getName().getStringRef().str();
  if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
    text += " at " + file.getFilename().str() + ":" +
            std::to_string(file.getLine()) + ":" +
            std::to_string(file.getColumn());
  return text;
}
