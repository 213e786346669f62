#include "log_throttle.h"

#include <gtest/gtest.h>

namespace qd {
namespace {

std::vector<std::string> texts(const std::vector<Action>& out) {
  std::vector<std::string> t;
  for (const auto& a : out) t.push_back(a.text);
  return t;
}

TEST(LogThrottle, FirstOccurrencePrintsTheRestAreCounted) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, Reason::WsUnreachable, LogLevel::Warn, "WebSocket unreachable", out);
  t.report(1000, Reason::WsUnreachable, LogLevel::Warn, "WebSocket unreachable", out);
  t.report(2000, Reason::WsUnreachable, LogLevel::Warn, "WebSocket unreachable", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Action::Kind::Log);
  EXPECT_EQ(out[0].level, LogLevel::Warn);
  EXPECT_EQ(out[0].text, "price feed: ws_unreachable: WebSocket unreachable");
  EXPECT_EQ(t.suppressedTotal(), 2);
  EXPECT_EQ(t.nextDeadline(), 60000);
}

TEST(LogThrottle, OneSummaryPerWindowAndTheWindowDoubles) {
  LogThrottle t(60000);
  std::vector<Action> out;
  // One occurrence per second for 10 minutes.
  for (int64_t now = 0; now < 600000; now += 1000) {
    t.advance(now, out);
    t.report(now, Reason::PollFailed, LogLevel::Warn, "network error", out);
  }
  t.advance(600000, out);
  EXPECT_EQ(texts(out), (std::vector<std::string>{
                            "price feed: poll_failed: network error",
                            "price feed: poll_failed: network error (59 suppressed in 60 s)",
                            "price feed: poll_failed: network error (120 suppressed in 120 s)",
                            "price feed: poll_failed: network error (240 suppressed in 240 s)",
                        }));
  EXPECT_EQ(t.nextDeadline(), 900000);  // the 480 s window started at 420 s
}

TEST(LogThrottle, SummaryIsDueAtTheWindowEndWithoutANewOccurrence) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, Reason::WsClosed, LogLevel::Warn, "closed", out);
  t.report(5000, Reason::WsClosed, LogLevel::Warn, "closed", out);
  t.advance(59999, out);
  EXPECT_EQ(out.size(), 1u);
  t.advance(60000, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].text, "price feed: ws_closed: closed (1 suppressed in 60 s)");
  EXPECT_EQ(t.nextDeadline(), -1);  // nothing pending
}

TEST(LogThrottle, KindsAreIndependent) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  t.report(0, Reason::PollFailed, LogLevel::Warn, "b", out);
  t.report(1, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  EXPECT_EQ(texts(out), (std::vector<std::string>{"price feed: ws_unreachable: a",
                                                  "price feed: poll_failed: b"}));
}

TEST(LogThrottle, ResetFlushesThePendingSummaryAndForgets) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  t.report(10000, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  t.report(20000, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  t.resetAll(30000, out);
  t.report(40000, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  EXPECT_EQ(texts(out), (std::vector<std::string>{
                            "price feed: ws_unreachable: a",
                            "price feed: ws_unreachable: a (2 suppressed in 30 s)",
                            "price feed: ws_unreachable: a",  // a new outage prints again
                        }));
}

TEST(LogThrottle, ResetOfOneKindLeavesTheOthers) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  t.report(0, Reason::PollFailed, LogLevel::Warn, "b", out);
  t.reset(1000, Reason::PollFailed, out);
  t.report(2000, Reason::WsUnreachable, LogLevel::Warn, "a", out);
  t.report(2000, Reason::PollFailed, LogLevel::Warn, "b", out);
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].text, "price feed: poll_failed: b");
}

TEST(LogThrottle, PrintIsNeverThrottled) {
  std::vector<Action> out;
  for (int i = 0; i < 3; ++i) LogThrottle::print(LogLevel::Info, "state", out);
  EXPECT_EQ(out.size(), 3u);
}

TEST(LogThrottle, AQuietYearDoesNotLoop) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, Reason::WsClosed, LogLevel::Warn, "x", out);
  t.report(int64_t{365} * 24 * 3600 * 1000, Reason::WsClosed, LogLevel::Warn, "x", out);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_GT(t.nextDeadline(), int64_t{365} * 24 * 3600 * 1000);
}

}  // namespace
}  // namespace qd
