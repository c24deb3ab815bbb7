//===- DescriptorLayoutTest.cpp - The descriptor's LLVM types vs abi.h ----===//
//
// sic-compile emits the model descriptor as LLVM constants of
// DescriptorTypes; the runtime reads it through abi.h's C structs. Both must
// agree field by field on the host's data layout: a field added, removed or
// reordered on one side only fails here, not in a model at run time.
//
//===----------------------------------------------------------------------===//

#include "Descriptor.h"

#include "sic/abi.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <vector>

using namespace mlir::sic;

namespace {

/// The data layout sic-compile uses for the host.
llvm::DataLayout getHostDataLayout() {
  llvm::InitializeNativeTarget();
  std::string error, triple = llvm::sys::getProcessTriple();
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  EXPECT_NE(target, nullptr) << error;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, "", "", llvm::TargetOptions(), llvm::Reloc::PIC_));
  return machine->createDataLayout();
}

/// `type` has the C struct's size and alignment, and one field at each of
/// `offsets`, in order.
void expectLayout(const llvm::DataLayout &layout, llvm::StructType *type,
                  size_t size, size_t alignment,
                  const std::vector<size_t> &offsets) {
  const llvm::StructLayout *fields = layout.getStructLayout(type);
  EXPECT_EQ(fields->getSizeInBytes(), size);
  EXPECT_EQ(fields->getAlignment().value(), alignment);
  ASSERT_EQ(type->getNumElements(), offsets.size());
  for (size_t i = 0; i < offsets.size(); ++i)
    EXPECT_EQ(fields->getElementOffset(i), offsets[i]) << "field #" << i;
}

#define SIC_LAYOUT(T) sizeof(T), alignof(T)

TEST(DescriptorLayoutTest, MatchesAbiHeader) {
  llvm::LLVMContext context;
  DescriptorTypes types(context);
  llvm::DataLayout layout = getHostDataLayout();

  {
    SCOPED_TRACE("sic_tensor_desc_t");
    using T = sic_tensor_desc_t;
    expectLayout(layout, types.tensor, SIC_LAYOUT(T),
                 {offsetof(T, name), offsetof(T, dtype), offsetof(T, rank),
                  offsetof(T, dims), offsetof(T, byte_size),
                  offsetof(T, alignment)});
  }
  {
    SCOPED_TRACE("sic_op_desc_t");
    using T = sic_op_desc_t;
    expectLayout(layout, types.op, SIC_LAYOUT(T),
                 {offsetof(T, op), offsetof(T, node), offsetof(T, output)});
  }
  {
    SCOPED_TRACE("sic_guard_desc_t");
    using T = sic_guard_desc_t;
    expectLayout(layout, types.guard, SIC_LAYOUT(T),
                 {offsetof(T, offset), offsetof(T, size)});
  }
  {
    SCOPED_TRACE("sic_index_check_desc_t");
    using T = sic_index_check_desc_t;
    expectLayout(layout, types.indexCheck, SIC_LAYOUT(T),
                 {offsetof(T, op), offsetof(T, node), offsetof(T, dim),
                  offsetof(T, size)});
  }
  {
    SCOPED_TRACE("sic_env_t");
    using T = sic_env_t;
    expectLayout(layout, types.env, SIC_LAYOUT(T),
                 {offsetof(T, before_op), offsetof(T, after_op),
                  offsetof(T, index_fault), offsetof(T, parallel_for),
                  offsetof(T, runtime)});
  }
  {
    SCOPED_TRACE("sic_model_desc_t");
    using T = sic_model_desc_t;
    expectLayout(layout, types.model, SIC_LAYOUT(T),
                 {offsetof(T, abi_version), offsetof(T, check_policy),
                  offsetof(T, contract_hash), offsetof(T, model_name),
                  offsetof(T, num_inputs), offsetof(T, num_outputs),
                  offsetof(T, inputs), offsetof(T, outputs),
                  offsetof(T, arena_size), offsetof(T, arena_alignment),
                  offsetof(T, entry), offsetof(T, hooks), offsetof(T, num_ops),
                  offsetof(T, ops), offsetof(T, num_guards),
                  offsetof(T, guards), offsetof(T, num_index_checks),
                  offsetof(T, index_checks)});
  }
}

} // namespace
