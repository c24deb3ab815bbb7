//===- NodeAttributes.cpp - Model attributes as sic attributes ------------===//
//
// Attribute names mean the same in every sic op (`axis` is always an i64,
// `pads` always a list), so one table maps each name to its kind.
//
//===----------------------------------------------------------------------===//

#include "NodeAttributes.h"

#include "dialects/Sic/IR/SicOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {
enum class Kind {
  Bool,
  F32,
  I64,
  I64List,
  F32List,
  PadMode,
  GeluApproximation,
  ScatterReduction,
  RecurrentCell,
  RecurrenceDirection,
  ActivationList,
  Type
};

std::optional<Kind> getKind(StringRef name) {
  return llvm::StringSwitch<std::optional<Kind>>(name)
      .Cases("trans_a", "trans_b", "ceil_mode", "count_include_pad", "keepdims",
             "select_last_index", "largest", "log", Kind::Bool)
      .Cases("input_forget", "linear_before_reset", "cell_states", Kind::Bool)
      .Cases("alpha", "beta", "epsilon", "min", "max", "value", "clip",
             Kind::F32)
      .Cases("axis", "group", "batch_dims", "k", Kind::I64)
      .Cases("strides", "pads", "dilations", "kernel_shape", "axes", "perm",
             Kind::I64List)
      .Cases("shape", "starts", "ends", "steps", Kind::I64List)
      .Case("mode", Kind::PadMode)
      .Case("approximate", Kind::GeluApproximation)
      .Case("reduction", Kind::ScatterReduction)
      .Case("cell", Kind::RecurrentCell)
      .Case("direction", Kind::RecurrenceDirection)
      .Case("activations", Kind::ActivationList)
      .Cases("activation_alpha", "activation_beta", Kind::F32List)
      .Case("to", Kind::Type)
      .Default(std::nullopt);
}

const char *describeValue(const AttributeDescription::Value &value) {
  switch (value.index()) {
  case 0:
    return "an integer";
  case 1:
    return "a float";
  case 2:
    return "an integer list";
  case 3:
    return "a string";
  case 4:
    return "a float list";
  default:
    return "a string list";
  }
}

/// The attribute a string spells for a string-valued kind, or null and the
/// spellings that kind accepts.
std::pair<Attribute, const char *> convertText(MLIRContext *context, Kind kind,
                                               StringRef text) {
  Builder builder(context);
  switch (kind) {
  case Kind::PadMode:
    if (std::optional<PadMode> mode = symbolizePadMode(text))
      return {PadModeAttr::get(context, *mode), nullptr};
    return {nullptr, "'constant', 'reflect' or 'edge'"};
  case Kind::GeluApproximation:
    if (auto approximation = symbolizeGeluApproximation(text))
      return {GeluApproximationAttr::get(context, *approximation), nullptr};
    return {nullptr, "'none' or 'tanh'"};
  case Kind::ScatterReduction:
    if (auto reduction = symbolizeScatterReduction(text))
      return {ScatterReductionAttr::get(context, *reduction), nullptr};
    return {nullptr, "'none', 'add', 'mul', 'max' or 'min'"};
  case Kind::RecurrentCell:
    if (auto cell = symbolizeRecurrentCell(text))
      return {RecurrentCellAttr::get(context, *cell), nullptr};
    return {nullptr, "'lstm', 'gru' or 'rnn'"};
  case Kind::RecurrenceDirection:
    if (auto direction = symbolizeRecurrenceDirection(text))
      return {RecurrenceDirectionAttr::get(context, *direction), nullptr};
    return {nullptr, "'forward', 'reverse' or 'bidirectional'"};
  case Kind::ActivationList:
    if (auto activation = symbolizeActivation(text))
      return {ActivationAttr::get(context, *activation), nullptr};
    return {nullptr, "'relu', 'tanh', 'sigmoid', 'affine', 'leaky_relu', "
                     "'thresholded_relu', 'scaled_tanh', 'hard_sigmoid', "
                     "'elu', 'softsign' or 'softplus'"};
  default: {
    auto unsignedType = [&](unsigned width) {
      return builder.getIntegerType(width, /*isSigned=*/false);
    };
    Type type = llvm::StringSwitch<Type>(text)
                    .Case("f32", builder.getF32Type())
                    .Case("f64", builder.getF64Type())
                    .Case("i32", builder.getI32Type())
                    .Case("i64", builder.getI64Type())
                    .Case("i1", builder.getI1Type())
                    .Case("i8", builder.getI8Type())
                    .Case("i16", builder.getI16Type())
                    .Case("ui8", unsignedType(8))
                    .Case("ui16", unsignedType(16))
                    .Case("ui32", unsignedType(32))
                    .Case("ui64", unsignedType(64))
                    .Case("f16", builder.getF16Type())
                    .Case("bf16", builder.getBF16Type())
                    .Default(Type());
    if (type)
      return {TypeAttr::get(type), nullptr};
    return {nullptr, "'f32', 'f64', 'i32', 'i64', 'i1', 'i8', 'i16', 'ui8', "
                     "'ui16', 'ui32', 'ui64', 'f16' or 'bf16'"};
  }
  }
}

template <typename T>
const T *expect(const AttributeDescription::Value &value, const char *what,
                std::string &error) {
  if (const T *typed = std::get_if<T>(&value))
    return typed;
  error = std::string("expects ") + what + ", got " + describeValue(value);
  return nullptr;
}
/// Whether a list of `size` values is within `maxListSize`; says why not in
/// `error`.
bool fitsLimit(size_t size, uint64_t maxListSize, std::string &error) {
  if (size <= maxListSize)
    return true;
  error = "has " + std::to_string(size) + " values, more than the limit of " +
          std::to_string(maxListSize);
  return false;
}
} // namespace

FailureOr<Attribute>
mlir::sic::convertNodeAttribute(MLIRContext *context, StringRef name,
                                const AttributeDescription::Value &value,
                                uint64_t maxListSize, std::string &error) {
  Builder builder(context);
  std::optional<Kind> kind = getKind(name);
  if (!kind) {
    error = "is not a sic attribute";
    return failure();
  }
  switch (*kind) {
  case Kind::Bool: {
    const int64_t *flag = expect<int64_t>(value, "an integer 0 or 1", error);
    if (!flag)
      return failure();
    if (*flag != 0 && *flag != 1) {
      error = "expects 0 or 1, got " + std::to_string(*flag);
      return failure();
    }
    return Attribute(builder.getBoolAttr(*flag));
  }
  case Kind::F32: {
    const float *number = expect<float>(value, "a float", error);
    if (!number)
      return failure();
    return Attribute(builder.getF32FloatAttr(*number));
  }
  case Kind::I64: {
    const int64_t *number = expect<int64_t>(value, "an integer", error);
    if (!number)
      return failure();
    return Attribute(builder.getI64IntegerAttr(*number));
  }
  case Kind::I64List: {
    const auto *list =
        expect<SmallVector<int64_t, 4>>(value, "an integer list", error);
    if (!list || !fitsLimit(list->size(), maxListSize, error))
      return failure();
    return Attribute(builder.getDenseI64ArrayAttr(*list));
  }
  case Kind::F32List: {
    const auto *list =
        expect<SmallVector<float, 4>>(value, "a float list", error);
    if (!list || !fitsLimit(list->size(), maxListSize, error))
      return failure();
    return Attribute(builder.getDenseF32ArrayAttr(*list));
  }
  case Kind::ActivationList: {
    const auto *list =
        expect<SmallVector<std::string, 4>>(value, "a string list", error);
    if (!list || !fitsLimit(list->size(), maxListSize, error))
      return failure();
    SmallVector<Attribute> activations;
    for (const std::string &text : *list) {
      auto [attribute, expected] = convertText(context, *kind, text);
      if (!attribute) {
        error = std::string("expects ") + expected + ", got '" + text + "'";
        return failure();
      }
      activations.push_back(attribute);
    }
    return Attribute(builder.getArrayAttr(activations));
  }
  case Kind::PadMode:
  case Kind::GeluApproximation:
  case Kind::ScatterReduction:
  case Kind::RecurrentCell:
  case Kind::RecurrenceDirection:
  case Kind::Type: {
    const std::string *text = expect<std::string>(value, "a string", error);
    if (!text)
      return failure();
    auto [attribute, expected] = convertText(context, *kind, *text);
    if (attribute)
      return attribute;
    error = std::string("expects ") + expected + ", got '" + *text + "'";
    return failure();
  }
  }
  llvm_unreachable("unhandled attribute kind");
}
