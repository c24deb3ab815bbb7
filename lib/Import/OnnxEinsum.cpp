//===- OnnxEinsum.cpp - ONNX Einsum as contractions --------------------===//
//
// Einsum is decomposed exactly. Each operand first loses its repeated labels
// (a diagonal: the two axes moved last, merged, and every (n+1)-th element
// gathered) and the labels no other term needs (reduce_sum). Operands then
// combine left to right, two at a time: both are transposed to
// [batch, free, contracted] and [batch, contracted, free], reshaped to three
// dims and multiplied by one sic.matmul (floats: the tiled contraction
// path), or, for integers, by a broadcast product summed over the
// contracted dim. A last transpose puts the labels in the output's order.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// A label: a letter's character, or kEllipsis + i for the i-th dim that
/// "..." stands for, counted from the right (as NumPy broadcasts them).
using Label = int;
constexpr Label kEllipsis = 256;

using Labels = SmallVector<Label, 8>;

/// One operand or intermediate result with the label of each of its dims.
struct Term {
  Value value;
  Labels labels;
};

struct Equation {
  SmallVector<Labels> inputs;
  Labels output;
};

class EinsumBuilder {
public:
  EinsumBuilder(OnnxConversion &c, const onnx::NodeProto &node)
      : c(c), node(node), b(c, node) {}

  FailureOr<Equation> parse(StringRef text, ArrayRef<RankedTensorType> types);
  FailureOr<Value> build(Equation &equation, ArrayRef<Value> operands);

private:
  FailureOr<Labels> parseTerm(StringRef term, int64_t rank,
                              int64_t &ellipsisRank, bool isOutput);
  InFlightDiagnostic error() {
    return c.emitNodeError(node) << "equation '" << equationText << "' ";
  }

  static SmallVector<int64_t> shapeOf(Value value) {
    return SmallVector<int64_t>(
        cast<RankedTensorType>(value.getType()).getShape());
  }
  Value transpose(const Term &term, ArrayRef<Label> order);
  Value reshape(Value value, ArrayRef<int64_t> shape);
  void takeDiagonals(Term &term);
  /// Sums the axes of `term` whose labels are not `needed`.
  void sumOut(Term &term, llvm::function_ref<bool(Label)> needed);
  /// The product of `lhs` and `rhs` summed over the labels both have and
  /// that are not `needed` after it.
  Term contract(Term lhs, Term rhs, llvm::function_ref<bool(Label)> needed);

  OnnxConversion &c;
  const onnx::NodeProto &node;
  NodeBuilder b;
  std::string equationText;
};

} // namespace

FailureOr<Labels> EinsumBuilder::parseTerm(StringRef term, int64_t rank,
                                           int64_t &ellipsisRank,
                                           bool isOutput) {
  Labels letters;
  size_t ellipsisAt = StringRef::npos;
  for (size_t i = 0; i < term.size(); ++i) {
    if (term.substr(i).starts_with("...") && ellipsisAt == StringRef::npos) {
      ellipsisAt = letters.size();
      i += 2;
      continue;
    }
    if (!llvm::isAlpha(term[i])) {
      error() << "has '" << term[i] << "' where a letter or one '...' must be";
      return failure();
    }
    letters.push_back(Label(term[i]));
  }
  if (ellipsisAt == StringRef::npos) {
    if (!isOutput && int64_t(letters.size()) != rank) {
      error() << "names " << letters.size() << " dims of term '" << term
              << "', but its input has rank " << rank;
      return failure();
    }
    return letters;
  }
  int64_t count = isOutput ? ellipsisRank : rank - int64_t(letters.size());
  if (count < 0) {
    error() << "names " << letters.size() << " dims of term '" << term
            << "', more than its input's rank " << rank;
    return failure();
  }
  if (!isOutput)
    ellipsisRank = std::max(ellipsisRank, count);
  Labels labels(letters.begin(), letters.begin() + ellipsisAt);
  for (int64_t i = count - 1; i >= 0; --i)
    labels.push_back(kEllipsis + Label(i));
  labels.append(letters.begin() + ellipsisAt, letters.end());
  return labels;
}

FailureOr<Equation> EinsumBuilder::parse(StringRef text,
                                         ArrayRef<RankedTensorType> types) {
  equationText = text.str();
  std::string compact;
  llvm::copy_if(text, std::back_inserter(compact),
                [](char ch) { return ch != ' '; });
  StringRef rest = compact;
  auto [inputsText, outputText] = rest.split("->");
  bool explicitOutput = rest.contains("->");
  SmallVector<StringRef> terms;
  inputsText.split(terms, ',');
  if (terms.size() != types.size()) {
    error() << "has " << terms.size() << " input terms for " << types.size()
            << " inputs";
    return failure();
  }
  Equation equation;
  int64_t ellipsisRank = 0;
  for (auto [term, type] : llvm::zip_equal(terms, types)) {
    FailureOr<Labels> labels =
        parseTerm(term, type.getRank(), ellipsisRank, false);
    if (failed(labels))
      return failure();
    equation.inputs.push_back(std::move(*labels));
  }
  // Every label's size agrees wherever it appears; a "..." dim of size 1
  // that NumPy would broadcast is not taken.
  llvm::DenseMap<Label, int64_t> sizes;
  for (auto [labels, type] : llvm::zip_equal(equation.inputs, types))
    for (auto [label, size] : llvm::zip_equal(labels, type.getShape())) {
      auto [it, inserted] = sizes.try_emplace(label, size);
      if (!inserted && it->second != size) {
        if (label >= kEllipsis)
          error() << "gives '...' dims of sizes " << it->second << " and "
                  << size << " (SIC does not broadcast them)";
        else
          error() << "gives label '" << char(label) << "' sizes " << it->second
                  << " and " << size;
        return failure();
      }
    }
  if (explicitOutput) {
    FailureOr<Labels> labels = parseTerm(outputText, 0, ellipsisRank, true);
    if (failed(labels))
      return failure();
    llvm::SmallDenseSet<Label> seen;
    for (Label label : *labels) {
      if (!seen.insert(label).second || !sizes.contains(label)) {
        error() << "has output label '" << char(label) << "' "
                << (sizes.contains(label) ? "twice" : "that no input has");
        return failure();
      }
    }
    equation.output = std::move(*labels);
    return equation;
  }
  // Implicit output: the "..." dims, then the letters that appear once, in
  // alphabetical order.
  for (int64_t i = ellipsisRank - 1; i >= 0; --i)
    equation.output.push_back(kEllipsis + Label(i));
  llvm::DenseMap<Label, int> counts;
  for (const Labels &labels : equation.inputs)
    for (Label label : labels)
      ++counts[label];
  Labels once;
  for (auto [label, count] : counts)
    if (label < kEllipsis && count == 1)
      once.push_back(label);
  llvm::sort(once);
  equation.output.append(once);
  return equation;
}

Value EinsumBuilder::transpose(const Term &term, ArrayRef<Label> order) {
  SmallVector<int64_t> permutation;
  for (Label label : order)
    permutation.push_back(llvm::find(term.labels, label) - term.labels.begin());
  bool identity =
      llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size()));
  return identity ? term.value
                  : b.create<TransposeOp>(ValueRange{term.value},
                                          ArrayRef<int64_t>(permutation));
}

Value EinsumBuilder::reshape(Value value, ArrayRef<int64_t> shape) {
  if (!value || cast<RankedTensorType>(value.getType()).getShape() == shape)
    return value;
  return b.create<ReshapeOp>(ValueRange{value}, shape);
}

void EinsumBuilder::takeDiagonals(Term &term) {
  while (term.value) {
    Labels &labels = term.labels;
    auto repeated = llvm::find_if(
        labels, [&](Label label) { return llvm::count(labels, label) > 1; });
    if (repeated == labels.end())
      return;
    Label label = *repeated;
    size_t first = repeated - labels.begin();
    size_t second = std::find(labels.begin() + first + 1, labels.end(), label) -
                    labels.begin();
    // Both axes last, merged, then the diagonal's positions gathered.
    SmallVector<int64_t> shape = shapeOf(term.value);
    int64_t n = shape[first];
    // n^2 positions merged (other dims may be 0) and n indices.
    if (!getElementCount({n, n}) ||
        uint64_t(n) > c.getLimits().maxTensorElements) {
      error() << "takes a diagonal of size " << n
              << ", more than the import limits allow";
      term.value = nullptr;
      return;
    }
    SmallVector<int64_t> permutation, kept;
    Labels keptLabels;
    for (size_t i = 0; i < labels.size(); ++i)
      if (i != first && i != second) {
        permutation.push_back(i);
        kept.push_back(shape[i]);
        keptLabels.push_back(labels[i]);
      }
    permutation.append({int64_t(first), int64_t(second)});
    Value moved = b.create<TransposeOp>(ValueRange{term.value},
                                        ArrayRef<int64_t>(permutation));
    SmallVector<int64_t> merged = kept;
    merged.push_back(n * n);
    SmallVector<int64_t> diagonal;
    for (int64_t i = 0; i < n; ++i)
      diagonal.push_back(i * (n + 1));
    term.value = b.create<GatherOp>(
        ValueRange{reshape(moved, merged),
                   createIndexConstant(c, node, {n}, diagonal)},
        int64_t(kept.size()));
    keptLabels.push_back(label);
    labels = std::move(keptLabels);
  }
}

void EinsumBuilder::sumOut(Term &term, llvm::function_ref<bool(Label)> needed) {
  SmallVector<int64_t> axes;
  Labels kept;
  for (auto [axis, label] : llvm::enumerate(term.labels)) {
    if (needed(label))
      kept.push_back(label);
    else
      axes.push_back(axis);
  }
  if (axes.empty() || !term.value)
    return;
  term.value = b.create<ReduceSumOp>(ValueRange{term.value},
                                     ArrayRef<int64_t>(axes), false);
  term.labels = std::move(kept);
}

Term EinsumBuilder::contract(Term lhs, Term rhs,
                             llvm::function_ref<bool(Label)> needed) {
  Labels batch, contracted, lhsFree, rhsFree;
  for (Label label : lhs.labels) {
    if (!llvm::is_contained(rhs.labels, label))
      lhsFree.push_back(label);
    else if (needed(label))
      batch.push_back(label);
    else
      contracted.push_back(label);
  }
  for (Label label : rhs.labels)
    if (!llvm::is_contained(lhs.labels, label))
      rhsFree.push_back(label);
  llvm::DenseMap<Label, int64_t> sizes;
  for (const Term *term : {&lhs, &rhs})
    for (auto [label, size] :
         llvm::zip_equal(term->labels, shapeOf(term->value)))
      sizes[label] = size;
  // Each is at most an operand's element count, unless a dim outside it is
  // 0: then it may not fit in 64 bits.
  auto product = [&](ArrayRef<Label> labels) {
    SmallVector<int64_t> dims;
    for (Label label : labels)
      dims.push_back(sizes[label]);
    return getElementCount(dims);
  };
  std::optional<int64_t> batchSize = product(batch), rows = product(lhsFree),
                         depth = product(contracted),
                         columns = product(rhsFree);
  if (!batchSize || !rows || !depth || !columns) {
    error() << "contracts dims whose product is more than 2^63";
    return Term{};
  }
  int64_t B = *batchSize, M = *rows, K = *depth, N = *columns;
  Labels lhsOrder = batch, rhsOrder = batch;
  lhsOrder.append(lhsFree);
  lhsOrder.append(contracted);
  rhsOrder.append(contracted);
  rhsOrder.append(rhsFree);
  Value a = transpose(lhs, lhsOrder), bValue = transpose(rhs, rhsOrder);
  Value result;
  if (isa<FloatType>(
          cast<RankedTensorType>(lhs.value.getType()).getElementType())) {
    result = b.create<MatmulOp>(
        ValueRange{reshape(a, {B, M, K}), reshape(bValue, {B, K, N})});
  } else {
    Value products = b.create<MulOp>(
        ValueRange{reshape(a, {B, M, K, 1}), reshape(bValue, {B, 1, K, N})});
    result = b.create<ReduceSumOp>(ValueRange{products}, ArrayRef<int64_t>{2},
                                   false);
  }
  Term term;
  term.labels = batch;
  term.labels.append(lhsFree);
  term.labels.append(rhsFree);
  SmallVector<int64_t> shape;
  for (Label label : term.labels)
    shape.push_back(sizes[label]);
  term.value = reshape(result, shape);
  return term;
}

FailureOr<Value> EinsumBuilder::build(Equation &equation,
                                      ArrayRef<Value> operands) {
  SmallVector<Term> terms;
  for (auto [value, labels] : llvm::zip_equal(operands, equation.inputs))
    terms.push_back({value, labels});
  // A label is needed after term `i` while the output or a later term has
  // it.
  auto neededAfter = [&](size_t i) {
    return [&, i](Label label) {
      if (llvm::is_contained(equation.output, label))
        return true;
      for (size_t j = i + 1; j < terms.size(); ++j)
        if (llvm::is_contained(terms[j].labels, label))
          return true;
      return false;
    };
  };
  for (Term &term : terms)
    takeDiagonals(term);
  // Labels only one operand has, and nothing after needs, are summed first.
  for (size_t i = 0; i < terms.size(); ++i)
    sumOut(terms[i], [&](Label label) {
      if (llvm::is_contained(equation.output, label))
        return true;
      for (size_t j = 0; j < terms.size(); ++j)
        if (j != i && llvm::is_contained(terms[j].labels, label))
          return true;
      return false;
    });
  if (llvm::any_of(terms, [](const Term &term) { return !term.value; }))
    return failure();
  Term result = terms.front();
  for (size_t i = 1; i < terms.size() && result.value; ++i)
    result = contract(result, terms[i], neededAfter(i));
  if (!result.value)
    return failure();
  sumOut(result, neededAfter(terms.size() - 1));
  Value output = result.value ? transpose(result, equation.output) : nullptr;
  if (!output)
    return failure();
  return output;
}

FailureOr<Value> mlir::sic::buildEinsum(OnnxConversion &c,
                                        const onnx::NodeProto &node,
                                        StringRef equation,
                                        ValueRange operands) {
  SmallVector<RankedTensorType> types;
  for (Value operand : operands) {
    types.push_back(cast<RankedTensorType>(operand.getType()));
    if (types.back().getElementType() != types.front().getElementType() ||
        types.back().getElementType().isInteger(1)) {
      c.emitNodeError(node) << "takes inputs of one number type, got "
                            << types.front().getElementType() << " and "
                            << types.back().getElementType();
      return failure();
    }
  }
  EinsumBuilder builder(c, node);
  FailureOr<Equation> parsed = builder.parse(equation, types);
  if (failed(parsed))
    return failure();
  return builder.build(*parsed, SmallVector<Value>(operands));
}

LogicalResult mlir::sic::convertEinsum(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, std::numeric_limits<int>::max())))
    return failure();
  FailureOr<std::string> text = c.getString(node, "equation");
  FailureOr<SmallVector<Value>> operands =
      c.getPresentInputValues(node, node.input_size());
  if (failed(text) || failed(operands))
    return failure();
  FailureOr<Value> output = buildEinsum(c, node, *text, *operands);
  if (failed(output))
    return failure();
  return c.bindOutputs(node, *output);
}
