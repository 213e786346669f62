// The controller's basics: connect, subscribe frames, batching, staleness,
// disconnect, bad input over the socket, bad configuration.
#include "feed_controller.h"

#include <gtest/gtest.h>

#include "drop_counts.h"

#include "fake_server.h"
#include "protocol.h"

namespace qd::test {
namespace {

using Kind = Action::Kind;

TEST(FeedController, ConnectOpensOneSocketAndArmsTheFallbackTimer) {
  Rig r;
  r.server.ws = FakeServer::Ws::Hang;
  r.connect();
  auto opens = r.platform.of(Kind::OpenSocket);
  ASSERT_EQ(opens.size(), 1u);
  EXPECT_EQ(opens[0].action.url, "ws://test/ws");
  EXPECT_EQ(opens[0].action.id, 1);
  EXPECT_EQ(r.feed.state(), State::Connecting);
  EXPECT_EQ(r.feed.nextDeadline(), 3000);
  EXPECT_EQ(r.feed.nextRetryInMs(0), 0);  // an attempt is in flight
  r.platform.call([](FeedController& f, int64_t t) { f.connect(t); });  // no-op
  EXPECT_EQ(r.platform.count(Kind::OpenSocket), 1u);
}

TEST(FeedController, AcceptedSocketSubscribesAndGoesLiveOnTheSnapshot) {
  FeedOptions o = exactOptions();
  o.symbols = {"BTC", "ETH"};
  Rig r(o);
  r.server.ws = FakeServer::Ws::Accept;
  r.connect();
  r.run(0);
  ASSERT_EQ(r.server.received.size(), 1u);
  EXPECT_EQ(r.server.received[0], subscribeFrame({"BTC", "ETH"}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>connected(snapshot)@0"}));
  const StatusEvent& e = r.feed.lastStatus();
  EXPECT_EQ(e.source, Source::Ws);
  EXPECT_EQ(e.attempt, 1);
  EXPECT_EQ(e.nextRetryInMs, -1);
  EXPECT_TRUE(r.feed.socketOpen());
  EXPECT_EQ(r.feed.source(), Source::Ws);
  ASSERT_EQ(r.platform.batches().size(), 1u);
  EXPECT_EQ(r.platform.batches()[0].size(), 2u);
  EXPECT_EQ(r.platform.batches()[0][0].source, Source::Ws);
}

TEST(FeedController, SubscribeAndUnsubscribeSendFramesAndTheSetSurvivesAReconnect) {
  FeedOptions o = exactOptions();
  o.symbols = {"BTC", "ETH"};
  Rig r(o);
  r.server.ws = FakeServer::Ws::Accept;
  r.callAt(1000, [](FeedController& f, int64_t t) { f.subscribeSymbols(t, {"SOL", "BTC"}); });
  r.callAt(2000, [](FeedController& f, int64_t t) { f.unsubscribeSymbols(t, {"ETH", "NOPE"}); });
  r.at(3000, [&] { r.server.dropAll(1006); });
  r.connect();
  r.run(5000);
  EXPECT_EQ(r.server.received,
            (Strings{subscribeFrame({"BTC", "ETH"}), subscribeFrame({"SOL"}),
                     unsubscribeFrame({"ETH"}), subscribeFrame({"BTC", "SOL"})}));
}

TEST(FeedController, SubscribeBeforeOpenOnlyUpdatesTheSet) {
  Rig r;
  r.server.ws = FakeServer::Ws::Hang;
  r.connect();
  r.platform.call([](FeedController& f, int64_t t) { f.subscribeSymbols(t, {"BTC"}); });
  EXPECT_EQ(r.platform.count(Kind::SendText), 0u);
}

TEST(FeedController, OneBatchPerFlushIntervalNotOnePerMessage) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.connect();
  r.run(0);  // the snapshot: batch 1 at 0
  r.at(100, [&] {
    for (int i = 0; i < 50; ++i) {
      r.server.market.tick(100 + i);
      r.platform.socketMessage(1, r.server.market.update(100 + i));
    }
  });
  r.at(105, [&] {
    r.server.market.tick(105);
    r.platform.socketMessage(1, r.server.market.update(105));
  });
  r.run(200);
  EXPECT_EQ(r.platform.timesOf(Kind::Prices), (Times{0, 100, 116}));
  ASSERT_EQ(r.platform.batches().size(), 3u);
  // The first change of a quiet period goes out at once; the other 49 and
  // the one at 105 wait for the next slot (116) and arrive as one entry per
  // symbol, the latest of each.
  EXPECT_EQ(r.platform.batches()[1].size(), 2u);
  EXPECT_EQ(r.platform.batches()[1][0].seq, 2);
  EXPECT_EQ(r.platform.batches()[2].size(), 2u);
  EXPECT_EQ(r.platform.batches()[2][0].seq, 52);
  EXPECT_EQ(r.feed.counters().batches, 3);
  EXPECT_EQ(r.feed.counters().updatesApplied, 2 + 100 + 2);
}

TEST(FeedController, MessagesFlushADueBatchWhenTheTimerIsStarved) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.connect();
  r.run(0);
  r.feed.takeActions();
  // Messages every 5 ms and the platform timer never runs (advance() is not
  // called): batches still leave at most and at least once per 16 ms slot.
  Times flushes;
  for (int64_t t = 100; t <= 160; t += 5) {
    r.server.market.tick(t);
    r.feed.onSocketMessage(t, 1, r.server.market.update(t));
    for (const Action& a : r.feed.takeActions())
      if (a.kind == Kind::Prices) flushes.push_back(t);
  }
  EXPECT_EQ(flushes, (Times{100, 120, 140, 160}));
}

TEST(FeedController, PricesTurnStaleAfterThirtySecondsWithoutUpdate) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.connect();
  r.run(29999);
  EXPECT_FALSE(r.feed.price("BTC")->stale);
  r.run(30000);
  EXPECT_TRUE(r.feed.price("BTC")->stale);
  ASSERT_EQ(r.platform.batches().size(), 2u);
  EXPECT_EQ(r.platform.of(Kind::Prices).back().at, 30000);
  EXPECT_TRUE(r.platform.batches()[1][0].stale);
  EXPECT_EQ(r.platform.batches()[1].size(), 2u);
}

TEST(FeedController, DisconnectStopsEverything) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(1000);
  const size_t before = r.platform.recorded().size();
  r.platform.call([](FeedController& f, int64_t t) { f.disconnect(t); });
  auto closes = r.platform.of(Kind::CloseSocket);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0].action.code, 1000);
  EXPECT_EQ(r.platform.transitions().back(), "connected>disconnected(user)@1000");
  EXPECT_EQ(r.feed.nextDeadline(), -1);
  const size_t after = r.platform.recorded().size();
  EXPECT_GT(after, before);
  // Late platform events are ignored; nothing more happens, ever.
  r.platform.socketMessage(1, r.server.market.snapshot(1000));
  r.platform.socketClose(1, 1006);
  r.platform.pollResult(1, PollResult{200, r.server.market.restBody(1000), -1});
  r.run(600000);
  EXPECT_EQ(r.platform.recorded().size(), after);
  // ...until connect() starts over.
  r.connect();
  EXPECT_EQ(r.platform.transitions().back(), "disconnected>connecting(connect)@600000");
  EXPECT_EQ(r.platform.of(Kind::OpenSocket).back().action.id, 2);
}

TEST(FeedController, MalformedFramesAreCountedAndChangeNothing) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.heartbeatMs = 0;
  r.connect();
  r.run(0);
  const auto book = r.feed.prices();
  const Strings bad = {
      "{oops",
      R"({"type":"surprise"})",
      R"({"type":"market_data_update","data":{"symbol":"BTC","price":-1,"publishTime":5,"seq":99}})",
      R"({"type":"market_data_update","data":{"symbol":"BTC","price":"1","publishTime":5,"seq":99}})",
      R"({"type":"market_data_update","data":{"price":1,"publishTime":5,"seq":99}})",
      R"({"type":"market_data_update","data":{"symbol":"BTC","price":1,"publishTime":0,"seq":1}})",
      std::string(2 << 20, ' '),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    const std::string text = bad[i];
    r.at(1000 + static_cast<int64_t>(i), [&r, text] { r.platform.socketMessage(1, text); });
  }
  r.run(11000);
  const auto& d = r.feed.counters().dropped;
  EXPECT_EQ(dropped(d, "malformed_json"), 1);
  EXPECT_EQ(dropped(d, "unknown_type"), 1);
  EXPECT_EQ(dropped(d, "bad_price"), 2);
  EXPECT_EQ(dropped(d, "missing_symbol"), 1);
  EXPECT_EQ(dropped(d, "duplicate"), 1);
  EXPECT_EQ(dropped(d, "oversized"), 1);
  const auto now = r.feed.prices();
  ASSERT_EQ(now.size(), book.size());
  for (size_t i = 0; i < now.size(); ++i) {
    EXPECT_EQ(now[i].price, book[i].price);
    EXPECT_EQ(now[i].seq, book[i].seq);
  }
  EXPECT_EQ(r.platform.batches().size(), 1u);  // nothing reached the UI
  // Garbage is still a message: the heartbeat timer counts from the last one.
  EXPECT_EQ(r.feed.lastMessageAt(), 1006);
  EXPECT_EQ(r.feed.state(), State::Connected);
  r.run(13006);
  EXPECT_EQ(r.platform.timesOf(Kind::CloseSocket), (Times{13006}));
}

TEST(FeedController, BadConfigurationIsAnErrorNotALoop) {
  FeedOptions o = exactOptions();
  o.wsUrl.clear();
  o.pollUrl.clear();
  Rig r(o);
  r.connect();
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>error(bad_config)@0"}));
  EXPECT_EQ(r.platform.count(Kind::OpenSocket), 0u);
  EXPECT_EQ(r.feed.nextDeadline(), -1);
  r.platform.call([](FeedController& f, int64_t t) { f.retryNow(t); });
  EXPECT_EQ(r.platform.count(Kind::OpenSocket), 0u);
  EXPECT_EQ(r.feed.state(), State::Error);
}

TEST(FeedController, InvalidJitterIsBadConfig) {
  FeedOptions o = exactOptions();
  o.backoff.jitter = 2;
  Rig r(o);
  r.connect();
  EXPECT_EQ(r.feed.state(), State::Error);
  EXPECT_EQ(r.feed.reason(), "bad_config");
}

TEST(FeedController, WithoutAWebSocketUrlItPollsAtOnce) {
  FeedOptions o = exactOptions();
  o.wsUrl.clear();
  Rig r(o);
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(4000);
  EXPECT_EQ(r.polls(), (Times{0, 2000, 4000}));
  EXPECT_EQ(r.platform.count(Kind::OpenSocket), 0u);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_disabled)@0"}));
}

TEST(FeedController, RetryNowResetsTheBackoff) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.callAt(20000, [](FeedController& f, int64_t t) { f.retryNow(t); });
  r.connect();
  r.run(24000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 15000, 20000, 21000, 23000}));
}

TEST(FeedController, StopFallbackPollingNeverSwitchesTheAutomaticFallbackOff) {
  // Contract section 7 v2: stop ends a manual start; the automatic fallback,
  // engaged because the WebSocket is refused, goes on.
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.callAt(5000, [](FeedController& f, int64_t t) { f.stopFallbackPolling(t); });
  r.connect();
  r.run(8000);
  EXPECT_EQ(r.polls(), (Times{0, 2000, 4000, 6000, 8000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_unreachable)@0"}));
  EXPECT_TRUE(r.feed.polling());
}

TEST(FeedController, StopFallbackPollingEndsAManualStartWhileLive) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.callAt(1000, [](FeedController& f, int64_t t) { f.startFallbackPolling(t, "", 0); });
  r.callAt(5000, [](FeedController& f, int64_t t) { f.stopFallbackPolling(t); });
  r.connect();
  r.run(10000);
  EXPECT_EQ(r.polls(), (Times{1000, 3000}));  // the 5 s poll was due and never sent
  EXPECT_FALSE(r.feed.polling());
  EXPECT_EQ(r.feed.state(), State::Connected);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>connected(snapshot)@0"}));
}

TEST(FeedController, StopFallbackPollingWithoutAWebSocketKeepsPolling) {
  // wsUrl '' means polling is the only source: stop cannot turn it off.
  FeedOptions o = exactOptions();
  o.wsUrl.clear();
  Rig r(o);
  r.server.poll = FakeServer::Poll::Ok;
  r.callAt(1000, [](FeedController& f, int64_t t) { f.startFallbackPolling(t, "http://other/p", 500); });
  r.callAt(3000, [](FeedController& f, int64_t t) { f.stopFallbackPolling(t); });
  r.connect();
  r.run(7000);
  // 0, 2 s on the configured URL; the manual start polls the other one at
  // once and every 500 ms; stop goes back to the configured URL at once, 2 s.
  EXPECT_EQ(r.polls(), (Times{0, 1000, 1500, 2000, 2500, 3000, 5000, 7000}));
  const auto starts = r.platform.of(Kind::StartPoll);
  EXPECT_EQ(starts[1].action.url, "http://other/p");
  EXPECT_EQ(starts[5].action.url, "http://test/api/oracle/prices");
  EXPECT_EQ(r.feed.state(), State::Polling);
}

TEST(FeedController, StartFallbackPollingTakesUrlAndInterval) {
  Rig r;
  r.server.ws = FakeServer::Ws::Hang;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.platform.call([](FeedController& f, int64_t t) {
    f.startFallbackPolling(t, "http://other/prices", 500);
  });
  r.run(1000);
  EXPECT_EQ(r.polls(), (Times{0, 500, 1000}));
  EXPECT_EQ(r.platform.of(Kind::StartPoll)[0].action.url, "http://other/prices");
}

TEST(FeedController, TimesShownToUsersAreWallClockTimersRunMonotonic) {
  // The adapter's clock is monotonic; receivedAt, lastMessageAt and a status
  // event's `at` are the wall clock (monotonic + offset), read afresh, so a
  // laptop's sleep that moves the two apart changes what is shown, never
  // when a timer fires.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.platform.call([](FeedController& f, int64_t) { f.setWallClockOffset(1730340000000); });
  r.connect();
  r.run(5000);
  EXPECT_EQ(r.platform.statuses().at(0).at, 1730340000000);
  EXPECT_EQ(r.feed.price("BTC")->receivedAt, 1730340000000);
  EXPECT_EQ(r.feed.lastMessageAt(), 1730340005000);  // the 5 s heartbeat
  r.platform.call([](FeedController& f, int64_t) { f.setWallClockOffset(1730340000000 + 3600000); });
  r.run(30000);
  EXPECT_TRUE(r.feed.price("BTC")->stale);  // 30 s on the monotonic clock
  EXPECT_EQ(r.feed.lastMessageAt(), 1730340000000 + 3600000 + 30000);
}

TEST(FeedController, AnOversizedMessageIsCountedAndProvesTheSocketLives) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.heartbeatMs = 0;
  r.callAt(11000, [](FeedController& f, int64_t t) { f.onSocketOversized(t, 1, 50 << 20); });
  r.connect();
  r.run(22999);
  EXPECT_EQ(dropped(r.feed.counters().dropped, "oversized"), 1);
  EXPECT_EQ(r.feed.counters().wsMessages, 2);  // the snapshot and the oversized one
  EXPECT_EQ(r.platform.count(Kind::CloseSocket), 0u);
  r.run(23000);  // 12 s after it, not after the snapshot
  EXPECT_EQ(r.platform.timesOf(Kind::CloseSocket), (Times{23000}));
}

TEST(FeedController, EventsForUnknownHandlesAreIgnored) {
  Rig r;
  r.server.ws = FakeServer::Ws::Hang;
  r.connect();
  const size_t before = r.platform.recorded().size();
  r.platform.socketOpen(42);
  r.platform.socketMessage(42, "{}");
  r.platform.socketError(42);
  r.platform.socketClose(42, 1006);
  r.platform.pollResult(42, PollResult{});
  r.platform.pollResult(0, PollResult{});
  EXPECT_EQ(r.platform.recorded().size(), before);
  EXPECT_FALSE(r.feed.socketOpen());
}

TEST(FeedController, MovedControllerKeepsWorking) {
  FixedRandom random(0);
  FeedController a(exactOptions(), random);
  a.connect(0);
  FeedController b(std::move(a));
  EXPECT_EQ(b.nextDeadline(), 3000);
  EXPECT_EQ(b.takeActions().size(), 1u);  // the OpenSocket made before the move
}

}  // namespace
}  // namespace qd::test

namespace qd::test {
namespace {

TEST(FeedController, RetryGapsCarryTheJitterOfTheInjectedSource) {
  // Default options (jitter 0.2) and a seeded source: each gap between
  // refused attempts lies in [0.8, 1] x the nominal delay, and they differ
  // from the nominal ones (no jitter would give exactly 1, 2, 4, 8, 15 s).
  SeededRandom random(99);
  FeedOptions o;
  FeedController feed(o, random);
  FakePlatform platform(feed);
  FakeServer server(platform);
  server.ws = FakeServer::Ws::Refuse;
  server.poll = FakeServer::Poll::Ok;
  platform.call([](FeedController& f, int64_t t) { f.connect(t); });
  platform.runUntil(200000);
  const Times opens = platform.timesOf(Action::Kind::OpenSocket);
  ASSERT_GE(opens.size(), 12u);
  const int64_t nominal[] = {1000, 2000, 4000, 8000};
  int exact = 0;
  for (size_t i = 1; i < opens.size(); ++i) {
    const int64_t n = i <= 4 ? nominal[i - 1] : 15000;
    const int64_t gap = opens[i] - opens[i - 1];
    EXPECT_GE(gap, n * 8 / 10) << i;
    EXPECT_LE(gap, n) << i;
    exact += gap == n;
  }
  EXPECT_LT(exact, 2);
}

TEST(FeedController, PollsKeepOnlyTheSubscribedSymbols) {
  FeedOptions o = exactOptions();
  o.wsUrl.clear();
  o.symbols = {"ETH"};
  Rig r(o);
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(0);
  const auto prices = r.feed.prices();
  ASSERT_EQ(prices.size(), 1u);
  EXPECT_EQ(prices[0].symbol, "ETH");
  EXPECT_EQ(prices[0].source, Source::Poll);
}

TEST(FeedController, StatusEventCarriesAttemptAndNextRetry) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.at(1, [&] { r.server.poll = FakeServer::Poll::Ok; });
  r.connect();
  r.run(2500);
  // 0: connecting -> disconnected (poll failed); 2 s: the next poll works.
  const auto s = r.platform.statuses();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].state, State::Polling);
  EXPECT_EQ(s[1].previous, State::Disconnected);
  EXPECT_EQ(s[1].reason, "ws_unreachable");
  EXPECT_EQ(s[1].source, Source::Poll);
  EXPECT_EQ(s[1].at, 2000);
  // Poll recovery retried the socket at 2 s (attempt 1 after the reset),
  // refused again at once: the next one is due 1 s later.
  EXPECT_EQ(r.opens(), (Times{0, 1000, 2000}));
  EXPECT_EQ(s[1].attempt, 1);
  EXPECT_EQ(s[1].nextRetryInMs, 0);
  EXPECT_EQ(r.feed.nextRetryInMs(2500), 500);
}

TEST(FeedController, AReasonChangeInsideAStateIsNoNewStatusEvent) {
  // Contract section 8: events fire only when the state changes; a new
  // reason inside `polling` shows through reason() (getConnectionInfo).
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(5000, [&] {
    r.server.ws = FakeServer::Ws::AcceptClose;
    r.server.sendSnapshot = false;
    r.server.closeCode = 4401;
  });
  r.connect();
  r.run(2000);
  EXPECT_EQ(r.feed.reason(), "ws_unreachable");
  r.run(10000);  // the 7 s attempt is refused with 4401
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000}));
  EXPECT_EQ(r.feed.state(), State::Polling);
  EXPECT_EQ(r.feed.reason(), "unauthorized");
  EXPECT_EQ(r.feed.nextRetryInMs(10000), 297000);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_unreachable)@0"}));
  EXPECT_EQ(r.feed.lastStatus().reason, "ws_unreachable");
}

}  // namespace
}  // namespace qd::test
