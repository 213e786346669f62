// Switching from polling back to the WebSocket (docs/contract.md §2): only
// after the snapshot, then polling stops; no gap, no price moving backwards,
// no duplicate delivery to the UI.
#include <gtest/gtest.h>

#include "drop_counts.h"

#include <map>

#include "fake_server.h"

namespace qd::test {
namespace {

using Kind = Action::Kind;

// Every (symbol -> seq list) the UI received, in delivery order.
std::map<std::string, std::vector<int64_t>> deliveredSeqs(const FakePlatform& p) {
  std::map<std::string, std::vector<int64_t>> out;
  for (const auto& batch : p.batches()) {
    for (const auto& price : batch) out[price.symbol].push_back(price.seq);
  }
  return out;
}

void expectStrictlyIncreasing(const std::map<std::string, std::vector<int64_t>>& seqs) {
  for (const auto& [symbol, list] : seqs) {
    for (size_t i = 1; i < list.size(); ++i) {
      EXPECT_LT(list[i - 1], list[i]) << symbol << " delivery " << i;
    }
  }
}

Times range(int64_t from, int64_t to) {
  Times out;
  for (int64_t v = from; v <= to; ++v) out.push_back(v);
  return out;
}

TEST(FeedSwitchBack, PollingStopsOnlyOnceTheSnapshotIsIn) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.tickEvery(500, 500, 20000);
  r.at(5000, [&] { r.server.ws = FakeServer::Ws::Accept; });
  r.connect();
  r.run(20000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000}));
  EXPECT_EQ(r.polls(), (Times{0, 2000, 4000, 6000}));  // none after the snapshot
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_unreachable)@0",
                                               "polling>connected(snapshot)@7000"}));
  // Polls at 0, 2, 4, 6 s carry seq 1, 5, 9, 13; the snapshot at 7 s seq 15;
  // then one update per 500 ms tick: 16 ... 41. Nothing repeats or goes back.
  Times expected = {1, 5, 9, 13};
  for (int64_t s : range(15, 41)) expected.push_back(s);
  const auto seqs = deliveredSeqs(r.platform);
  EXPECT_EQ(seqs.at("BTC"), expected);
  EXPECT_EQ(seqs.at("ETH"), expected);
  EXPECT_EQ(r.feed.price("BTC")->source, Source::Ws);
  EXPECT_EQ(r.feed.price("BTC")->seq, 41);
}

TEST(FeedSwitchBack, APollInFlightAtTheSwitchIsAbandonedAndItsAnswerIgnored) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.pollLatencyMs = 1500;
  r.server.tickEvery(500, 500, 12000);
  r.at(5000, [&] { r.server.ws = FakeServer::Ws::Accept; });
  r.connect();
  r.run(12000);
  // Polls start at 0, 3.5 s (1.5 s answer + 2 s) and 7 s, when the socket
  // opens too; its snapshot ends polling with poll 3 still out.
  EXPECT_EQ(r.polls(), (Times{0, 3500, 7000}));
  auto abandoned = r.platform.of(Kind::AbandonPoll);
  ASSERT_EQ(abandoned.size(), 1u);
  EXPECT_EQ(abandoned[0].at, 7000);
  EXPECT_EQ(abandoned[0].action.id, 3);
  for (const auto& batch : r.platform.batches()) {
    for (const auto& p : batch) {
      if (p.source == Source::Poll) {
        EXPECT_LT(p.receivedAt, 7000) << p.symbol;
      }
    }
  }
  expectStrictlyIncreasing(deliveredSeqs(r.platform));
}

TEST(FeedSwitchBack, ForcedPollingBesideTheSocketDeliversEachPriceOnce) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.tickEvery(500, 500, 20000);
  r.platform.call([](FeedController& f, int64_t t) { f.startFallbackPolling(t, "", 0); });
  r.connect();
  r.run(20000);
  EXPECT_EQ(r.polls().size(), 11u);  // 0, 2, ..., 20 s: forced polling keeps going
  EXPECT_EQ(r.feed.state(), State::Connected);
  // The snapshot repeats poll 1's seq, and every later poll repeats the tick
  // the socket delivered just before: 2 symbols x 11 = 22 duplicates dropped.
  EXPECT_EQ(dropped(r.feed.counters().dropped, "duplicate"), 22);
  Times expected = range(1, 41);
  const auto seqs = deliveredSeqs(r.platform);
  EXPECT_EQ(seqs.at("BTC"), expected);
  expectStrictlyIncreasing(seqs);
}

TEST(FeedSwitchBack, WithoutMetaTheSnapshotAndEveryUpdateApplyAtOnce) {
  // The existing QuantDesk REST shape has no `meta`: its prices are ordered
  // by the answer's `timestamp`, here 5 s ahead of the source's publishTime
  // (another machine's clock). Contract section 5 v2: no WebSocket price is
  // dropped because of it.
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.withMeta = false;
  r.server.restClockSkewMs = 5000;
  r.server.tickEvery(500, 500, 12000);
  r.at(5000, [&] { r.server.ws = FakeServer::Ws::Accept; });
  r.connect();
  r.run(12000);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(ws_unreachable)@0",
                                               "polling>connected(snapshot)@7000"}));
  EXPECT_EQ(dropped(r.feed.counters().dropped, "stale_time"), 0);
  // Polls deliver seq-less prices (4 of them); then the snapshot (seq 15)
  // and each tick's update, every one of them.
  Times expected = {-1, -1, -1, -1};
  for (int64_t s : range(15, 25)) expected.push_back(s);
  EXPECT_EQ(deliveredSeqs(r.platform).at("BTC"), expected);
  EXPECT_EQ(r.feed.price("BTC")->source, Source::Ws);
}

TEST(FeedSwitchBack, AServerRestartWithANewSequenceIsAccepted) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.server.tickEvery(1000, 1000, 11000);
  r.at(11500, [&] {
    r.server.market.restartSeq(11500);
    r.server.dropAll(1012);  // service restart
  });
  r.connect();
  r.run(12000);
  EXPECT_EQ(r.opens(), (Times{0, 11500}));  // healthy before: at once
  EXPECT_EQ(r.feed.counters().seqResets, 2);
  EXPECT_EQ(r.feed.price("BTC")->seq, 1);
  EXPECT_EQ(r.feed.price("BTC")->publishTime, 11500);
  EXPECT_EQ(r.feed.state(), State::Connected);
}

}  // namespace
}  // namespace qd::test
