#include "poll_scheduler.h"

#include <gtest/gtest.h>

#include "drop_counts.h"
#include "fake_platform.h"

namespace qd {
namespace {

using test::FixedRandom;
using Answer = PollScheduler::Answer;
using Kind = PollScheduler::Outcome::Kind;

const char* const kBody = R"({"success":true,"data":{"BTC":1},"timestamp":5})";

FeedOptions pollOptions() {
  FeedOptions o;
  o.backoff.jitter = 0;
  o.pollUrl = "http://test/p";
  return o;
}

struct Polls {
  FeedOptions opt = pollOptions();
  FixedRandom random{0};
  std::vector<Action> out;
  DropCounts drops;
  PollScheduler p{opt, random, out};

  PollId lastStarted() const {
    for (auto it = out.rbegin(); it != out.rend(); ++it) {
      if (it->kind == Action::Kind::StartPoll) return it->id;
    }
    return 0;
  }
  PollScheduler::Outcome answer(int64_t now, int status, int64_t retryAfterMs = -1, const char* body = kBody) {
    return p.onResult(now, lastStarted(), PollResult{status, body, retryAfterMs}, drops);
  }
};

TEST(PollScheduler, EngagingPollsAtOnceThenEveryInterval) {
  Polls t;
  EXPECT_FALSE(t.p.engaged());
  t.p.engage(0);
  EXPECT_TRUE(t.p.engaged());
  EXPECT_TRUE(t.p.inFlight());
  EXPECT_EQ(t.p.latest(), Answer::None);
  EXPECT_EQ(t.out.at(0).url, "http://test/p");
  const auto o = t.answer(100, 200);
  EXPECT_EQ(o.kind, Kind::Ok);
  ASSERT_EQ(o.body.prices.size(), 1u);
  EXPECT_EQ(t.p.latest(), Answer::Ok);
  EXPECT_EQ(t.p.nextDeadline(), 2100);
  t.p.fire(2100);
  EXPECT_EQ(t.p.sentTotal(), 2);
}

TEST(PollScheduler, FailuresBackOffAndAnswersAreClassified) {
  Polls t;
  t.p.engage(0);
  auto o = t.answer(0, 0);
  EXPECT_EQ(o.kind, Kind::Failed);
  EXPECT_EQ(o.why, Reason::PollFailed);
  EXPECT_EQ(o.text, "network error");
  EXPECT_EQ(t.p.nextDeadline(), 2000);
  t.p.fire(2000);
  o = t.answer(2000, 401);
  EXPECT_EQ(o.why, Reason::Unauthorized);
  EXPECT_TRUE(t.p.refusedAuth());
  EXPECT_EQ(t.p.nextDeadline(), 6000);
  t.p.fire(6000);
  o = t.answer(6000, 200, -1, "<html>");
  EXPECT_EQ(o.why, Reason::PollFailed);
  EXPECT_FALSE(t.p.refusedAuth());  // the latest answer only
  EXPECT_EQ(o.text, "unusable body (HTTP 200)");
  EXPECT_EQ(t.p.nextDeadline(), 14000);
  t.p.fire(14000);
  o = t.answer(14000, 200);
  EXPECT_EQ(o.kind, Kind::Ok);
  EXPECT_TRUE(o.recovered);
  EXPECT_EQ(t.p.failedTotal(), 3);
}

TEST(PollScheduler, RetryAfterHoldsEveryPollButTheUsers) {
  Polls t;
  t.p.engage(0);
  const auto o = t.answer(0, 503, 30000);
  EXPECT_EQ(o.text, "HTTP 503, Retry-After 30.0 s");
  EXPECT_EQ(t.p.nextDeadline(), 30000);
  t.p.pollNow(5000);  // visible / online
  EXPECT_FALSE(t.p.inFlight());
  EXPECT_EQ(t.p.nextDeadline(), 30000);
  t.p.userRetry(6000);
  EXPECT_TRUE(t.p.inFlight());
  t.answer(6000, 429, 600000);  // capped at 60 s
  EXPECT_EQ(t.p.nextDeadline(), 66000);
}

TEST(PollScheduler, ATimedOutPollIsAbandonedAndFails) {
  Polls t;
  t.p.engage(0);
  EXPECT_EQ(t.p.nextDeadline(), 5000);
  const auto o = t.p.fire(5000);
  EXPECT_EQ(o.kind, Kind::Failed);
  EXPECT_EQ(o.why, Reason::PollTimeout);
  EXPECT_EQ(t.out.back().kind, Action::Kind::AbandonPoll);
  EXPECT_EQ(t.answer(5001, 200).kind, Kind::Ignored);  // too late
}

TEST(PollScheduler, ManualAndAutomaticAreIndependent) {
  Polls t;
  t.p.startManual(0, "", 0, true);
  EXPECT_TRUE(t.p.engaged());
  t.p.engage(0);        // automatic on too
  t.p.stopManual(100);  // never switches the automatic one off
  EXPECT_TRUE(t.p.engaged());
  t.p.disengage();
  EXPECT_FALSE(t.p.engaged());
  EXPECT_EQ(t.out.back().kind, Action::Kind::AbandonPoll);
  EXPECT_EQ(t.p.nextDeadline(), -1);
}

TEST(PollScheduler, AManualStartBeforeConnectWaitsForResume) {
  Polls t;
  t.p.startManual(0, "http://other/p", 500, false);
  EXPECT_FALSE(t.p.inFlight());
  t.p.resume(10);
  ASSERT_TRUE(t.p.inFlight());
  EXPECT_EQ(t.out.back().url, "http://other/p");
  t.answer(10, 200);
  EXPECT_EQ(t.p.nextDeadline(), 510);
}

TEST(PollScheduler, HiddenPagesPollLess) {
  Polls t;
  t.p.setHidden(true);
  t.p.engage(0);
  t.answer(0, 200);
  EXPECT_EQ(t.p.nextDeadline(), 10000);
  t.p.fire(10000);
  t.answer(10000, 0);
  EXPECT_EQ(t.p.nextDeadline(), 20000);  // max(2 s backoff, 10 s)
}

TEST(PollScheduler, NoUrlNeverEngages) {
  Polls t;
  t.opt.pollUrl.clear();
  PollScheduler p(t.opt, t.random, t.out);
  p.engage(0);
  EXPECT_FALSE(p.engaged());
  EXPECT_TRUE(t.out.empty());
}

}  // namespace
}  // namespace qd
