#include "status_event.h"

#include <gtest/gtest.h>

namespace qd {
namespace {

TEST(StatusEvent, StateNamesAreTheContractNames) {
  EXPECT_STREQ(toString(State::Connecting), "connecting");
  EXPECT_STREQ(toString(State::Connected), "connected");
  EXPECT_STREQ(toString(State::Polling), "polling");
  EXPECT_STREQ(toString(State::Disconnected), "disconnected");
  EXPECT_STREQ(toString(State::Error), "error");
}

TEST(StatusEvent, SourceNamesAreTheContractNames) {
  EXPECT_STREQ(toString(Source::Ws), "ws");
  EXPECT_STREQ(toString(Source::Poll), "poll");
  EXPECT_STREQ(toString(Source::None), "none");
}

TEST(StatusEvent, DefaultsMeanNothingScheduled) {
  StatusEvent e;
  EXPECT_EQ(e.nextRetryInMs, -1);
  EXPECT_EQ(e.attempt, 0);
  EXPECT_EQ(e.state, State::Connecting);
}

}  // namespace
}  // namespace qd
