#include "feed_state.h"

namespace qd {

DerivedState deriveState(const FeedFacts& f, Reason cause) {
  using Answer = PollScheduler::Answer;
  if (f.fatal != Reason::None) return {State::Error, f.fatal};
  if (f.authPause != Reason::None && f.pollRefusedAuth) return {State::Error, f.authPause};
  if (f.wsDelivering) return {State::Connected, Reason::Snapshot};
  if (f.pollEngaged && f.latestPoll == Answer::Ok) {
    return {State::Polling, f.pollForcedOnly ? Reason::FallbackForced : f.wsReason};
  }
  if (f.pollEngaged && f.latestPoll == Answer::None && f.pollInFlight) return {State::Connecting, cause};
  const bool pollFailed = f.pollEngaged && f.latestPoll == Answer::Failed;
  if (!f.everData && !f.wsFailed && !pollFailed) return {State::Connecting, cause};
  return {State::Disconnected, cause};
}

}  // namespace qd
