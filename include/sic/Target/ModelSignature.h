//===- ModelSignature.h - What a compiled model's descriptor says -*- C++ -*-===//
//
// The signature of a planned model function: its inputs and outputs (names,
// dtypes, shapes, byte sizes) and its arena. The descriptor in model.so and
// the generated model.h are both written from it.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TARGET_MODELSIGNATURE_H
#define SIC_TARGET_MODELSIGNATURE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::sic {

/// One input or output of a compiled model.
struct TensorSignature {
  std::string name;
  uint32_t dtype; ///< a sic_dtype_t (runtime/include/sic/abi.h)
  SmallVector<int64_t> shape;
  uint64_t byteSize;
  uint64_t alignment;
};

/// One op of a model with hooks, as the runtime names it.
struct OpSignature {
  std::string op;   ///< the sic op, e.g. "sic.conv2d"
  std::string node; ///< the model's node name
  TensorSignature output;
};

/// A canary region of the arena (debug-checked models).
struct GuardSignature {
  uint64_t offset;
  uint64_t size;
};

/// Where the code reads an index from data (sic_index_check_desc_t).
struct IndexCheckSignature {
  std::string op;   ///< the sic op, e.g. "sic.gather"
  std::string node; ///< the model's node name
  int64_t dim;
  int64_t size;
};

/// The contract of a compiled model.
struct ModelSignature {
  std::string modelName;
  /// The name the descriptor is exported under: empty for
  /// SIC_DESCRIPTOR_SYMBOL, which a model.so must use; a .o may use its own
  /// (the header then declares it).
  std::string descriptorSymbol;
  /// The symbol of the planned function the entry calls.
  std::string functionName;
  SmallVector<TensorSignature> inputs, outputs;
  uint64_t arenaSize = 0;
  uint64_t arenaAlignment = 1;
  uint32_t checkPolicy = 0; ///< a sic_check_policy_t
  /// Whether the planned function takes the runtime's environment last.
  bool takesEnv = false;
  /// sic_hook_flags_t: the op hooks the code calls.
  uint32_t hooks = 0;
  /// The ops the hooks name, in the order they run.
  SmallVector<OpSignature> ops;
  SmallVector<GuardSignature> guards;
  /// What the index-fault hook's check numbers name.
  SmallVector<IndexCheckSignature> indexChecks;

  /// sic_contract_hash of the inputs and outputs.
  uint64_t getContractHash() const;
};

/// Reads the signature of the one model function in `module` that
/// sic-plan-memory has planned (a func.func or, once lowered, an llvm.func),
/// with the op table and policy sic-insert-op-hooks recorded on it. Emits an
/// error and fails when there is not exactly one, or when a tensor cannot be
/// described.
FailureOr<ModelSignature> getModelSignature(ModuleOp module);

} // namespace mlir::sic

#endif // SIC_TARGET_MODELSIGNATURE_H
