// Fallback timelines of docs/contract.md §2 with jitter 0: every time below is
// the nominal schedule, so each assertion is exact.
#include <gtest/gtest.h>

#include "fake_server.h"

namespace qd::test {
namespace {

using Kind = Action::Kind;

TEST(FeedFallback, RefusedServerPollsAtOnceAndRetriesOnTheSchedule) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(50000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 30000, 45000}));
  // First poll immediate, then every 2 s while polls succeed.
  EXPECT_EQ(r.polls().size(), 26u);
  EXPECT_EQ(r.polls(0, 4000), (Times{0, 2000, 4000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_unreachable)@0"}));
  const StatusEvent e = r.platform.statuses().at(0);
  EXPECT_EQ(e.source, Source::Poll);
  EXPECT_EQ(e.attempt, 1);
  EXPECT_EQ(e.nextRetryInMs, 1000);
  // Prices reach the UI at t = 0: a broken WebSocket path costs nothing.
  ASSERT_FALSE(r.platform.batches().empty());
  EXPECT_EQ(r.platform.of(Kind::Prices).at(0).at, 0);
  EXPECT_EQ(r.platform.batches()[0].size(), 2u);
  EXPECT_EQ(r.feed.counters().wsAttempts, 7);
}

TEST(FeedFallback, AcceptThenDropAtOnceDoesNotLoopEverySecond) {
  Rig r;
  r.server.ws = FakeServer::Ws::AcceptClose;
  r.server.sendSnapshot = false;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(50000);
  // Health (10 s open) is never reached, so the backoff keeps growing.
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 30000, 45000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_closed)@0"}));
}

TEST(FeedFallback, AcceptSnapshotThenDropStillBacksOff) {
  // A flapping server (accepts, sends its snapshot, drops at once) while REST
  // answers: the backoff keeps growing (never healthy), and the indicator
  // never turns red (contract section 3 v2): each short-lived socket shows
  // as connected, then a short connecting while the fallback's first poll is
  // in flight, then polling.
  Rig r;
  r.server.ws = FakeServer::Ws::AcceptClose;
  r.server.sendSnapshot = true;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(50000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 30000, 45000}));
  const auto t = r.platform.transitions();
  ASSERT_EQ(t.size(), 3u * 7);
  for (size_t i = 0; i < 7; ++i) {
    const std::string at = "@" + std::to_string(r.opens()[i]);
    EXPECT_EQ(t[3 * i], std::string(i == 0 ? "connecting" : "polling") + ">connected(snapshot)" + at);
    EXPECT_EQ(t[3 * i + 1], "connected>connecting(ws_closed)" + at);
    EXPECT_EQ(t[3 * i + 2], "connecting>polling(ws_closed)" + at);
  }
  for (const auto& s : r.platform.statuses()) EXPECT_NE(s.state, State::Disconnected);
}

TEST(FeedFallback, SilentHalfOpenSocketTimesOutAtExactlyTwelveSeconds) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.heartbeatMs = 0;  // the socket stays open and says nothing
  r.server.poll = FakeServer::Poll::Ok;
  r.at(11000, [&] { r.server.ws = FakeServer::Ws::Refuse; });
  r.connect();
  r.run(11999);
  EXPECT_EQ(r.platform.count(Kind::CloseSocket), 0u);
  EXPECT_EQ(r.platform.count(Kind::StartPoll), 0u);
  r.run(20000);
  auto closes = r.platform.of(Kind::CloseSocket);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0].at, 12000);
  EXPECT_EQ(closes[0].action.id, 1);
  EXPECT_EQ(closes[0].action.code, 4001);
  // v2: a socket that sent its snapshot and then nothing was never healthy
  // (no message after the snapshot), so the backoff was not reset: 1, 2, 4 s.
  EXPECT_EQ(r.opens(), (Times{0, 13000, 15000, 19000}));
  EXPECT_EQ(r.polls(0, 12000), (Times{12000}));  // a poll at once keeps prices fresh
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>connected(snapshot)@0",
                     "connected>connecting(heartbeat_timeout)@12000",
                     "connecting>polling(heartbeat_timeout)@12000"}));
}

TEST(FeedFallback, HeartbeatsKeepTheSocketAlive) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.heartbeatMs = 5000;
  r.connect();
  r.run(120000);
  EXPECT_EQ(r.opens(), (Times{0}));
  EXPECT_EQ(r.platform.count(Kind::CloseSocket), 0u);
  EXPECT_EQ(r.platform.count(Kind::StartPoll), 0u);
  EXPECT_EQ(r.feed.state(), State::Connected);
  EXPECT_EQ(r.feed.lastMessageAt(), 120000);
}

TEST(FeedFallback, AHealthyConnectionThatDropsRetriesAtOnce) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(20000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(30000);
  EXPECT_EQ(r.opens(), (Times{0, 20000, 21000, 23000, 27000}));
  EXPECT_EQ(r.polls(0, 20000), (Times{20000}));  // fallback engaged on the drop
}

TEST(FeedFallback, ADropBeforeHealthWaitsForTheSchedule) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(5000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(10000);
  EXPECT_EQ(r.opens(), (Times{0, 6000, 8000}));
}

// Drops every socket `life` ms after it opened.
void dropAfter(Rig& r, int64_t life) {
  auto inner = r.platform.onOpenSocket;
  r.platform.onOpenSocket = [&r, inner, life](SocketId id, const std::string& url) {
    inner(id, url);
    r.platform.after(life, [&r, id] {
      if (r.server.open.erase(id)) r.platform.socketClose(id, 1006);
    });
  };
}

TEST(FeedFallback, BackoffResetsOnlyAfterTenHealthySeconds) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  dropAfter(r, 9000);  // never healthy: the schedule keeps growing
  r.connect();
  r.run(60000);
  EXPECT_EQ(r.opens(), (Times{0, 10000, 21000, 34000, 51000}));
}

TEST(FeedFallback, HealthySocketsThatDropReconnectAtOnceEachTime) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  dropAfter(r, 11000);  // healthy at 10 s, then dropped
  r.connect();
  r.run(40000);
  EXPECT_EQ(r.opens(), (Times{0, 11000, 22000, 33000}));
}

TEST(FeedFallback, TenMinuteOutageStaysWithinTheSchedulesAndTwelveLogLines) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.connect();
  r.run(599999);
  // WebSocket: 0, 1, 3, 7, then every 15 s from 15 s to 585 s -> 4 + 39.
  EXPECT_EQ(r.opens().size(), 43u);
  EXPECT_EQ(r.opens(0, 15000), (Times{0, 1000, 3000, 7000, 15000}));
  // Polls: 0, 2, 6, 14, then every 15 s from 29 s to 599 s -> 4 + 39.
  EXPECT_EQ(r.polls().size(), 43u);
  EXPECT_EQ(r.polls(0, 29000), (Times{0, 2000, 6000, 14000, 29000}));
  // One state line, the first of each error kind, and one summary per kind at
  // 60 s, 180 s and 420 s (windows of 60, 120, 240 s): 1 + 2 + 6 = 9 <= 12.
  const auto lines = r.platform.logLines();
  EXPECT_EQ(lines.size(), 9u);
  EXPECT_LE(lines.size(), 12u);
  EXPECT_EQ(r.platform.timesOf(Kind::Log),
            (Times{0, 0, 0, 60000, 60000, 180000, 180000, 420000, 420000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>disconnected(poll_failed)@0"}));
  EXPECT_EQ(r.feed.state(), State::Disconnected);
  EXPECT_EQ(r.feed.counters().logsSuppressed, 43 + 43 - 2);
}

TEST(FeedFallback, PollsRateLimitedWaitForRetryAfterThenRetryTheSocketAtOnce) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 429;
  r.server.retryAfterMs = 20000;
  r.at(1, [&] { r.server.poll = FakeServer::Poll::Ok; });
  r.connect();
  r.run(25000);
  EXPECT_EQ(r.polls(), (Times{0, 20000, 22000, 24000}));
  // Polls recovered after polls had failed too: the WebSocket is retried at
  // 20 s (not at the 30 s slot) with a fresh backoff (then 21 s, 23 s).
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 20000, 21000, 23000}));
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>disconnected(poll_rate_limited)@0",
                     "disconnected>polling(ws_unreachable)@20000"}));
}

TEST(FeedFallback, RetryAfterOnA503IsHonouredToo) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 503;
  r.server.retryAfterMs = 20000;
  r.at(1, [&] { r.server.poll = FakeServer::Poll::Ok; });
  r.connect();
  r.run(23000);
  EXPECT_EQ(r.polls(), (Times{0, 20000, 22000}));
  EXPECT_EQ(r.platform.logLines().at(1), "price feed: poll_failed: price poll failed (HTTP 503, Retry-After 20.0 s)");
}

TEST(FeedFallback, RetryAfterIsCappedAtSixtySeconds) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 429;
  r.server.retryAfterMs = 86400000;  // a day
  r.at(1, [&] { r.server.poll = FakeServer::Poll::Ok; });
  r.connect();
  r.run(61000);
  EXPECT_EQ(r.polls(), (Times{0, 60000}));
}

TEST(FeedFallback, NoPollOfAnyKindBeforeRetryAfterEndsButRetryNow) {
  // Contract section 2 v2: visibility and `online` polls wait for it too;
  // only a user's retryNow() goes through.
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 429;
  r.server.retryAfterMs = 30000;
  r.at(1, [&] { r.server.poll = FakeServer::Poll::Ok; });
  r.callAt(1000, [](FeedController& f, int64_t t) { f.onVisibility(t, false); });
  r.callAt(4000, [](FeedController& f, int64_t t) { f.onVisibility(t, true); });
  r.callAt(6000, [](FeedController& f, int64_t t) { f.onOnline(t); });
  r.connect();
  r.run(31000);
  EXPECT_EQ(r.polls(), (Times{0, 30000}));
  // The WebSocket is retried on visible and online all the same.
  EXPECT_EQ(r.opens(0, 7000), (Times{0, 1000, 3000, 4000, 5000, 6000, 7000}));

  Rig u;
  u.server.ws = FakeServer::Ws::Refuse;
  u.server.poll = FakeServer::Poll::Status;
  u.server.pollStatus = 429;
  u.server.retryAfterMs = 30000;
  u.at(1, [&] { u.server.poll = FakeServer::Poll::Ok; });
  u.callAt(5000, [](FeedController& f, int64_t t) { f.retryNow(t); });
  u.connect();
  u.run(9000);
  EXPECT_EQ(u.polls(), (Times{0, 5000, 7000, 9000}));
}

TEST(FeedFallback, RetryAfterShorterThanTheBackoffKeepsTheBackoff) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 429;
  r.server.retryAfterMs = 500;
  r.connect();
  r.run(15000);
  EXPECT_EQ(r.polls(), (Times{0, 2000, 6000, 14000}));
}

TEST(FeedFallback, HungHandshakeEngagesPollingAfterThreeSecondsAndTimesOutAtTen) {
  Rig r;
  r.server.ws = FakeServer::Ws::Hang;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  EXPECT_EQ(r.feed.nextDeadline(), 3000);
  r.run(11000);
  EXPECT_EQ(r.polls(0, 6000), (Times{3000, 5000}));
  auto closes = r.platform.of(Kind::CloseSocket);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0].at, 10000);
  EXPECT_EQ(closes[0].action.code, 4000);
  EXPECT_EQ(r.opens(), (Times{0, 11000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(no_data)@3000"}));
}

TEST(FeedFallback, APollSlowerThanTheTimeoutIsAbandonedAndBacksOff) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Hang;
  r.connect();
  r.run(16000);
  EXPECT_EQ(r.polls(), (Times{0, 7000, 16000}));
  EXPECT_EQ(r.platform.timesOf(Kind::AbandonPoll), (Times{5000, 12000}));
  EXPECT_EQ(r.platform.of(Kind::AbandonPoll)[0].action.id, 1);
  EXPECT_EQ(r.feed.counters().pollFailures, 2);
}

TEST(FeedFallback, ALateAnswerToAnAbandonedPollIsIgnored) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.pollLatencyMs = 6000;  // slower than the 5 s timeout
  r.connect();
  r.run(6500);
  EXPECT_TRUE(r.platform.abandoned(1));
  EXPECT_TRUE(r.feed.prices().empty());  // poll 1's answer at 6 s was dropped
  EXPECT_EQ(r.feed.counters().updatesApplied, 0);
}

TEST(FeedFallback, HiddenPageSlowsPollingVisibleRetriesEverythingNow) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.callAt(100, [](FeedController& f, int64_t t) { f.onVisibility(t, false); });
  r.callAt(25000, [](FeedController& f, int64_t t) { f.onVisibility(t, true); });
  r.connect();
  r.run(27000);
  // 2 s was already scheduled when the page hid; then 10 s; visible -> now.
  EXPECT_EQ(r.polls(), (Times{0, 2000, 12000, 22000, 25000, 27000}));
  // WebSocket retries go on while hidden; visible retries now, backoff reset.
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 25000, 26000}));
}

TEST(FeedFallback, OnlineRetriesNowOfflineIsOnlyNoted) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.callAt(10000, [](FeedController& f, int64_t t) { f.onOffline(t); });
  r.callAt(10500, [](FeedController& f, int64_t t) { f.onOffline(t); });
  r.callAt(20000, [](FeedController& f, int64_t t) { f.onOnline(t); });
  r.connect();
  r.run(21500);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 20000, 21000}));
  EXPECT_EQ(r.polls(), (Times{0, 2000, 6000, 14000, 20000}));
  EXPECT_EQ(r.platform.timesOf(Kind::Log, 10000, 10999), (Times{10000}));  // one line
}

TEST(FeedFallback, FallbackAfterAttemptsWaitsForThatManyFailures) {
  FeedOptions o = exactOptions();
  o.fallbackAfterAttempts = 3;
  o.fallbackAfterMs = 60000;
  Rig r(o);
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(5000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000}));
  EXPECT_EQ(r.polls(0, 5000), (Times{3000, 5000}));
}

TEST(FeedFallback, FailingPollsBackOffWithTheSameJitter) {
  // Contract section 2: failing polls back off 2, 4, 8, 15 s "same jitter".
  // Default jitter 0.2 with the random source at its top end: factor 0.8, so
  // the gaps are 1.6, 3.2, 6.4, 12, 12 s (never above the 15 s cap).
  FeedOptions o = exactOptions();
  o.backoff.jitter = 0.2;
  Rig r(o);
  r.random = FixedRandom(0.9999999999);  // the backoffs keep a pointer to r.random
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.connect();
  r.run(40000);
  EXPECT_EQ(r.polls(), (Times{0, 1600, 4800, 11200, 23200, 35200}));
  EXPECT_EQ(r.opens(), (Times{0, 800, 2400, 5600, 12000, 24000, 36000}));
}

TEST(FeedFallback, FailingPollsWhileHiddenWaitAtLeastTheHiddenInterval) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.callAt(1000, [](FeedController& f, int64_t t) { f.onVisibility(t, false); });
  r.connect();
  r.run(60000);
  // 2 s was scheduled before the page hid; then max(backoff, 10 s):
  // 10, 10 (backoff 8), 15, 15 s.
  EXPECT_EQ(r.polls(), (Times{0, 2000, 12000, 22000, 37000, 52000}));
}

TEST(FeedFallback, OnlineAlsoResetsThePollBackoff) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.callAt(20000, [](FeedController& f, int64_t t) { f.onOnline(t); });
  r.connect();
  r.run(30000);
  // Failing polls at 0, 2, 6, 14 s (next slot 29 s); online polls now and the
  // schedule starts over at 2 s: 22, 26 s.
  EXPECT_EQ(r.polls(), (Times{0, 2000, 6000, 14000, 20000, 22000, 26000}));
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 20000, 21000, 23000, 27000}));
}

TEST(FeedFallback, AnErrorBeforeOpenWithoutACloseIsAFailedAttempt) {
  // Node's WebSocket fires `error` and never `close` on a refused connect:
  // that alone fails the attempt, engages polling at once and schedules the
  // retry (not the 3 s fallback timer, not the 10 s connect timeout).
  Rig r;
  r.server.poll = FakeServer::Poll::Ok;
  r.platform.onOpenSocket = [&r](SocketId id, const std::string&) {
    r.platform.after(0, [&r, id] { r.platform.socketError(id); });
  };
  r.connect();
  r.run(4000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000}));
  EXPECT_EQ(r.polls(), (Times{0, 2000, 4000}));
  EXPECT_EQ(r.platform.count(Kind::CloseSocket), 0u);  // nothing to close
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_unreachable)@0"}));
  EXPECT_EQ(r.feed.counters().wsFailures, 3);
}

TEST(FeedFallback, AnOpenSocketWithoutASnapshotIsNoDataAndNeverHealthy) {
  // The socket opens and beats but never sends the snapshot: polling engages
  // 3 s after connect(), and (v2) the snapshot deadline closes it at 5 s as a
  // failed attempt, retried on the backoff: an open socket that delivers
  // nothing never pins the feed to REST. The server refuses from 20 s.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.sendSnapshot = false;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(20000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(24000);
  EXPECT_EQ(r.polls(0, 5000), (Times{3000, 5000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(no_data)@3000"}));
  // Open at 0, 6, 13 s; each closed (4004) 5 s after it opened; then refused at 22 s.
  EXPECT_EQ(r.opens(), (Times{0, 6000, 13000, 22000}));
  EXPECT_EQ(r.platform.timesOf(Kind::CloseSocket), (Times{5000, 11000, 18000}));
  for (const auto& c : r.platform.of(Kind::CloseSocket)) EXPECT_EQ(c.action.code, 4004);
  EXPECT_EQ(r.feed.reason(), "ws_unreachable");
}

TEST(FeedFallback, TenMinuteOutageFromLiveStaysWithinTwelveLogLines) {
  // Live and healthy, then the whole server goes away at 20 s for 10 minutes.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(20000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.poll = FakeServer::Poll::Fail;
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(620000);
  // Healthy drop: at once, then 1, 2, 4, 8 s, then every 15 s.
  EXPECT_EQ(r.opens(0, 50000), (Times{0, 20000, 21000, 23000, 27000, 35000, 50000}));
  EXPECT_EQ(r.polls(0, 49000), (Times{20000, 22000, 26000, 34000, 49000}));
  // The first state line, WebSocket failure and poll failure at 20 s; one
  // summary per family at 80 s (the state's: connecting -> disconnected),
  // then the WebSocket's and the polls' at 200 and 440 s: 3 + 3 + 4 = 10.
  EXPECT_EQ(r.platform.timesOf(Kind::Log, 1),
            (Times{20000, 20000, 20000, 80000, 80000, 80000, 200000, 200000, 440000, 440000}));
  // v2: the poll in flight shows as connecting; its failure is the red.
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>connected(snapshot)@0", "connected>connecting(ws_closed)@20000",
                     "connecting>disconnected(poll_failed)@20000"}));
}

}  // namespace
}  // namespace qd::test
