//===- DataMovementOps.cpp - Rules of shape and layout nodes --------------===//
//
// reshape, transpose, concat, slice, flatten, squeeze, unsqueeze, pad, cast,
// gather, gather_elements.
//
//===----------------------------------------------------------------------===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

LogicalResult ReshapeOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAttrMin(*this, "shape", getShape(), 0)))
    return failure();
  RankedTensorType input = getInputType(*this, 0);
  std::optional<int64_t> from = getElementCount(input.getShape());
  std::optional<int64_t> to = getElementCount(getShape());
  if (!from)
    return emitInputError(*this, 0)
           << "has an element count that overflows 64 bits";
  if (!to)
    return emitOpError("expects a 'shape' whose element count fits in 64 "
                       "bits");
  if (from != to)
    return emitOpError("cannot reshape ")
           << *from << " elements into [" << getShape() << "] (" << *to
           << " elements)";
  return addOutput(types, getShape(), input.getElementType());
}

LogicalResult TransposeOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType input = getInputType(*this, 0);
  ArrayRef<int64_t> perm = getPerm();
  if (failed(checkAttrSize(*this, "perm", perm, input.getRank())))
    return failure();
  SmallVector<bool> seen(perm.size(), false);
  Shape shape;
  for (int64_t dim : perm) {
    if (dim < 0 || dim >= input.getRank() || seen[dim])
      return emitOpError("expects 'perm' to be a permutation of [0, ")
             << input.getRank() << "), got [" << perm << "]";
    seen[dim] = true;
    shape.push_back(input.getDimSize(dim));
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult ConcatOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType first = getInputType(*this, 0);
  FailureOr<int64_t> axis =
      normalizeAxisAttr(*this, "axis", getAxis(), first.getRank());
  if (failed(axis))
    return failure();
  Shape shape(first.getShape());
  for (unsigned i = 1, e = getInputs().size(); i < e; ++i) {
    RankedTensorType type = getInputType(*this, i);
    if (failed(checkSameElementType(*this, i)) ||
        failed(checkRank(*this, i, first.getRank())))
      return failure();
    for (int64_t dim = 0; dim < first.getRank(); ++dim) {
      if (dim == *axis)
        continue;
      if (type.getDimSize(dim) != shape[dim])
        return emitInputError(*this, i)
               << "expects size " << shape[dim] << " in dimension " << dim
               << " (that of input #0), got " << type.getDimSize(dim);
    }
    std::optional<int64_t> sum =
        llvm::checkedAdd(shape[*axis], type.getDimSize(*axis));
    if (!sum)
      return emitOpError("has an output dimension that overflows 64 bits");
    shape[*axis] = *sum;
  }
  return addOutput(types, shape, first.getElementType());
}

LogicalResult SliceOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType input = getInputType(*this, 0);
  size_t count = getAxes().size();
  if (failed(checkAttrSize(*this, "starts", getStarts(), count)) ||
      failed(checkAttrSize(*this, "ends", getEnds(), count)) ||
      failed(checkAttrSize(*this, "steps", getSteps(), count)))
    return failure();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxesAttr(*this, "axes", getAxes(), input.getRank());
  if (failed(axes))
    return failure();
  Shape shape(input.getShape());
  for (auto [i, axis] : llvm::enumerate(*axes)) {
    std::optional<SliceRange> range = getSliceRange(
        input.getDimSize(axis), getStarts()[i], getEnds()[i], getSteps()[i]);
    if (!range)
      return emitOpError("expects nonzero 'steps', got 0 for axis ") << axis;
    shape[axis] = range->size;
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult FlattenOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType input = getInputType(*this, 0);
  int64_t rank = input.getRank();
  int64_t axis = getAxis();
  // Unlike most axes, flatten's may equal the rank.
  if (axis < -rank || axis > rank)
    return emitOpError("expects 'axis' in [")
           << -rank << ", " << rank << "], got " << axis;
  if (axis < 0)
    axis += rank;
  std::optional<int64_t> outer =
      getElementCount(input.getShape().take_front(axis));
  std::optional<int64_t> inner =
      getElementCount(input.getShape().drop_front(axis));
  if (!outer || !inner)
    return emitOpError("has an output dimension that overflows 64 bits");
  return addOutput(types, {*outer, *inner}, input.getElementType());
}

LogicalResult SqueezeOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType input = getInputType(*this, 0);
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxesAttr(*this, "axes", getAxes(), input.getRank());
  if (failed(axes))
    return failure();
  SmallVector<bool> squeezed = markAxes(*axes, input.getRank());
  Shape shape;
  for (auto [dim, size] : llvm::enumerate(input.getShape())) {
    if (!squeezed[dim]) {
      shape.push_back(size);
      continue;
    }
    if (size != 1)
      return emitOpError("cannot squeeze dimension ")
             << dim << " of size " << size;
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult UnsqueezeOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType input = getInputType(*this, 0);
  int64_t rank = input.getRank() + getAxes().size();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxesAttr(*this, "axes", getAxes(), rank);
  if (failed(axes))
    return failure();
  SmallVector<bool> inserted = markAxes(*axes, rank);
  Shape shape;
  ArrayRef<int64_t> rest = input.getShape();
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (inserted[dim]) {
      shape.push_back(1);
      continue;
    }
    shape.push_back(rest.front());
    rest = rest.drop_front();
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult PadOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  RankedTensorType input = getInputType(*this, 0);
  int64_t rank = input.getRank();
  ArrayRef<int64_t> pads = getPads();
  if (failed(checkAttrSize(*this, "pads", pads, 2 * rank)))
    return failure();
  Shape shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t size = input.getDimSize(dim);
    int64_t begin = pads[dim], end = pads[rank + dim];
    // Negative pads crop, each by at most the dimension.
    std::optional<int64_t> padded = llvm::checkedAdd(size, begin);
    if (padded)
      padded = llvm::checkedAdd(*padded, end);
    if (begin < -size || end < -size || !padded || *padded < 0)
      return emitOpError("cannot pad dimension ")
             << dim << " of size " << size << " by " << begin << " and " << end;
    // Reflect mirrors the cropped dimension without repeating its edge; edge
    // repeats the edge.
    int64_t cropped =
        size + std::min<int64_t>(begin, 0) + std::min<int64_t>(end, 0);
    int64_t limit = getMode() == PadMode::reflect ? cropped - 1
                    : getMode() == PadMode::edge ? (cropped > 0 ? INT64_MAX : 0)
                                                 : INT64_MAX;
    if (std::max(begin, end) > 0 && (begin > limit || end > limit))
      return emitOpError("cannot pad dimension ")
             << dim << " of size " << size << " by " << begin << " and " << end
             << " in mode '" << stringifyPadMode(getMode()) << "' (at most "
             << limit << ")";
    shape.push_back(*padded);
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult CastOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  Type to = getTo();
  if (!isModelElementType(to))
    return emitOpError("expects 'to' to be f32, f64, i32, i64, i1, i8, i16, "
                       "ui8, ui16, ui32, ui64, f16 or bf16, got ")
           << to;
  return addOutput(types, getInputType(*this, 0).getShape(), to);
}

/// The values of `constant`, the indices input #1 of `node`, each moved
/// into [0, n) for the size n of the dimension of the data (input #0) that
/// `dimOf(position)` says the index at `position` selects in.
static FailureOr<std::optional<SmallVector<int64_t>>>
readConstantIndices(NodeOpInterface node, ConstantOp constant,
                    function_ref<int64_t(int64_t)> dimOf) {
  RankedTensorType data = getInputType(node, 0);
  auto emitError = [&] { return emitInputError(node, 1); };
  FailureOr<SmallVector<int64_t>> indices = failure();
  if (constant.getType().getElementType().isSignlessInteger(32)) {
    FailureOr<std::vector<int32_t>> values =
        readConstantValues<int32_t>(constant, emitError);
    if (succeeded(values))
      indices = SmallVector<int64_t>(values->begin(), values->end());
  } else {
    FailureOr<std::vector<int64_t>> values =
        readConstantValues<int64_t>(constant, emitError);
    if (succeeded(values))
      indices = SmallVector<int64_t>(values->begin(), values->end());
  }
  if (failed(indices))
    return failure();
  for (auto [position, index] : llvm::enumerate(*indices)) {
    int64_t dim = dimOf(position);
    int64_t size = data.getDimSize(dim);
    std::optional<int64_t> normalized = normalizeAxis(index, size);
    if (!normalized)
      return emitInputError(node, 1)
             << "holds index " << index << ", out of range for dimension "
             << dim << " of size " << size;
    index = *normalized;
  }
  return std::optional<SmallVector<int64_t>>(std::move(*indices));
}

/// The indices input #1 of `node` holds for axis `axis` of its data (input
/// #0): when constant, each moved into [0, n) (see readGatherIndices).
static FailureOr<std::optional<SmallVector<int64_t>>>
readIndices(NodeOpInterface node, int64_t axis) {
  Value indicesValue = node->getOperand(1);
  RankedTensorType data = getInputType(node, 0);
  int64_t dim = *normalizeAxis(axis, data.getRank());
  int64_t size = data.getDimSize(dim);
  auto constant = indicesValue.getDefiningOp<ConstantOp>();
  if (!constant) {
    // No index of an empty axis is in range, and there is no element to
    // read instead of an out-of-range one.
    if (size == 0 && getInputType(node, 1).getNumElements() != 0)
      return emitInputError(node, 1)
             << "indexes dimension " << dim << " of size 0";
    return std::optional<SmallVector<int64_t>>();
  }
  return readConstantIndices(node, constant, [&](int64_t) { return dim; });
}

FailureOr<std::optional<SmallVector<int64_t>>>
mlir::sic::readGatherIndices(GatherOp op) {
  return readIndices(op, op.getAxis());
}

FailureOr<std::optional<SmallVector<int64_t>>>
mlir::sic::readGatherIndices(GatherElementsOp op) {
  return readIndices(op, op.getAxis());
}

FailureOr<std::optional<SmallVector<int64_t>>>
mlir::sic::readGatherIndices(ScatterElementsOp op) {
  return readIndices(op, op.getAxis());
}

/// The index tuples input #1 of `node` holds, each of k indices into the
/// k dimensions of its data (input #0) after the first `batch`: when
/// constant, each moved into [0, n).
static FailureOr<std::optional<SmallVector<int64_t>>>
readIndexTuples(NodeOpInterface node, int64_t batch) {
  RankedTensorType indices = getInputType(node, 1);
  int64_t depth = indices.getDimSize(indices.getRank() - 1);
  if (auto constant = node->getOperand(1).getDefiningOp<ConstantOp>())
    return readConstantIndices(node, constant, [&](int64_t position) {
      return batch + position % depth;
    });
  RankedTensorType data = getInputType(node, 0);
  for (int64_t dim = batch; dim < batch + depth; ++dim)
    if (data.getDimSize(dim) == 0 && indices.getNumElements() != 0)
      return emitInputError(node, 1)
             << "indexes dimension " << dim << " of size 0";
  return std::optional<SmallVector<int64_t>>();
}

FailureOr<std::optional<SmallVector<int64_t>>>
mlir::sic::readGatherIndices(ScatterNDOp op) {
  return readIndexTuples(op, 0);
}

FailureOr<std::optional<SmallVector<int64_t>>>
mlir::sic::readGatherIndices(GatherNDOp op) {
  return readIndexTuples(op, op.getBatchDims());
}

/// The checks gather and gather_elements share, before they read their
/// indices: data of rank >= 1, `axis` in range, integer indices.
static FailureOr<int64_t> checkGatherInputs(NodeOpInterface node,
                                            int64_t axis) {
  if (failed(checkMinRank(node, 0, 1)))
    return failure();
  FailureOr<int64_t> normalized =
      normalizeAxisAttr(node, "axis", axis, getInputType(node, 0).getRank());
  if (failed(normalized))
    return failure();
  Type indices = getInputType(node, 1).getElementType();
  if (!indices.isSignlessInteger(32) && !indices.isSignlessInteger(64))
    return emitInputError(node, 1)
           << "expects element type i32 or i64, got " << indices;
  return normalized;
}

LogicalResult GatherOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  FailureOr<int64_t> axis = checkGatherInputs(*this, getAxis());
  if (failed(axis) || failed(readGatherIndices(*this)))
    return failure();
  RankedTensorType data = getInputType(*this, 0);
  Shape shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, getInputType(*this, 1).getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  return addOutput(types, shape, data.getElementType());
}

/// The checks of gather_elements and scatter_elements: indices of the
/// data's rank, each dimension but `axis` at most the data's.
static LogicalResult checkElementIndices(NodeOpInterface node, int64_t axis) {
  RankedTensorType data = getInputType(node, 0);
  RankedTensorType indices = getInputType(node, 1);
  if (failed(checkRank(node, 1, data.getRank())))
    return failure();
  for (int64_t dim = 0; dim < data.getRank(); ++dim)
    if (dim != axis && indices.getDimSize(dim) > data.getDimSize(dim))
      return emitInputError(node, 1)
             << "has size " << indices.getDimSize(dim) << " in dimension "
             << dim << ", more than the data's " << data.getDimSize(dim);
  return success();
}

LogicalResult GatherElementsOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  FailureOr<int64_t> axis = checkGatherInputs(*this, getAxis());
  if (failed(axis) || failed(checkElementIndices(*this, *axis)) ||
      failed(readGatherIndices(*this)))
    return failure();
  return addOutput(types, getInputType(*this, 1).getShape(),
                   getInputType(*this, 0).getElementType());
}

/// The checks of both scatters on their updates (input #2): the shape
/// `shape` and the data's element type, which is a number unless
/// `reduction` is none.
static LogicalResult checkUpdates(NodeOpInterface node, ArrayRef<int64_t> shape,
                                  ScatterReduction reduction) {
  RankedTensorType data = getInputType(node, 0);
  RankedTensorType updates = getInputType(node, 2);
  if (reduction != ScatterReduction::none &&
      failed(checkElements(node, 0, Elements::Numeric)))
    return failure();
  auto expected = RankedTensorType::get(shape, data.getElementType());
  if (updates != expected)
    return emitInputError(node, 2)
           << "expects " << expected << ", got " << updates;
  return success();
}

LogicalResult
ScatterElementsOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  FailureOr<int64_t> axis = checkGatherInputs(*this, getAxis());
  if (failed(axis) || failed(checkElementIndices(*this, *axis)) ||
      failed(checkUpdates(*this, getInputType(*this, 1).getShape(),
                          getReduction())) ||
      failed(readGatherIndices(*this)))
    return failure();
  types.push_back(getInputType(*this, 0));
  return success();
}

/// The checks gather_nd and scatter_nd share: integer index tuples of 1 to
/// rank - `batch` indices, after `batch` dimensions that the data and the
/// indices share. The shape the tuples select: indices.shape[:-1] +
/// data.shape[batch + k:].
static FailureOr<Shape> checkIndexTuples(NodeOpInterface node, int64_t batch) {
  RankedTensorType data = getInputType(node, 0);
  RankedTensorType indices = getInputType(node, 1);
  if (failed(checkMinRank(node, 0, 1)) || failed(checkMinRank(node, 1, 1)))
    return failure();
  if (!indices.getElementType().isSignlessInteger(32) &&
      !indices.getElementType().isSignlessInteger(64))
    return emitInputError(node, 1) << "expects element type i32 or i64, got "
                                   << indices.getElementType();
  if (batch < 0 || batch >= std::min(data.getRank(), indices.getRank()))
    return node->emitOpError("expects 'batch_dims' in [0, ")
           << std::min(data.getRank(), indices.getRank()) << "), got " << batch;
  for (int64_t dim = 0; dim < batch; ++dim)
    if (data.getDimSize(dim) != indices.getDimSize(dim))
      return emitInputError(node, 1)
             << "has size " << indices.getDimSize(dim) << " in batch dimension "
             << dim << ", the data " << data.getDimSize(dim);
  int64_t depth = indices.getDimSize(indices.getRank() - 1);
  if (depth < 1 || depth > data.getRank() - batch)
    return emitInputError(node, 1)
           << "expects tuples of 1 to " << data.getRank() - batch
           << " indices (its last dimension), got " << depth;
  Shape shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(batch + depth));
  return shape;
}

LogicalResult ScatterNDOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  FailureOr<Shape> shape = checkIndexTuples(*this, 0);
  if (failed(shape) || failed(checkUpdates(*this, *shape, getReduction())) ||
      failed(readGatherIndices(*this)))
    return failure();
  types.push_back(getInputType(*this, 0));
  return success();
}

LogicalResult GatherNDOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  FailureOr<Shape> shape = checkIndexTuples(*this, getBatchDims());
  if (failed(shape) || failed(readGatherIndices(*this)))
    return failure();
  return addOutput(types, *shape, getInputType(*this, 0).getElementType());
}
