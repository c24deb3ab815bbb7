//===- CompiledModel.h - A model.so opened through the runtime --*- C++ -*-===//
//
// sic-run's hold on a compiled model: the runtime's model and one context,
// every call checked, a failure reported as the runtime's status name and
// message. Replicas share the model, each with a context of its own.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_COMPILEDMODEL_H
#define SIC_RUN_COMPILEDMODEL_H

#include "sic/Run/NdArray.h"
#include "sic/runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace mlir::sic {

/// An open model.so and a context that runs it.
class CompiledModel {
public:
  /// Opens the model.so at `path` (a path without '/' names a file in the
  /// current directory, not a library to search for) and creates a context
  /// of `threads` threads (sic_context_options_t.threads).
  static llvm::Expected<CompiledModel> open(llvm::StringRef path,
                                            unsigned threads = 1);

  CompiledModel(CompiledModel &&) = default;
  CompiledModel &operator=(CompiledModel &&) = default;

  llvm::StringRef getName() const { return sic_model_name(model.get()); }
  uint64_t getContractHash() const {
    return sic_model_contract_hash(model.get());
  }
  /// The bytes of scratch memory a context allocates.
  uint64_t getArenaSize() const { return sic_model_arena_size(model.get()); }
  /// The model's inputs and outputs in signature order.
  llvm::ArrayRef<const sic_tensor_desc_t *> getInputs() const { return inputs; }
  llvm::ArrayRef<const sic_tensor_desc_t *> getOutputs() const {
    return outputs;
  }

  /// Fails unless `other` (the model at `otherPath`) has inputs and outputs
  /// of the same names, dtypes and shapes, in the same order, as this one.
  llvm::Error checkSameSignature(const CompiledModel &other,
                                 llvm::StringRef otherPath) const;

  /// Binds `inputs` and `outputs`, in signature order, to the runs that
  /// follow; they must outlive those runs.
  void bind(llvm::MutableArrayRef<NdArray> inputs,
            llvm::MutableArrayRef<NdArray> outputs);

  /// Runs the model once on the bound tensors: the runtime checks the
  /// binding, then the model writes the outputs.
  llvm::Error run();

  /// The ops of a model compiled with hooks, in the order they run; none
  /// for a release model.
  llvm::SmallVector<const sic_op_desc_t *> getOps() const;

  /// Calls `callback` with `user` around every op of this context's runs
  /// (NULL: none); fails unless the model was compiled with --instrument.
  llvm::Error setOpCallback(sic_op_callback_t callback, void *user);

  /// Another hold on the same open model for another thread: a context of
  /// its own, bound to copies of the bound inputs and to outputs of its own,
  /// so that it runs at the same time as this one and shares nothing written.
  llvm::Expected<CompiledModel> replicate() const;

private:
  struct CloseModel {
    void operator()(sic_model_t *model) const { sic_model_close(model); }
  };
  struct DestroyContext {
    void operator()(sic_context_t *context) const {
      sic_context_destroy(context);
    }
  };

  CompiledModel() = default;

  /// Creates a context of `threads` threads on `model`.
  static llvm::Expected<CompiledModel>
  createContext(std::shared_ptr<sic_model_t> model, unsigned threads);

  // Destroyed in reverse order: the context before its model, which the
  // last replica closes.
  std::shared_ptr<sic_model_t> model;
  std::unique_ptr<sic_context_t, DestroyContext> context;
  unsigned threads = 1; ///< the context's

  llvm::SmallVector<const sic_tensor_desc_t *> inputs, outputs;
  /// The arrays a replica owns, which the bound tensors view (data and
  /// dims): a std::vector, whose elements stay in place when it moves.
  std::vector<NdArray> ownedArrays;
  llvm::SmallVector<sic_tensor_t> boundInputs, boundOutputs;
};

/// "input 'x' (#0)" or "output 'y' (#1)", as the runtime names tensors.
std::string describeTensor(llvm::StringRef kind, const sic_tensor_desc_t &desc,
                           unsigned index);

/// The dims of `desc`.
llvm::ArrayRef<int64_t> getShape(const sic_tensor_desc_t &desc);

} // namespace mlir::sic

#endif // SIC_RUN_COMPILEDMODEL_H
