// Backends that misbehave the way real deployments do (contract §2, §3 v2):
// a deploy that drops a healthy socket, a fleet reconnecting after a
// restart, a flapping pod, a subscribe answered with an error or with
// nothing, a snapshot and then silence, a snapshot of garbage. Every test
// asserts the state walk, and the 10-minute ones the console lines, exactly.
#include <gtest/gtest.h>

#include <algorithm>

#include "drop_counts.h"
#include "fake_server.h"

namespace qd::test {
namespace {

using Kind = Action::Kind;

TEST(FeedHostile, AHealthyDropWithRestUpNeverShowsRed) {
  // A deploy: the healthy socket drops while REST answers. A poll goes out
  // at once, the WebSocket retry waits a random part of 1.5 s (0.5 here:
  // 750 ms), and the walk is connected -> connecting -> polling -> connected.
  Rig r;
  r.random = FixedRandom(0.5);
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(20000, [&] {
    r.server.market.tick(20000);  // a price the socket never delivered
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(30000);
  EXPECT_EQ(r.opens(), (Times{0, 20750}));
  EXPECT_EQ(r.polls(), (Times{20000}));
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>connected(snapshot)@0", "connected>connecting(ws_closed)@20000",
                     "connecting>polling(ws_closed)@20000", "polling>connected(snapshot)@20750"}));
  EXPECT_EQ(r.platform.statuses()[1].nextRetryInMs, 750);
  for (const auto& s : r.platform.statuses()) EXPECT_NE(s.state, State::Disconnected);
  // The poll's prices reached the UI between the two sockets.
  bool polled = false;
  for (const auto& b : r.platform.batches()) {
    for (const auto& p : b) polled = polled || p.source == Source::Poll;
  }
  EXPECT_TRUE(polled);
}

TEST(FeedHostile, AFleetSpreadsItsFirstRetryEvenlyOverOneAndAHalfSeconds) {
  // 1,000 terminals, each with its own seeded source, lose the same server:
  // their first retries cover [0, 1.5 s) evenly, so the server sees about 67
  // per 100 ms, not a thousand at once.
  int buckets[15] = {};
  int64_t lo = INT64_MAX;
  int64_t hi = 0;
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    SeededRandom random(seed);
    FeedOptions o = exactOptions();
    o.backoff.jitter = 0.2;
    FeedController feed(o, random);
    FakePlatform platform(feed);
    FakeServer server(platform);
    server.ws = FakeServer::Ws::Accept;
    server.poll = FakeServer::Poll::Fail;
    platform.at(20000, [&] {
      server.ws = FakeServer::Ws::Refuse;
      server.dropAll(1006);
    });
    platform.call([](FeedController& f, int64_t t) { f.connect(t); });
    platform.runUntil(21600);
    const Times opens = platform.timesOf(Kind::OpenSocket, 20000);
    ASSERT_GE(opens.size(), 1u) << seed;
    const int64_t delay = opens[0] - 20000;
    ASSERT_GE(delay, 0);
    ASSERT_LT(delay, 1500);
    ++buckets[delay / 100];
    lo = std::min(lo, delay);
    hi = std::max(hi, delay);
  }
  EXPECT_LT(lo, 20);
  EXPECT_GT(hi, 1480);
  for (int b : buckets) {
    EXPECT_GE(b, 40);
    EXPECT_LE(b, 95);
  }
}

TEST(FeedHostile, PollsRecoveringBringTheSocketBackWithinTheSpreadNotAtOnce) {
  // A restart: WebSocket and REST both down, back at 10 s. The poll at 14 s
  // succeeds after failing ones; the socket is retried with a fresh backoff
  // within the reconnect spread (0.5 here: 750 ms), not in the same
  // millisecond as every other terminal whose polls run in step.
  Rig r;
  r.random = FixedRandom(0.5);
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Fail;
  r.at(10000, [&] {
    r.server.ws = FakeServer::Ws::Accept;
    r.server.poll = FakeServer::Poll::Ok;
  });
  r.connect();
  r.run(20000);
  EXPECT_EQ(r.polls(), (Times{0, 2000, 6000, 14000}));
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000, 14750}));
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>disconnected(poll_failed)@0", "disconnected>polling(ws_unreachable)@14000",
                     "polling>connected(snapshot)@14750"}));
}

TEST(FeedHostile, AFlappingServerWithRestUpPrintsEightLinesInTenMinutes) {
  // A crash-looping pod: accepts, sends its snapshot, drops at once. REST
  // answers throughout. One line per family, then one summary per window.
  Rig r;
  r.server.ws = FakeServer::Ws::AcceptClose;
  r.server.sendSnapshot = true;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(599999);
  EXPECT_EQ(r.opens().size(), 43u);  // 0, 1, 3, 7, then every 15 s from 15 s
  // State and WebSocket families: the first line at 0, summaries at 60, 180,
  // 420 s; polls never fail. Seven flaps before 60 s, three state changes
  // each: the first printed, 20 suppressed.
  EXPECT_EQ(r.platform.timesOf(Kind::Log), (Times{0, 0, 60000, 60000, 180000, 180000, 420000, 420000}));
  const auto lines = r.platform.logLines();
  EXPECT_EQ(lines[0], "price feed: connecting -> connected (snapshot)");
  EXPECT_EQ(lines[1], "price feed: ws_closed: WebSocket closed (code 1006)");
  EXPECT_EQ(lines[2],
            "price feed: state: 20 more suppressed in 60 s; latest: connecting -> polling (ws_closed), "
            "next WebSocket attempt in 15.0 s");
  for (const auto& s : r.platform.statuses()) EXPECT_NE(s.state, State::Disconnected);
}

TEST(FeedHostile, AFlappingServerWithRestDownPrintsTwelveLinesInTenMinutes) {
  Rig r;
  r.server.ws = FakeServer::Ws::AcceptClose;
  r.server.sendSnapshot = true;
  r.server.poll = FakeServer::Poll::Fail;
  r.connect();
  r.run(599999);
  // State, WebSocket and poll families: 3 x (first + 3 summaries) = 12.
  EXPECT_EQ(r.platform.timesOf(Kind::Log),
            (Times{0, 0, 0, 60000, 60000, 60000, 180000, 180000, 180000, 420000, 420000, 420000}));
  // Each flap: connected (snapshot), connecting (the poll in flight), and
  // disconnected when it fails: no source delivers, so red is the truth.
  const auto t = r.platform.transitions();
  EXPECT_EQ(t[0], "connecting>connected(snapshot)@0");
  EXPECT_EQ(t[1], "connected>connecting(ws_closed)@0");
  EXPECT_EQ(t[2], "connecting>disconnected(poll_failed)@0");
  EXPECT_EQ(t[3], "disconnected>connected(snapshot)@1000");
}

TEST(FeedHostile, AnAcceptedSocketWithoutASnapshotPrintsNineLinesInTenMinutesRestDown) {
  // The server accepts and beats but never answers the subscribe: each
  // attempt fails at its 5 s snapshot deadline and backs off.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.sendSnapshot = false;
  r.server.poll = FakeServer::Poll::Fail;
  r.connect();
  r.run(599999);
  EXPECT_EQ(r.opens(0, 80000), (Times{0, 6000, 13000, 22000, 35000, 55000, 75000}));
  EXPECT_EQ(r.platform.timesOf(Kind::CloseSocket, 0, 60000), (Times{5000, 11000, 18000, 27000, 40000, 60000}));
  // One state line (connecting -> disconnected when the first poll fails at
  // 3 s), then the polls' and the WebSocket's families: 1 + 4 + 4.
  EXPECT_EQ(r.platform.timesOf(Kind::Log),
            (Times{3000, 3000, 5000, 63000, 65000, 183000, 185000, 423000, 425000}));
  EXPECT_EQ(r.platform.logLines()[2], "price feed: no_snapshot: WebSocket open but no usable snapshot (none within 5.0 s)");
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>disconnected(poll_failed)@3000"}));
}

TEST(FeedHostile, AnAcceptedSocketWithoutASnapshotNeverPinsTheFeedToRest) {
  // The subscribe is answered with an `error` frame and the socket stays
  // open, beating. Each such attempt fails at once and backs off; the server
  // heals at 5 s and the next attempt (7 s) is Live.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.refuseSubscribeCode = "bad_request";
  r.server.poll = FakeServer::Poll::Ok;
  r.at(5000, [&] { r.server.refuseSubscribeCode.clear(); });
  r.connect();
  r.run(20000);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000}));
  EXPECT_EQ(r.platform.timesOf(Kind::CloseSocket), (Times{0, 1000, 3000}));
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>polling(server_error)@0", "polling>connected(snapshot)@7000"}));
  EXPECT_EQ(r.platform.logLines()[0],
            "price feed: server_error: server sent an error (bad_request: subscribe refused)");
  EXPECT_EQ(r.feed.counters().polls, 4);  // 0, 2, 4, 6 s: polling stopped at the snapshot
}

TEST(FeedHostile, ASnapshotThenSilenceNeverResetsTheBackoff) {
  // Contract section 2 v2 "healthy": the snapshot and then nothing is not
  // healthy, so the heartbeat timeout (12 s) is followed by the growing
  // backoff, not by a reconnect every 12 s forever.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.heartbeatMs = 0;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(100000);
  EXPECT_EQ(r.opens(), (Times{0, 13000, 27000, 43000, 63000, 90000}));
  EXPECT_EQ(r.platform.timesOf(Kind::CloseSocket), (Times{12000, 25000, 39000, 55000, 75000}));
}

TEST(FeedHostile, ABeatAfterTheSnapshotMakesItHealthyAtTenSeconds) {
  // The positive side of the same rule: one heartbeat after the snapshot
  // (at 5 s) and 10 s since it, and the backoff resets: the drop at 11 s is
  // retried within the spread (0 here), then 1 s.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(11000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.dropAll(1006);
  });
  r.connect();
  r.run(13000);
  EXPECT_EQ(r.opens(), (Times{0, 11000, 12000}));
}

TEST(FeedHostile, ASnapshotWithNoValidEntryIsAFailedAttempt) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.invalidSnapshot = true;
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(3500);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000}));
  for (const auto& c : r.platform.of(Kind::CloseSocket)) EXPECT_EQ(c.action.code, 4004);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(no_snapshot)@0"}));
  EXPECT_EQ(r.platform.logLines()[0],
            "price feed: no_snapshot: WebSocket open but no usable snapshot (snapshot of 2 entries, none valid)");
  EXPECT_EQ(dropped(r.feed.counters().dropped, "bad_price"), 6);
  for (const auto& p : r.feed.prices()) EXPECT_EQ(p.source, Source::Poll);
}

TEST(FeedHostile, AnEmptySnapshotIsASnapshot) {
  // The server has none of the named symbols: an empty snapshot is its
  // honest answer, not a failure (or every reconnect would fail).
  FeedOptions o = exactOptions();
  o.symbols = std::vector<std::string>{"NOPE"};
  Rig r(o);
  r.server.ws = FakeServer::Ws::Accept;
  r.server.sendSnapshot = false;
  auto inner = r.platform.onSend;
  r.platform.onSend = [&r, inner](SocketId id, const std::string& text) {
    inner(id, text);
    r.platform.after(0, [&r, id] { r.platform.socketMessage(id, R"({"type":"snapshot","data":[]})"); });
  };
  r.connect();
  r.run(1000);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>connected(snapshot)@0"}));
  EXPECT_EQ(r.opens(), (Times{0}));
}

}  // namespace
}  // namespace qd::test
