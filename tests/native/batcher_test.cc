#include "batcher.h"

#include <gtest/gtest.h>

namespace qd {
namespace {

TEST(Batcher, FirstChangeAtOnceTheRestInTheNextSlot) {
  Batcher b(16);
  EXPECT_TRUE(b.due(100));
  b.sent(100);
  EXPECT_FALSE(b.due(105));
  EXPECT_EQ(b.nextDeadline(), 116);
  EXPECT_FALSE(b.due(110));  // the armed slot stays
  EXPECT_TRUE(b.due(116));
  b.sent(116);
  EXPECT_EQ(b.nextDeadline(), -1);
  EXPECT_TRUE(b.due(500));  // after a quiet period: at once again
}

TEST(Batcher, ALateTimerIsCaughtUpByTheNextEvent) {
  Batcher b(16);
  b.due(0);
  b.sent(0);
  EXPECT_FALSE(b.due(1));
  EXPECT_TRUE(b.due(40));  // the timer never ran; a message at 40 sends it
}

TEST(Batcher, ClearDropsTheSlot) {
  Batcher b(16);
  b.due(0);
  b.sent(0);
  b.due(1);
  b.clear();
  EXPECT_EQ(b.nextDeadline(), -1);
}

}  // namespace
}  // namespace qd
