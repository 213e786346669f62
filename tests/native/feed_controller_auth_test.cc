// Close codes that change the retry policy (docs/contract.md §4): 4401/4403
// pause the WebSocket (polling carries on), 1013 waits at least the cap.
#include <gtest/gtest.h>

#include "fake_server.h"

namespace qd::test {
namespace {

using Kind = Action::Kind;

void refuseAuth(Rig& r, int code) {
  r.server.ws = FakeServer::Ws::AcceptClose;
  r.server.sendSnapshot = false;
  r.server.errorFrameCode = code == 4401 ? "unauthorized" : "forbidden_origin";
  r.server.closeCode = code;
}

TEST(FeedAuth, Close4401KeepsPollingAndPausesTheSocketForFiveMinutes) {
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(299999);
  EXPECT_EQ(r.opens(), (Times{0}));  // no retry loop
  EXPECT_EQ(r.polls().size(), 150u);  // 0, 2, ..., 298 s
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(unauthorized)@0"}));
  EXPECT_EQ(r.feed.reason(), "unauthorized");
  EXPECT_EQ(r.feed.nextRetryInMs(100000), 200000);
  EXPECT_EQ(r.platform.statuses()[0].nextRetryInMs, 300000);
  r.run(600000);
  EXPECT_EQ(r.opens(), (Times{0, 300000, 600000}));
}

TEST(FeedAuth, Close4403CarriesForbiddenOrigin) {
  Rig r;
  refuseAuth(r, 4403);
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(60000);
  EXPECT_EQ(r.opens(), (Times{0}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(forbidden_origin)@0"}));
}

TEST(FeedAuth, RetryNowEndsThePause) {
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Ok;
  r.at(49000, [&] {
    r.server.ws = FakeServer::Ws::Accept;
    r.server.sendSnapshot = true;
  });
  r.callAt(50000, [](FeedController& f, int64_t t) { f.retryNow(t); });
  r.connect();
  r.run(60000);
  EXPECT_EQ(r.opens(), (Times{0, 50000}));
  EXPECT_EQ(r.feed.state(), State::Connected);
  EXPECT_EQ(r.polls(50001, 60000), Times{});  // the snapshot ended polling
}

TEST(FeedAuth, NewCredentialsEndThePause) {
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Ok;
  r.callAt(70000, [](FeedController& f, int64_t t) { f.credentialsChanged(t); });
  r.connect();
  r.run(80000);
  EXPECT_EQ(r.opens(), (Times{0, 70000}));
}

TEST(FeedAuth, BothTransportsRefusedIsAnError) {
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 401;
  r.connect();
  r.run(299999);
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>error(unauthorized)@0"}));
  EXPECT_EQ(r.opens(), (Times{0}));
  EXPECT_EQ(r.polls(), (Times{0}));  // nothing retries in a loop
  EXPECT_EQ(r.feed.nextRetryInMs(299999), 1);
  EXPECT_EQ(r.platform.statuses()[0].nextRetryInMs, 300000);
}

TEST(FeedAuth, ErrorEndsOnRetryNowWhenTheServerLetsUsIn) {
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 401;
  r.at(9000, [&] {
    r.server.ws = FakeServer::Ws::Accept;
    r.server.sendSnapshot = true;
    r.server.poll = FakeServer::Poll::Ok;
  });
  r.callAt(10000, [](FeedController& f, int64_t t) { f.retryNow(t); });
  r.connect();
  r.run(11000);
  EXPECT_EQ(r.opens(), (Times{0, 10000}));
  EXPECT_EQ(r.feed.state(), State::Connected);
}

TEST(FeedAuth, RefusedPollsAloneAreOrdinaryFailures) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 403;
  r.connect();
  r.run(7000);
  EXPECT_NE(r.feed.state(), State::Error);
  EXPECT_EQ(r.polls(), (Times{0, 2000, 6000}));
}

TEST(FeedAuth, OnlyTheLatestPollAnswerCountsAsARefusal) {
  Rig r;
  r.server.ws = FakeServer::Ws::Refuse;
  r.server.poll = FakeServer::Poll::Status;
  r.server.pollStatus = 401;                        // the poll at 0 is refused...
  r.at(1000, [&] { r.server.pollStatus = 503; });  // ...the one at 2000 merely fails
  r.at(2500, [&] { refuseAuth(r, 4401); });         // the attempt at 3000 gets 4401
  r.connect();
  r.run(3500);
  EXPECT_EQ(r.opens(), (Times{0, 1000, 3000}));
  EXPECT_EQ(r.polls(), (Times{0, 2000}));
  // Only the WebSocket refuses for authentication now: not an `error`.
  EXPECT_EQ(r.feed.state(), State::Disconnected);
  EXPECT_EQ(r.feed.reason(), "unauthorized");
}

TEST(FeedAuth, Close1013WaitsAtLeastTheCap) {
  Rig r;
  r.server.ws = FakeServer::Ws::AcceptClose;
  r.server.sendSnapshot = false;
  r.server.closeCode = 1013;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(1, [&] { r.server.ws = FakeServer::Ws::Refuse; });
  r.connect();
  r.run(21000);
  // 1013 -> 15 s (the cap) instead of 1 s; then the schedule goes on (2, 4 s).
  EXPECT_EQ(r.opens(), (Times{0, 15000, 17000, 21000}));
  EXPECT_EQ(r.platform.transitions(), (Strings{"connecting>polling(server_overloaded)@0"}));
}

TEST(FeedAuth, Close1013OnAHealthySocketStillWaitsTheCap) {
  // A healthy socket that drops is normally retried within the 1.5 s spread;
  // 1013 "try again later" overrides that: the next attempt waits the cap.
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.server.poll = FakeServer::Poll::Ok;
  r.at(20000, [&] {
    r.server.ws = FakeServer::Ws::Refuse;
    r.server.dropAll(1013);
  });
  r.connect();
  r.run(38000);
  EXPECT_EQ(r.opens(), (Times{0, 35000, 37000}));
  EXPECT_EQ(r.polls(20000, 20000), (Times{20000}));  // the fallback carries the prices
  EXPECT_EQ(r.feed.reason(), "ws_unreachable");
  EXPECT_EQ(r.platform.transitions(),
            (Strings{"connecting>connected(snapshot)@0",
                     "connected>connecting(server_overloaded)@20000",
                     "connecting>polling(server_overloaded)@20000"}));
  EXPECT_EQ(r.platform.statuses()[1].nextRetryInMs, 15000);
}

TEST(FeedAuth, Close1013SpreadsAboveTheCapByTheJitter) {
  // Contract section 8: 1013 waits cap + (cap - jittered cap). With the
  // default jitter 0.2 and the random source at its top end (factor 0.8)
  // that is 15 + 3 = 18 s; at factor 1 it is exactly the cap.
  for (const auto& [r01, expected] : {std::pair<double, int64_t>{0.9999999999, 18000},
                                     std::pair<double, int64_t>{0, 15000}}) {
    FeedOptions o = exactOptions();
    o.backoff.jitter = 0.2;
    Rig r(o);
    r.random = FixedRandom(r01);  // the backoffs keep a pointer to r.random
    r.server.ws = FakeServer::Ws::AcceptClose;
    r.server.sendSnapshot = false;
    r.server.closeCode = 1013;
    r.server.poll = FakeServer::Poll::Ok;
    r.at(1, [&] { r.server.ws = FakeServer::Ws::Hang; });
    r.connect();
    r.run(20000);
    EXPECT_EQ(r.opens(), (Times{0, expected})) << r01;
    EXPECT_EQ(r.platform.statuses().at(0).nextRetryInMs, expected) << r01;
  }
}

TEST(FeedAuth, AuthCloseOnAHealthySessionPausesInsteadOfReconnectingAtOnce) {
  // A session token expiring mid-session: the socket had been healthy for
  // 20 s, which would normally mean an immediate reconnect; 4401/4403 must
  // still pause the WebSocket for 5 minutes while polling carries on.
  for (const auto& [code, reason] : {std::pair<int, std::string>{4401, "unauthorized"},
                                     std::pair<int, std::string>{4403, "forbidden_origin"}}) {
    Rig r;
    r.server.ws = FakeServer::Ws::Accept;
    r.server.poll = FakeServer::Poll::Ok;
    r.at(20000, [&r, code = code] {
      refuseAuth(r, code);
      r.server.dropAll(code);
    });
    r.connect();
    r.run(319999);
    EXPECT_EQ(r.opens(), (Times{0})) << code;
    EXPECT_EQ(r.polls(0, 24000), (Times{20000, 22000, 24000})) << code;
    EXPECT_EQ(r.feed.state(), State::Polling) << code;
    EXPECT_EQ(r.feed.reason(), reason) << code;
    EXPECT_EQ(r.feed.nextRetryInMs(20000), 300000) << code;
    r.run(320000);
    EXPECT_EQ(r.opens(), (Times{0, 320000})) << code;
  }
}

TEST(FeedAuth, EveryOtherCloseCodeIsRetriedOnTheSchedule) {
  for (int code : {1000, 1001, 1006, 1008, 1011, 1012, 4000, 4400, 4402, 4404, 4999}) {
    Rig r;
    r.server.ws = FakeServer::Ws::AcceptClose;
    r.server.sendSnapshot = false;
    r.server.closeCode = code;
    r.server.poll = FakeServer::Poll::Ok;
    r.connect();
    r.run(7000);
    EXPECT_EQ(r.opens(), (Times{0, 1000, 3000, 7000})) << code;
    EXPECT_EQ(r.feed.reason(), "ws_closed") << code;
  }
}

TEST(FeedAuth, AnUnauthorizedErrorFrameIsTheAuthRefusalItself) {
  // The server's refusal comes as an `error` frame, then close 4401: the
  // frame already ends the attempt as an auth refusal (the later close is for
  // a socket the engine let go of).
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(0);
  const auto lines = r.platform.logLines();
  ASSERT_GE(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "price feed: unauthorized: not authorized (unauthorized: refused); polling, next "
            "WebSocket attempt in 300.0 s");
  EXPECT_EQ(r.feed.reason(), "unauthorized");
  EXPECT_EQ(r.feed.nextRetryInMs(0), 300000);
  EXPECT_EQ(r.platform.of(Action::Kind::CloseSocket).at(0).action.code, 4004);
}

TEST(FeedAuth, AnErrorFrameAfterTheSnapshotIsOnlyLogged) {
  Rig r;
  r.server.ws = FakeServer::Ws::Accept;
  r.callAt(1000, [&](FeedController&, int64_t) {
    r.platform.socketMessage(1, R"({"type":"error","code":"rate_limited","message":"slow down"})");
  });
  r.connect();
  r.run(2000);
  EXPECT_EQ(r.feed.state(), State::Connected);
  EXPECT_EQ(r.platform.count(Action::Kind::CloseSocket), 0u);
  EXPECT_EQ(r.platform.logLines().back(), "price feed: server_error: server sent an error (rate_limited: slow down)");
}

}  // namespace
}  // namespace qd::test
