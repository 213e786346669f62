#include "socket_session.h"

#include <cmath>
#include <limits>

namespace qd {
namespace {

int64_t earliest(int64_t a, int64_t b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

void bump(int& n) {
  if (n < std::numeric_limits<int>::max()) ++n;
}

}  // namespace

SocketSession::SocketSession(const FeedOptions& options, RandomSource& random, std::vector<Action>& out)
    : opt_(options), random_(random), out_(out), backoff_(options.backoff, random) {}

int64_t SocketSession::nextRetryInMs(int64_t now) const {
  if (phase_ == Phase::Opening) return 0;
  if (retryAt_ >= 0) return retryAt_ > now ? retryAt_ - now : 0;
  if (authRetryAt_ >= 0) return authRetryAt_ > now ? authRetryAt_ - now : 0;
  return -1;
}

bool SocketSession::open(int64_t now) {
  if (phase_ != Phase::Idle || opt_.wsUrl.empty() || authPause_ != Reason::None) return false;
  retryAt_ = -1;
  id_ = ++nextId_;
  phase_ = Phase::Opening;
  startedAt_ = now;
  delivering_ = messageAfterDelivery_ = healthy_ = false;
  bump(attempt_);
  ++attemptsTotal_;
  Action a = makeAction(Action::Kind::OpenSocket, id_);
  a.url = opt_.wsUrl;
  out_.push_back(std::move(a));
  return true;
}

void SocketSession::retryNow(int64_t now) {
  backoff_.reset();
  attempt_ = 0;
  open(now);
}

void SocketSession::retrySoon(int64_t now) {
  backoff_.reset();
  attempt_ = 0;
  if (phase_ != Phase::Idle || authPause_ != Reason::None || opt_.wsUrl.empty()) return;
  const int64_t delay = spreadMs();
  if (delay == 0) {
    open(now);
  } else {
    retryAt_ = now + delay;
  }
}

int64_t SocketSession::spreadMs() {
  double r = random_.next();
  if (!(r >= 0.0) || r >= 1.0) r = 0.0;  // a broken source must not break the bound
  return static_cast<int64_t>(std::floor(r * static_cast<double>(opt_.reconnectSpreadMs)));
}

void SocketSession::endAuthPause() {
  authPause_ = Reason::None;
  authRetryAt_ = -1;
}

void SocketSession::release() {
  phase_ = Phase::Idle;
  id_ = 0;
  delivering_ = messageAfterDelivery_ = healthy_ = false;
}

void SocketSession::stop(int code, bool forget) {
  if (phase_ != Phase::Idle) {
    Action a = makeAction(Action::Kind::CloseSocket, id_);
    a.code = code;
    out_.push_back(std::move(a));
  }
  release();
  retryAt_ = -1;
  if (forget) {
    backoff_.reset();
    attempt_ = failedAttempts_ = 0;
    endAuthPause();
  }
}

void SocketSession::send(const std::string& text) {
  if (phase_ != Phase::Open) return;
  Action a = makeAction(Action::Kind::SendText, id_);
  a.text = text;
  out_.push_back(std::move(a));
}

void SocketSession::opened(int64_t now) {
  phase_ = Phase::Open;
  openedAt_ = lastMessageAt_ = now;
}

bool SocketSession::message(int64_t now) {
  lastMessageAt_ = now;
  if (!delivering_ || healthy_) return false;
  messageAfterDelivery_ = true;
  // Healthy (contract §2 v2): the snapshot arrived, messages kept coming for
  // healthyAfterMs with at least one after the snapshot, and no gap over the
  // heartbeat timeout (a longer gap would have closed the socket).
  if (now - deliveredAt_ < opt_.healthyAfterMs) return false;
  markHealthy();
  return true;
}

void SocketSession::delivered(int64_t now) {
  if (delivering_) return;
  delivering_ = true;
  deliveredAt_ = now;
  failedAttempts_ = 0;
}

void SocketSession::markHealthy() {
  healthy_ = true;
  backoff_.reset();
  attempt_ = 0;
}

SocketSession::Ended SocketSession::fail(int64_t now, Reason why, int closeCode) {
  const Ended ended{healthy_, delivering_};
  if (closeCode != 0) {
    stop(closeCode, false);
  } else {
    release();
  }
  bump(failedAttempts_);
  if (why == Reason::Unauthorized || why == Reason::ForbiddenOrigin) {
    // No retry loop: a refused credential does not get better by itself
    // within seconds (§4). retryNow, new credentials or the timer end it.
    authPause_ = why;
    authRetryAt_ = now + opt_.authRetryAfterMs;
    retryAt_ = -1;
    return ended;
  }
  int64_t delay;
  if (why == Reason::ServerOverloaded) {
    delay = backoff_.atLeastCapMs();
  } else if (ended.wasHealthy) {
    // A fleet that lost the same server must not come back in the same
    // 100 ms: spread the first retry evenly; the backoff (reset when the
    // connection became healthy) takes over after it.
    delay = spreadMs();
  } else {
    delay = backoff_.nextDelayMs();
  }
  if (delay == 0) {
    open(now);
  } else {
    retryAt_ = now + delay;
  }
  return ended;
}

int64_t SocketSession::healthyDeadline() const {
  return delivering() && !healthy_ && messageAfterDelivery_ ? deliveredAt_ + opt_.healthyAfterMs : -1;
}
int64_t SocketSession::connectDeadline() const {
  return phase_ == Phase::Opening ? startedAt_ + opt_.connectTimeoutMs : -1;
}
int64_t SocketSession::snapshotDeadline() const {
  return phase_ == Phase::Open && !delivering_ ? openedAt_ + opt_.snapshotTimeoutMs : -1;
}
int64_t SocketSession::heartbeatDeadline() const {
  return phase_ == Phase::Open ? lastMessageAt_ + opt_.heartbeatTimeoutMs : -1;
}

int64_t SocketSession::nextDeadline() const {
  int64_t t = -1;
  for (int64_t d : {healthyDeadline(), connectDeadline(), snapshotDeadline(), heartbeatDeadline(),
                    authRetryAt_, retryAt_}) {
    t = earliest(t, d);
  }
  return t;
}

SocketSession::Timer SocketSession::due(int64_t now) const {
  auto at = [now](int64_t d) { return d >= 0 && d <= now; };
  if (at(healthyDeadline())) return Timer::Healthy;
  if (at(connectDeadline())) return Timer::ConnectTimeout;
  if (at(snapshotDeadline())) return Timer::SnapshotTimeout;
  if (at(heartbeatDeadline())) return Timer::HeartbeatTimeout;
  if (at(authRetryAt_)) return Timer::AuthRetry;
  if (at(retryAt_)) return Timer::Retry;
  return Timer::None;
}

void SocketSession::retryDue(int64_t now) {
  retryAt_ = -1;
  open(now);
}

}  // namespace qd
