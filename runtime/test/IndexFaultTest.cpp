//===- IndexFaultTest.cpp - Indices read from data, out of range ----------===//
//
// Runs the gather test model, whose code reports an index out of range
// through sic_env_t.index_fault as compiled code does.
//
//===----------------------------------------------------------------------===//

#include "StaticModelTest.h"
#include "test_models.h"

namespace {

class IndexFaultTest : public StaticModelTest {
protected:
  IndexFaultTest() : StaticModelTest(sic_test_gather) {}

  void createContext() {
    openModel();
    ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK)
        << error.message;
  }

  sic_status_t run() {
    sic_tensor_t input = {indices, SIC_DTYPE_I64, 1, dims, 16};
    sic_tensor_t output = {rows, SIC_DTYPE_F32, 1, dims, 8};
    return sic_context_run(context, &input, 1, &output, 1);
  }

  static constexpr int64_t dims[1] = {2};
  alignas(8) int64_t indices[2] = {2, -3};
  alignas(8) float rows[2] = {};
};

// Tests that indices in range, negative ones counting from the end, run.
TEST_F(IndexFaultTest, IndicesInRangeRun) {
  createContext();
  EXPECT_EQ(run(), SIC_STATUS_OK);
  EXPECT_STREQ(sic_context_last_error(context), "");
  EXPECT_EQ(rows[0], 30.0f);
  EXPECT_EQ(rows[1], 10.0f);
}

// Tests that an index out of range fails the call naming the node, the op,
// the index and the range; the first of two is the one reported, and the
// next run starts clean.
TEST_F(IndexFaultTest, FirstIndexOutOfRangeReported) {
  createContext();
  indices[0] = 3;
  indices[1] = -4;
  EXPECT_EQ(run(), SIC_STATUS_INDEX_OUT_OF_RANGE);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'gather': node 'lookup' (sic.gather) read index 3 from "
               "data: expected one in [-3, 3) for dimension 0 of its input");
  // The code read element 0 in place of each bad index.
  EXPECT_EQ(rows[0], 10.0f);
  EXPECT_EQ(rows[1], 10.0f);
  indices[0] = 1;
  EXPECT_EQ(run(), SIC_STATUS_INDEX_OUT_OF_RANGE);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'gather': node 'lookup' (sic.gather) read index -4 from "
               "data: expected one in [-3, 3) for dimension 0 of its input");
  indices[1] = -1;
  EXPECT_EQ(run(), SIC_STATUS_OK);
  EXPECT_EQ(rows[0], 20.0f);
  EXPECT_EQ(rows[1], 30.0f);
}

// Tests that a fault naming a check the descriptor lacks fails the call as
// a broken entry, without reading past the table.
TEST_F(IndexFaultTest, UnknownCheckIsEntryFailure) {
  desc.num_index_checks = 0;
  desc.index_checks = nullptr;
  createContext();
  indices[0] = 7;
  EXPECT_EQ(run(), SIC_STATUS_ENTRY_FAILED);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'gather': index fault: expected a check below 0, got 0");
}

// Tests that the index check table is checked when the model opens.
TEST_F(IndexFaultTest, BadTableRefusedAtOpen) {
  desc.index_checks = nullptr;
  EXPECT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
            SIC_STATUS_DESC_NULL_FIELD);
  EXPECT_STREQ(error.message, "model 'gather': index checks: expected 1 "
                              "descriptors, got NULL");
  sic_index_check_desc_t empty = {"sic.gather", "lookup", 0, 0};
  desc.index_checks = &empty;
  EXPECT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
            SIC_STATUS_DESC_INDEX_CHECK);
  EXPECT_STREQ(error.message,
               "model 'gather': index check #0 ('lookup'): expected dim >= 0 "
               "and size >= 1, got dim 0 and size 0");
  sic_index_check_desc_t unnamed = {"sic.gather", nullptr, 0, 3};
  desc.index_checks = &unnamed;
  EXPECT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
            SIC_STATUS_DESC_NULL_FIELD);
  EXPECT_STREQ(error.message, "model 'gather': index check #0: expected an "
                              "op and a node name, got NULL");
}

} // namespace
