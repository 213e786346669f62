#include "drops.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace qd {
namespace {

TEST(Drops, EveryCodeIsUniqueAndSnakeCase) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < kDropKinds; ++i) {
    const std::string code = dropCode(static_cast<Drop>(i));
    EXPECT_FALSE(code.empty()) << i;
    EXPECT_EQ(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << code;
    EXPECT_TRUE(seen.insert(code).second) << code;
  }
  EXPECT_STREQ(dropCode(Drop::BadPrice), "bad_price");
  EXPECT_STREQ(dropCode(Drop::NotSubscribed), "not_subscribed");
}

TEST(Drops, CountsAddMergeAndListOnlyWhatHappened) {
  DropCounts a;
  a.add(Drop::Duplicate);
  a.add(Drop::Duplicate, 2);
  DropCounts b;
  b.add(Drop::Oversized);
  a.merge(b);
  EXPECT_EQ(a[Drop::Duplicate], 3);
  EXPECT_EQ(a.total(), 4);
  std::string listed;
  a.forEach([&](const char* code, int64_t n) { listed += std::string(code) + "=" + std::to_string(n) + ";"; });
  EXPECT_EQ(listed, "oversized=1;duplicate=3;");
}

}  // namespace
}  // namespace qd
