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

TEST(FeedAuth, ErrorFramesAreLogged) {
  Rig r;
  refuseAuth(r, 4401);
  r.server.poll = FakeServer::Poll::Ok;
  r.connect();
  r.run(0);
  const auto lines = r.platform.logLines();
  ASSERT_GE(lines.size(), 1u);
  EXPECT_EQ(lines[0], "price feed: server_error: server error unauthorized: refused");
}

}  // namespace
}  // namespace qd::test
