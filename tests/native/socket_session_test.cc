#include "socket_session.h"

#include <gtest/gtest.h>

#include "fake_platform.h"

namespace qd {
namespace {

using test::FixedRandom;
using Timer = SocketSession::Timer;

FeedOptions sessionOptions() {
  FeedOptions o;
  o.backoff.jitter = 0;
  o.wsUrl = "ws://test/ws";
  return o;
}

struct Session {
  explicit Session(double random = 0) : random(random) {}
  FeedOptions opt = sessionOptions();
  FixedRandom random;
  std::vector<Action> out;
  SocketSession s{opt, random, out};

  /// Opens, delivers (the snapshot) at `at` and beats once at `beat`.
  void live(int64_t at, int64_t beat) {
    s.open(at);
    s.opened(at);
    s.message(at);
    s.delivered(at);
    s.message(beat);
  }
};

TEST(SocketSession, OpensOneSocketAtATimeWithIncreasingIds) {
  Session t;
  EXPECT_TRUE(t.s.open(0));
  EXPECT_FALSE(t.s.open(0));  // one in flight
  ASSERT_EQ(t.out.size(), 1u);
  EXPECT_EQ(t.out[0].kind, Action::Kind::OpenSocket);
  EXPECT_EQ(t.out[0].id, 1);
  EXPECT_EQ(t.out[0].url, "ws://test/ws");
  EXPECT_TRUE(t.s.owns(1));
  EXPECT_FALSE(t.s.owns(2));
  EXPECT_EQ(t.s.attempt(), 1);
  EXPECT_EQ(t.s.nextRetryInMs(0), 0);
}

TEST(SocketSession, DeadlinesOfAnAttempt) {
  Session t;
  t.s.open(0);
  EXPECT_EQ(t.s.nextDeadline(), 10000);  // handshake
  EXPECT_EQ(t.s.due(10000), Timer::ConnectTimeout);
  t.s.opened(2000);
  EXPECT_EQ(t.s.nextDeadline(), 7000);  // snapshot: 5 s after open
  EXPECT_EQ(t.s.due(7000), Timer::SnapshotTimeout);
  t.s.message(3000);
  t.s.delivered(3000);
  EXPECT_EQ(t.s.nextDeadline(), 15000);  // heartbeat: 12 s after the last message
  EXPECT_EQ(t.s.due(14999), Timer::None);
  EXPECT_EQ(t.s.due(15000), Timer::HeartbeatTimeout);
}

TEST(SocketSession, HealthyNeedsTenSecondsAndAMessageAfterTheSnapshot) {
  Session t;
  t.s.open(0);
  t.s.opened(0);
  t.s.message(0);
  t.s.delivered(0);
  EXPECT_EQ(t.s.nextDeadline(), 12000);  // no healthy timer without a later message
  EXPECT_FALSE(t.s.message(5000));       // a message after the snapshot...
  EXPECT_FALSE(t.s.healthy());
  EXPECT_EQ(t.s.nextDeadline(), 10000);  // ...arms it
  EXPECT_TRUE(t.s.message(10000));       // 10 s since the snapshot: healthy
  EXPECT_TRUE(t.s.healthy());
  EXPECT_FALSE(t.s.message(10001));      // once

  Session u;
  u.live(0, 4000);
  EXPECT_EQ(u.s.nextDeadline(), 10000);
  EXPECT_EQ(u.s.due(10000), Timer::Healthy);
  u.s.markHealthy();
  EXPECT_EQ(u.s.attempt(), 0);
}

TEST(SocketSession, RetryDelayAfterEachKindOfEnd) {
  // Not healthy: the backoff (1, 2 s).
  Session t;
  t.s.open(0);
  t.s.fail(0, Reason::WsUnreachable, 0);
  EXPECT_EQ(t.s.nextRetryInMs(0), 1000);
  EXPECT_EQ(t.s.due(1000), Timer::Retry);
  t.s.retryDue(1000);
  t.s.fail(1000, Reason::WsUnreachable, 0);
  EXPECT_EQ(t.s.nextRetryInMs(1000), 2000);
  EXPECT_EQ(t.s.failedAttempts(), 2);

  // Healthy: a uniform share of 1.5 s (random 0.6 -> 900 ms).
  Session h(0.6);
  h.live(0, 1000);
  h.s.markHealthy();
  const auto ended = h.s.fail(20000, Reason::WsClosed, 0);
  EXPECT_TRUE(ended.wasHealthy);
  EXPECT_TRUE(ended.wasDelivering);
  EXPECT_EQ(h.s.nextRetryInMs(20000), 900);

  // 1013: at least the cap, even when healthy.
  Session o;
  o.live(0, 1000);
  o.s.markHealthy();
  o.s.fail(20000, Reason::ServerOverloaded, 0);
  EXPECT_EQ(o.s.nextRetryInMs(20000), 15000);

  // 4401: a 5-minute pause, no retry before; nothing opens meanwhile.
  Session a;
  a.s.open(0);
  a.s.fail(0, Reason::Unauthorized, 0);
  EXPECT_EQ(a.s.authPause(), Reason::Unauthorized);
  EXPECT_EQ(a.s.nextRetryInMs(0), 300000);
  EXPECT_FALSE(a.s.open(1));
  EXPECT_EQ(a.s.due(300000), Timer::AuthRetry);
  a.s.endAuthPause();
  EXPECT_TRUE(a.s.open(300000));
}

TEST(SocketSession, AZeroDelayOpensAtOnceAndAnEngineCloseIsSent) {
  Session t;  // random 0: the spread draws 0
  t.live(0, 1000);
  t.s.markHealthy();
  t.out.clear();
  t.s.fail(20000, Reason::HeartbeatTimeout, kCloseHeartbeat);
  ASSERT_EQ(t.out.size(), 2u);
  EXPECT_EQ(t.out[0].kind, Action::Kind::CloseSocket);
  EXPECT_EQ(t.out[0].code, 4001);
  EXPECT_EQ(t.out[1].kind, Action::Kind::OpenSocket);
  EXPECT_EQ(t.out[1].id, 2);
}

TEST(SocketSession, SendOnlyOnAnOpenSocket) {
  Session t;
  t.s.open(0);
  t.s.send("early");
  t.s.opened(0);
  t.s.send("now");
  ASSERT_EQ(t.out.size(), 2u);
  EXPECT_EQ(t.out[1].kind, Action::Kind::SendText);
  EXPECT_EQ(t.out[1].text, "now");
}

TEST(SocketSession, StopForgetsEverythingWhenAsked) {
  Session t;
  t.s.open(0);
  t.s.fail(0, Reason::Unauthorized, 0);
  t.s.stop(kCloseNormal, true);
  EXPECT_EQ(t.s.authPause(), Reason::None);
  EXPECT_EQ(t.s.nextRetryInMs(0), -1);
  EXPECT_EQ(t.s.nextDeadline(), -1);
  EXPECT_EQ(t.s.attempt(), 0);
  EXPECT_EQ(t.s.failedAttempts(), 0);
}

TEST(SocketSession, NoUrlNoSocket) {
  Session t;
  t.opt.wsUrl.clear();
  EXPECT_FALSE(t.s.open(0));
  EXPECT_TRUE(t.out.empty());
}

}  // namespace
}  // namespace qd
