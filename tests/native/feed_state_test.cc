#include "feed_state.h"

#include <gtest/gtest.h>

namespace qd {
namespace {

using Answer = PollScheduler::Answer;

std::string show(const DerivedState& d) {
  return std::string(toString(d.state)) + "(" + reasonCode(d.reason) + ")";
}

TEST(FeedState, TheTableOfContractSectionThree) {
  const Reason cause = Reason::WsClosed;
  auto with = [](auto edit) {
    FeedFacts f;
    edit(f);
    return f;
  };
  struct Row {
    const char* name;
    FeedFacts facts;
    const char* want;
  } rows[] = {
      {"nothing happened yet", with([](FeedFacts&) {}), "connecting(ws_closed)"},
      {"fatal", with([](FeedFacts& f) { f.fatal = Reason::BadConfig; f.wsDelivering = true; }), "error(bad_config)"},
      {"both refused", with([](FeedFacts& f) { f.authPause = Reason::Unauthorized; f.pollRefusedAuth = true; }),
       "error(unauthorized)"},
      {"socket refused, polls fine",
       with([](FeedFacts& f) { f.authPause = Reason::Unauthorized; f.wsReason = Reason::Unauthorized;
                               f.pollEngaged = true; f.latestPoll = Answer::Ok; }),
       "polling(unauthorized)"},
      {"live", with([](FeedFacts& f) { f.wsDelivering = true; f.pollEngaged = true; f.latestPoll = Answer::Failed; }),
       "connected(snapshot)"},
      {"polling", with([](FeedFacts& f) { f.wsFailed = true; f.wsReason = Reason::WsUnreachable;
                                          f.pollEngaged = true; f.latestPoll = Answer::Ok; }),
       "polling(ws_unreachable)"},
      {"forced", with([](FeedFacts& f) { f.pollEngaged = true; f.latestPoll = Answer::Ok; f.pollForcedOnly = true; }),
       "polling(fallback_forced)"},
      {"v2: first poll in flight after a healthy drop",
       with([](FeedFacts& f) { f.everData = true; f.wsFailed = true; f.pollEngaged = true; f.pollInFlight = true; }),
       "connecting(ws_closed)"},
      {"the poll failed too",
       with([](FeedFacts& f) { f.everData = true; f.wsFailed = true; f.pollEngaged = true; f.latestPoll = Answer::Failed; }),
       "disconnected(ws_closed)"},
      {"no poll can be sent (Retry-After)",
       with([](FeedFacts& f) { f.everData = true; f.wsFailed = true; f.pollEngaged = true; }),
       "disconnected(ws_closed)"},
      {"no fallback configured",
       with([](FeedFacts& f) { f.everData = true; f.wsFailed = true; }), "disconnected(ws_closed)"},
      {"first attempt failed, no poll yet", with([](FeedFacts& f) { f.wsFailed = true; }), "disconnected(ws_closed)"},
  };
  for (const auto& r : rows) EXPECT_EQ(show(deriveState(r.facts, cause)), r.want) << r.name;
}

}  // namespace
}  // namespace qd
