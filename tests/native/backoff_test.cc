#include "backoff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fake_platform.h"

namespace qd {
namespace {

using test::FixedRandom;

BackoffOptions exact() {
  BackoffOptions o;
  o.jitter = 0;
  return o;
}

TEST(Backoff, NominalScheduleWithJitterZero) {
  FixedRandom r(0.5);
  Backoff b(exact(), r);
  EXPECT_EQ(b.nextDelayMs(), 1000);
  EXPECT_EQ(b.nextDelayMs(), 2000);
  EXPECT_EQ(b.nextDelayMs(), 4000);
  EXPECT_EQ(b.nextDelayMs(), 8000);
  EXPECT_EQ(b.nextDelayMs(), 15000);
  EXPECT_EQ(b.nextDelayMs(), 15000);
  EXPECT_EQ(b.nextDelayMs(), 15000);
}

TEST(Backoff, ResetStartsOver) {
  FixedRandom r(0);
  Backoff b(exact(), r);
  EXPECT_EQ(b.nextDelayMs(), 1000);
  EXPECT_EQ(b.nextDelayMs(), 2000);
  b.reset();
  EXPECT_EQ(b.nextDelayMs(), 1000);
  EXPECT_EQ(b.nextDelayMs(), 2000);
}

TEST(Backoff, JitterFactorEndsAreExact) {
  // r = 0 -> factor 1; r -> 1 -> factor 0.8 (the low end of [0.8, 1]).
  FixedRandom top(0);
  Backoff a(BackoffOptions{}, top);
  EXPECT_EQ(a.nextDelayMs(), 1000);
  FixedRandom bottom(0.9999999999);
  Backoff b(BackoffOptions{}, bottom);
  EXPECT_EQ(b.nextDelayMs(), 800);
  EXPECT_EQ(b.nextDelayMs(), 1600);
  EXPECT_EQ(b.nextDelayMs(), 3200);
  EXPECT_EQ(b.nextDelayMs(), 6400);
  EXPECT_EQ(b.nextDelayMs(), 12000);  // jitter applies at the cap too
  EXPECT_EQ(b.nextDelayMs(), 12000);
  FixedRandom half(0.5);
  Backoff c(BackoffOptions{}, half);
  EXPECT_EQ(c.nextDelayMs(), 900);
}

TEST(Backoff, SeededJitterStaysInBoundsAndSpreads) {
  SeededRandom r(42);
  Backoff b(BackoffOptions{}, r);
  for (int i = 0; i < 4; ++i) b.nextDelayMs();  // now at the 15 s cap
  std::set<int64_t> seen;
  int64_t lo = INT64_MAX, hi = 0;
  for (int i = 0; i < 10000; ++i) {
    const int64_t d = b.nextDelayMs();
    ASSERT_GE(d, 12000);  // 0.8 x cap
    ASSERT_LE(d, 15000);  // never above the cap
    lo = std::min(lo, d);
    hi = std::max(hi, d);
    seen.insert(d);
  }
  // Jitter really spreads: missing jitter would give one value, 15000.
  EXPECT_LT(lo, 12100);
  EXPECT_GT(hi, 14900);
  EXPECT_GT(seen.size(), 2000u);
}

TEST(Backoff, SeededJitterAtEachStepBeforeTheCap) {
  SeededRandom r(7);
  const int64_t nominal[] = {1000, 2000, 4000, 8000, 15000};
  for (int trial = 0; trial < 1000; ++trial) {
    Backoff b(BackoffOptions{}, r);
    for (int64_t n : nominal) {
      const int64_t d = b.nextDelayMs();
      ASSERT_GE(d, n * 8 / 10);
      ASSERT_LE(d, n);
    }
  }
}

TEST(Backoff, TenMillionAttemptsDoNotOverflow) {
  SeededRandom r(1);
  Backoff b(BackoffOptions{}, r);
  int64_t d = 0;
  for (int i = 0; i < 10000000; ++i) {
    d = b.nextDelayMs();
    if (d < 12000 && i >= 4) FAIL() << "attempt " << i << " gave " << d;
  }
  EXPECT_LE(d, 15000);
  // Without jitter the delay after ten million attempts is still the cap.
  FixedRandom zero(0);
  Backoff exactly(exact(), zero);
  for (int i = 0; i < 10000000; ++i) exactly.nextDelayMs();
  EXPECT_EQ(exactly.nextDelayMs(), 15000);
}

TEST(Backoff, HugeMultiplierStaysAtTheCap) {
  BackoffOptions o = exact();
  o.multiplier = 1e300;
  FixedRandom r(0);
  Backoff b(o, r);
  EXPECT_EQ(b.nextDelayMs(), 1000);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(b.nextDelayMs(), 15000);
}

TEST(Backoff, AtLeastCapForTryAgainLater) {
  FixedRandom zero(0);
  Backoff a(exact(), zero);
  EXPECT_EQ(a.atLeastCapMs(), 15000);
  EXPECT_EQ(a.nextDelayMs(), 2000);  // the schedule stepped once
  FixedRandom low(0.9999999999);
  Backoff b(BackoffOptions{}, low);
  EXPECT_EQ(b.atLeastCapMs(), 18000);  // cap + (cap - 0.8 x cap): spread above
}

TEST(Backoff, BadOptionsAreSanitised) {
  BackoffOptions o;
  o.initialMs = -5;
  o.maxMs = -10;
  o.multiplier = 0.5;
  o.jitter = 7;
  // initial 1 ms, cap 1 ms, multiplier 1, jitter 1 (factor in (0, 1]).
  FixedRandom top(0);
  Backoff a(o, top);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.nextDelayMs(), 1);
  FixedRandom bottom(0.9999999999);
  Backoff b(o, bottom);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.nextDelayMs(), 0);  // never negative
}

}  // namespace
}  // namespace qd
