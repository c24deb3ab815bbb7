//===- OverlapTest.cpp - The sweep that finds overlapping buffers ---------===//
//
// The binding tests reach the sweep through whole calls; this compares it
// with checking every pair, over many random layouts.
//
//===----------------------------------------------------------------------===//

extern "C" {
#include "overlap.h"
}

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace {

/// Whether two spans share a byte: a span of no bytes (a tensor without
/// elements) shares none.
bool overlap(const sic_span_t &a, const sic_span_t &b) {
  return a.begin < b.end && b.begin < a.end && a.begin != a.end &&
         b.begin != b.end;
}

bool forbidden(const sic_span_t &a, const sic_span_t &b) {
  bool written = a.role != SIC_ROLE_INPUT || b.role != SIC_ROLE_INPUT;
  return written && overlap(a, b);
}

// Tests that the sweep finds a forbidden pair exactly when one exists, and
// that the pair it reports is forbidden; spans of no bytes included.
TEST(OverlapTest, AgreesWithEveryPair) {
  std::mt19937 generator(1234);
  for (int layout = 0; layout < 20000; ++layout) {
    std::vector<sic_span_t> spans;
    int count = 1 + int(generator() % 6);
    for (int i = 0; i < count; ++i) {
      uintptr_t begin = 1 + generator() % 64;
      sic_span_t span =
          sic_span_make(reinterpret_cast<void *>(begin), generator() % 17,
                        sic_role_t(generator() % 3), uint32_t(i));
      spans.push_back(span);
    }
    bool expected = false;
    for (int i = 0; i < count; ++i)
      for (int j = i + 1; j < count; ++j)
        expected = expected || forbidden(spans[i], spans[j]);
    const sic_span_t *other = nullptr;
    const sic_span_t *span =
        sic_span_find_overlap(spans.data(), spans.size(), &other);
    ASSERT_EQ(span != nullptr, expected) << "layout " << layout;
    if (span) {
      ASSERT_TRUE(forbidden(*span, *other)) << "layout " << layout;
    }
  }
}

// Tests that a span reaching past the end of the address space ends there.
TEST(OverlapTest, SpanClampsAtTheTop) {
  sic_span_t span = sic_span_make(reinterpret_cast<void *>(UINTPTR_MAX - 3), 16,
                                  SIC_ROLE_OUTPUT, 0);
  EXPECT_EQ(span.end, UINTPTR_MAX);
}

} // namespace
