//===- Descriptor.h - The entry function and descriptor in LLVM IR -*- C++ -*-===//

#ifndef SIC_LIB_TARGET_DESCRIPTOR_H
#define SIC_LIB_TARGET_DESCRIPTOR_H

#include "sic/Target/ModelSignature.h"

#include "llvm/IR/Module.h"

namespace mlir::sic {

/// The LLVM struct types of abi.h's descriptor structs, field by field; the
/// descriptor is emitted in them. DescriptorLayoutTest checks each against
/// the C layout.
struct DescriptorTypes {
  explicit DescriptorTypes(llvm::LLVMContext &context);
  llvm::StructType *tensor; ///< sic_tensor_desc_t
  llvm::StructType *op;     ///< sic_op_desc_t
  llvm::StructType *guard;  ///< sic_guard_desc_t
  llvm::StructType *indexCheck; ///< sic_index_check_desc_t
  llvm::StructType *env;    ///< sic_env_t
  llvm::StructType *model;  ///< sic_model_desc_t
};

/// Adds to `module` the entry function (sic_entry_fn_t) that calls the
/// planned model function, the bodies of the op hooks the model function
/// calls (through the sic_env_t the entry passes it), and the exported
/// descriptor (sic_model_desc_t) that points at the entry, with the op table
/// and the guards; everything else in the module becomes internal. Fails
/// when the planned function is missing or has a wrong signature.
LogicalResult addEntryAndDescriptor(llvm::Module &module,
                                    const ModelSignature &signature);

} // namespace mlir::sic

#endif // SIC_LIB_TARGET_DESCRIPTOR_H
