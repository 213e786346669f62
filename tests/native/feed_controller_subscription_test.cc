// The subscription through the controller (contract §6 v2): the frames that
// go out, the prices that come in, across reconnects.
#include <gtest/gtest.h>

#include "drop_counts.h"
#include "fake_server.h"
#include "protocol.h"

namespace qd::test {
namespace {

using Kind = Action::Kind;

FeedOptions named(std::vector<std::string> symbols) {
  FeedOptions o = exactOptions();
  o.symbols = std::move(symbols);
  return o;
}

std::vector<std::string> symbolsOf(const std::vector<Price>& prices) {
  std::vector<std::string> out;
  for (const auto& p : prices) out.push_back(p.symbol);
  return out;
}

TEST(FeedSubscription, UnsubscribingTheLastNamedSymbolNeverSendsAnEmptySubscribe) {
  Rig r(named({"BTC"}));
  r.server.ws = FakeServer::Ws::Accept;
  r.callAt(15000, [](FeedController& f, int64_t t) {
    EXPECT_EQ(f.unsubscribeSymbols(t, {"BTC"}), Subscription::Change::Applied);
  });
  r.at(20000, [&] { r.server.dropAll(1006); });  // healthy: back within the spread (0 here)
  r.callAt(21000, [](FeedController& f, int64_t t) { f.subscribeSymbols(t, {"ETH"}); });
  r.connect();
  r.run(22000);
  // The reconnect at 20 s sends nothing at all (an empty subscribe reads
  // as "all") and is connected at once: no snapshot is expected.
  EXPECT_EQ(r.server.received, (Strings{subscribeFrame({"BTC"}), unsubscribeFrame({"BTC"}), subscribeFrame({"ETH"})}));
  EXPECT_EQ(r.opens(), (Times{0, 20000}));
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>connected(snapshot)@0", "connected>connecting(ws_closed)@20000",
                     "connecting>connected(snapshot)@20000"}));
  EXPECT_EQ(r.platform.count(Kind::StartPoll), 1u);  // the poll at the drop, stopped at once
  // ETH's snapshot carries BTC too: filtered out, and BTC left the book at
  // the unsubscribe.
  EXPECT_EQ(symbolsOf(r.feed.prices()), (Strings{"ETH"}));
  EXPECT_GE(dropped(r.feed.counters().dropped, "not_subscribed"), 1);
}

TEST(FeedSubscription, WebSocketAndPolledPricesAreFilteredAlike) {
  Rig r(named({"ETH"}));
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.tickEvery(1000, 1000, 12000);
  r.at(10000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(12000);
  for (const auto& b : r.platform.batches()) EXPECT_EQ(symbolsOf(b), (Strings{"ETH"}));
  EXPECT_EQ(r.feed.price("ETH")->source, Source::Poll);
  // Snapshot + 10 updates by WebSocket (1..10 s), then polls at 10 and 12 s:
  // BTC dropped each time.
  EXPECT_EQ(dropped(r.feed.counters().dropped, "not_subscribed"), 1 + 10 + 2);
}

TEST(FeedSubscription, UnsubscribeInTheAllModeExcludesAndSubscribeTakesItBack) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.callAt(1000, [](FeedController& f, int64_t t) { f.unsubscribeSymbols(t, {"BTC"}); });
  r.at(2000, [&] { r.server.dropAll(1006); });  // not healthy yet: back after 1 s
  r.callAt(4000, [](FeedController& f, int64_t t) { f.subscribeSymbols(t, {"BTC"}); });
  r.at(5000, [&] { r.server.dropAll(1006); });  // back after 2 s
  r.connect();
  r.run(8000);
  EXPECT_EQ(r.server.received,
            (Strings{subscribeAllFrame(), unsubscribeFrame({"BTC"}),                 // 0, 1 s
                     subscribeAllFrame(), unsubscribeFrame({"BTC"}),                 // reconnect at 3 s
                     subscribeFrame({"BTC"}),                                        // 4 s
                     subscribeAllFrame()}));                                         // reconnect at 7 s
  EXPECT_EQ(r.feed.subscription().mode(), Subscription::Mode::All);
  EXPECT_NE(r.feed.price("BTC"), nullptr);
}

TEST(FeedSubscription, NamesTravelInFramesOfAHundredAndStopAtAThousand) {
  std::vector<std::string> many;
  for (int i = 0; i < 250; ++i) many.push_back("S" + std::to_string(1000 + i));
  Rig r(named(many));
  r.server.ws = FakeServer::Ws::Accept;
  r.connect();
  r.run(0);
  ASSERT_EQ(r.server.received.size(), 3u);  // 100 + 100 + 50
  EXPECT_EQ(r.server.received[2], subscribeFrame(std::vector<std::string>(many.begin() + 200, many.end())));
  std::vector<std::string> more;
  for (int i = 0; i < 750; ++i) more.push_back("T" + std::to_string(1000 + i));
  r.platform.call([&](FeedController& f, int64_t t) {
    EXPECT_EQ(f.subscribeSymbols(t, more), Subscription::Change::Applied);  // exactly 1,000
    EXPECT_EQ(f.subscribeSymbols(t, {"ONE_MORE"}), Subscription::Change::TooMany);
    EXPECT_EQ(f.subscribeSymbols(t, {"bad symbol"}), Subscription::Change::BadSymbol);
  });
  EXPECT_EQ(r.server.received.size(), 3u + 8u);  // 750 names in 8 frames, nothing for the refusals
  EXPECT_EQ(r.feed.subscription().names().size(), 1000u);
}

}  // namespace
}  // namespace qd::test
