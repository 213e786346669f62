#include "log_throttle.h"

#include <gtest/gtest.h>

namespace qd {
namespace {

using Lines = std::vector<std::string>;
constexpr LogFamily kSocket = LogFamily::Socket;
constexpr LogFamily kPoll = LogFamily::Poll;

Lines texts(const std::vector<Action>& out) {
  Lines t;
  for (const auto& a : out) t.push_back(a.text);
  return t;
}

TEST(LogThrottle, FirstLineOfAFamilyPrintsTheRestAreCounted) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, kSocket, LogLevel::Warn, "ws_unreachable: WebSocket unreachable", out);
  t.report(1000, kSocket, LogLevel::Warn, "ws_unreachable: WebSocket unreachable", out);
  t.report(2000, kSocket, LogLevel::Warn, "ws_closed: WebSocket closed", out);
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
  // One line per second for 10 minutes.
  for (int64_t now = 0; now < 600000; now += 1000) {
    t.advance(now, out);
    t.report(now, kPoll, LogLevel::Warn, "poll_failed: network error", out);
  }
  t.advance(600000, out);
  EXPECT_EQ(texts(out), (Lines{
                            "price feed: poll_failed: network error",
                            "price feed: poll: 59 more suppressed in 60 s; latest: poll_failed: network error",
                            "price feed: poll: 120 more suppressed in 120 s; latest: poll_failed: network error",
                            "price feed: poll: 240 more suppressed in 240 s; latest: poll_failed: network error",
                        }));
  EXPECT_EQ(t.nextDeadline(), 900000);  // the 480 s window started at 420 s
}

TEST(LogThrottle, SummaryIsDueAtTheWindowEndWithoutANewLine) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, kSocket, LogLevel::Warn, "ws_closed: closed", out);
  t.report(5000, kSocket, LogLevel::Warn, "ws_closed: closed again", out);
  t.advance(59999, out);
  EXPECT_EQ(out.size(), 1u);
  t.advance(60000, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].text, "price feed: websocket: 1 more suppressed in 60 s; latest: ws_closed: closed again");
  EXPECT_EQ(t.nextDeadline(), -1);  // nothing pending
}

TEST(LogThrottle, TheSummaryTakesTheGravestLevelItStandsFor) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, LogFamily::State, LogLevel::Info, "a", out);
  t.report(1, LogFamily::State, LogLevel::Error, "b", out);
  t.report(2, LogFamily::State, LogLevel::Info, "c", out);
  t.advance(60000, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].level, LogLevel::Error);
  EXPECT_EQ(out[1].text, "price feed: state: 2 more suppressed in 60 s; latest: c");
}

TEST(LogThrottle, FamiliesAreIndependent) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, kSocket, LogLevel::Warn, "a", out);
  t.report(0, kPoll, LogLevel::Warn, "b", out);
  t.report(1, kSocket, LogLevel::Warn, "a", out);
  EXPECT_EQ(texts(out), (Lines{"price feed: a", "price feed: b"}));
}

TEST(LogThrottle, ResetFlushesThePendingSummaryAndForgets) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, kSocket, LogLevel::Warn, "a", out);
  t.report(10000, kSocket, LogLevel::Warn, "a", out);
  t.report(20000, kSocket, LogLevel::Warn, "a", out);
  t.resetAll(30000, out);
  t.report(40000, kSocket, LogLevel::Warn, "a", out);
  EXPECT_EQ(texts(out), (Lines{
                            "price feed: a",
                            "price feed: websocket: 2 more suppressed in 30 s; latest: a",
                            "price feed: a",  // a new outage prints again
                        }));
}

TEST(LogThrottle, ResetOfOneFamilyLeavesTheOthers) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, kSocket, LogLevel::Warn, "a", out);
  t.report(0, kPoll, LogLevel::Warn, "b", out);
  t.reset(1000, kPoll, out);
  t.report(2000, kSocket, LogLevel::Warn, "a", out);
  t.report(2000, kPoll, LogLevel::Warn, "b", out);
  EXPECT_EQ(texts(out), (Lines{"price feed: a", "price feed: b", "price feed: b"}));
}

TEST(LogThrottle, AQuietYearDoesNotLoop) {
  LogThrottle t(60000);
  std::vector<Action> out;
  t.report(0, kSocket, LogLevel::Warn, "x", out);
  t.report(int64_t{365} * 24 * 3600 * 1000, kSocket, LogLevel::Warn, "x", out);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_GT(t.nextDeadline(), int64_t{365} * 24 * 3600 * 1000);
}

}  // namespace
}  // namespace qd
