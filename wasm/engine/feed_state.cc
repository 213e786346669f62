// FeedController state: the one transition function and the derivation
// of the state from the facts (docs/contract.md §3).
#include "feed_controller_impl.h"

namespace qd {

void FeedController::Impl::push(Action::Kind kind, int32_t id) {
  Action a = makeAction(kind);
  a.id = id;
  actions.push_back(std::move(a));
}

void FeedController::Impl::logError(int64_t now, Reason kind, const std::string& text, LogLevel level) {
  logs.report(now, kind, level, text, actions);
  counters.logsSuppressed = logs.suppressedTotal();
}

std::vector<std::string> FeedController::Impl::symbolList() const {
  if (allSymbols) return {};
  return {symbols.begin(), symbols.end()};
}

int64_t FeedController::Impl::nextRetryInMs(int64_t now) const {
  if (!started || fatal != Reason::None) return authRetryAt >= 0 ? authRetryAt - now : kNever;
  if (phase == Phase::Opening) return 0;
  if (wsRetryAt >= 0) return std::max<int64_t>(0, wsRetryAt - now);
  if (authRetryAt >= 0) return std::max<int64_t>(0, authRetryAt - now);
  return kNever;
}

// The one transition function: every state change goes through here and
// emits one Action::Status and one log line.
void FeedController::Impl::setState(int64_t now, State next, Reason why) {
  reason = why;
  if (next == state) return;
  StatusEvent e;
  e.state = next;
  e.previous = state;
  e.reason = reasonCode(why);
  e.source = next == State::Connected ? Source::Ws
             : next == State::Polling ? Source::Poll
                                      : Source::None;
  e.attempt = attempt;
  e.nextRetryInMs = nextRetryInMs(now);
  e.at = now;
  state = next;
  status = e;
  Action a = makeAction(Action::Kind::Status);
  a.status = e;
  actions.push_back(std::move(a));
  std::string line = std::string("price feed: ") + toString(e.previous) + " -> " +
                     toString(next) + " (" + reasonCode(why) + ")";
  if (e.nextRetryInMs > 0) line += ", next WebSocket attempt in " + seconds(e.nextRetryInMs);
  const LogLevel level = next == State::Error ? LogLevel::Error
                         : next == State::Disconnected && why != Reason::User ? LogLevel::Warn
                                                                               : LogLevel::Info;
  LogThrottle::print(level, line, actions);
}

// Derives the state from the facts (§3) and moves there. `cause` is the
// event being handled; it becomes the reason of `disconnected`/`connecting`.
void FeedController::Impl::reconcile(int64_t now, Reason cause) {
  if (!started) return;
  if (fatal == Reason::None && authBlock != Reason::None && pollAuthRefused) {
    enterError(now, authBlock);  // both transports refused for authentication
    return;
  }
  if (fatal != Reason::None) {
    setState(now, State::Error, fatal);
  } else if (phase == Phase::Open && snapshotSeen) {
    setState(now, State::Connected, Reason::Snapshot);
  } else if (polling && pollOk && pollFailures == 0) {
    setState(now, State::Polling, pollForced && wsReason == Reason::NoData
                                      ? Reason::FallbackForced
                                      : wsReason);
  } else if (!everData && (polling ? pollFailures == 0 : failedAttempts == 0)) {
    setState(now, State::Connecting, cause);
  } else {
    setState(now, State::Disconnected, cause);
  }
}

void FeedController::Impl::enterError(int64_t now, Reason why) {
  fatal = why;
  stopPolling();
  closeSocket(kCloseNormal);
  wsRetryAt = kNever;
  fallbackAt = kNever;
  setState(now, State::Error, why);  // its log line says it, at Error level
}

}  // namespace qd
