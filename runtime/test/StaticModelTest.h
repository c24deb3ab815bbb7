//===- StaticModelTest.h - A fixture over one statically linked model -----===//

#ifndef SIC_RUNTIME_TEST_STATICMODELTEST_H
#define SIC_RUNTIME_TEST_STATICMODELTEST_H

#include "sic/runtime.h"

#include <gtest/gtest.h>

/// Opens a copy of one of the hand-written test models (`desc`, which a test
/// may alter first) and closes it, and any context made on it, after the
/// test.
class StaticModelTest : public ::testing::Test {
protected:
  explicit StaticModelTest(const sic_model_desc_t &model) : desc(model) {}

  void TearDown() override {
    sic_context_destroy(context);
    sic_model_close(model);
  }

  /// Opens `desc` as the test left it.
  void openModel() {
    ASSERT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
              SIC_STATUS_OK)
        << error.message;
  }

  sic_model_desc_t desc;
  sic_model_t *model = nullptr;
  sic_context_t *context = nullptr;
  sic_error_t error;
};

#endif // SIC_RUNTIME_TEST_STATICMODELTEST_H
