// FeedController WebSocket handling: attempts, failures, health, the auth
// pause (docs/engine.md).
#include "feed_controller_impl.h"

namespace qd {

void FeedController::Impl::openSocket(int64_t now) {
  if (phase != Phase::None || opt.wsUrl.empty() || authBlock != Reason::None) return;
  wsRetryAt = kNever;
  sock = ++nextSocketId;
  phase = Phase::Opening;
  sockStartedAt = now;
  snapshotSeen = false;
  healthy = false;
  if (attempt < std::numeric_limits<int>::max()) ++attempt;
  ++counters.wsAttempts;
  Action a = makeAction(Action::Kind::OpenSocket);
  a.id = sock;
  a.url = opt.wsUrl;
  actions.push_back(std::move(a));
}

// Lets go of the socket; later events for its id are ignored.
void FeedController::Impl::closeSocket(int code) {
  if (phase == Phase::None) return;
  Action a = makeAction(Action::Kind::CloseSocket);
  a.id = sock;
  a.code = code;
  actions.push_back(std::move(a));
  releaseSocket();
}

void FeedController::Impl::releaseSocket() {
  phase = Phase::None;
  sock = 0;
  snapshotSeen = false;
}

void FeedController::Impl::send(const std::string& text) {
  if (phase != Phase::Open) return;
  Action a = makeAction(Action::Kind::SendText);
  a.id = sock;
  a.text = text;
  actions.push_back(std::move(a));
}

// The socket is gone (failed attempt, drop, timeout). Closes it with
// `closeCode` when the engine is the one ending it, decides the retry,
// engages polling and moves the state.
void FeedController::Impl::socketGone(int64_t now, Reason why, int code, int closeCode) {
  const bool wasHealthy = healthy;
  const bool wasDelivering = snapshotSeen;
  if (closeCode != 0) {
    closeSocket(closeCode);
  } else {
    releaseSocket();
  }
  healthy = false;
  wsReason = why;
  ++counters.wsFailures;
  if (failedAttempts < std::numeric_limits<int>::max()) ++failedAttempts;
  std::string text = reasonText(why);
  if (code != 0) text += " (code " + std::to_string(code) + ")";

  if (why == Reason::Unauthorized || why == Reason::ForbiddenOrigin) {
    // No retry loop: a refused credential will not get better by itself
    // within seconds. Polling carries the prices meanwhile.
    authBlock = why;
    authRetryAt = now + opt.authRetryAfterMs;
    wsRetryAt = kNever;
    logError(now, why, text + "; polling, next WebSocket attempt in " +
                           seconds(opt.authRetryAfterMs));
    engagePolling(now);
    reconcile(now, why);
    return;
  }

  int64_t delay;
  if (why == Reason::ServerOverloaded) {
    delay = wsBackoff.atLeastCapMs();
  } else if (wasHealthy) {
    delay = 0;  // a healthy connection dropped: try again at once
  } else {
    delay = wsBackoff.nextDelayMs();
  }
  logError(now, why, text);
  if (wasDelivering || why == Reason::HeartbeatTimeout ||
      failedAttempts >= opt.fallbackAfterAttempts) {
    engagePolling(now);
  }
  if (delay == 0) {
    openSocket(now);
  } else {
    wsRetryAt = now + delay;
  }
  if (!polling && fallbackAt < 0 && !pollUrl.empty()) fallbackAt = now + opt.fallbackAfterMs;
  reconcile(now, why);
}

void FeedController::Impl::markHealthy(int64_t now) {
  healthy = true;
  wsBackoff.reset();
  attempt = 0;
  failedAttempts = 0;
  logs.resetAll(now, actions);
}

// Retry the WebSocket now with a fresh backoff (online, visible, retryNow,
// polls recovering).
void FeedController::Impl::retryWsNow(int64_t now) {
  wsBackoff.reset();
  attempt = 0;
  if (phase == Phase::None && authBlock == Reason::None) openSocket(now);
}

void FeedController::Impl::clearAuthBlock() {
  authBlock = Reason::None;
  authRetryAt = kNever;
  pollAuthRefused = false;
  if (fatal == Reason::Unauthorized || fatal == Reason::ForbiddenOrigin) fatal = Reason::None;
}

}  // namespace qd
