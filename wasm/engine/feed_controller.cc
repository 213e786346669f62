// FeedController's public methods: events and commands in, actions out.
// The private state and its parts live in feed_controller_impl.h.
#include "feed_controller.h"

#include "feed_controller_impl.h"
#include "protocol.h"

namespace qd {

FeedController::FeedController(FeedOptions options, RandomSource& random)
    : impl_(std::make_unique<Impl>(std::move(options), random)) {}
FeedController::~FeedController() = default;
FeedController::FeedController(FeedController&&) noexcept = default;
FeedController& FeedController::operator=(FeedController&&) noexcept = default;

void FeedController::connect(int64_t now) {
  Impl& m = *impl_;
  if (m.started) return;
  m.started = true;
  m.fatal = Reason::None;
  m.everData = false;
  m.failedAttempts = 0;
  m.wsReason = Reason::NoData;
  m.setState(now, State::Connecting, Reason::Connect);
  if (const char* bad = invalidOption(m.opt); *bad) {
    m.fatal = Reason::BadConfig;
    m.logError(now, Reason::BadConfig, std::string("invalid option ") + bad, LogLevel::Error);
    m.setState(now, State::Error, Reason::BadConfig);
    return;
  }
  if (m.opt.wsUrl.empty()) {
    m.wsReason = Reason::WsDisabled;
    m.engagePolling(now);
  } else {
    m.openSocket(now);
    if (m.pollForced) {
      m.engagePolling(now);
    } else if (!m.pollUrl.empty()) {
      m.fallbackAt = now + m.opt.fallbackAfterMs;
    }
  }
  m.scheduleFlush(now);
}

void FeedController::disconnect(int64_t now) {
  Impl& m = *impl_;
  if (!m.started) return;
  m.closeSocket(kCloseNormal);
  m.stopPolling();
  m.wsRetryAt = m.authRetryAt = m.fallbackAt = m.flushAt = kNever;
  m.authBlock = Reason::None;
  m.pollAuthRefused = false;
  m.fatal = Reason::None;
  m.healthy = false;
  m.wsBackoff.reset();
  m.attempt = 0;
  m.logs.resetAll(now, m.actions);
  m.setState(now, State::Disconnected, Reason::User);
  m.started = false;
}

void FeedController::retryNow(int64_t now) {
  Impl& m = *impl_;
  if (!m.started) return;
  if (m.fatal == Reason::BadConfig) return;  // options do not change by retrying
  m.clearAuthBlock();
  m.retryWsNow(now);
  if (!m.snapshotSeen) m.engagePolling(now);
  m.pollNowIfIdle(now);
  m.reconcile(now, Reason::RetryNow);
  m.scheduleFlush(now);
}

void FeedController::credentialsChanged(int64_t now) {
  Impl& m = *impl_;
  if (!m.started || m.fatal == Reason::BadConfig) return;
  const bool wasBlocked = m.authBlock != Reason::None || m.pollAuthRefused;
  m.clearAuthBlock();
  if (!wasBlocked) return;
  m.retryWsNow(now);
  if (!m.snapshotSeen) m.engagePolling(now);
  m.pollNowIfIdle(now);
  m.reconcile(now, Reason::Credentials);
}

void FeedController::subscribeSymbols(int64_t now, const std::vector<std::string>& list) {
  (void)now;
  Impl& m = *impl_;
  std::vector<std::string> added;
  for (const auto& s : list) {
    if (validSymbol(s) && m.symbols.insert(s).second) added.push_back(s);
  }
  if (added.empty()) return;
  m.send(subscribeFrame(added));
}

void FeedController::unsubscribeSymbols(int64_t now, const std::vector<std::string>& list) {
  (void)now;
  Impl& m = *impl_;
  std::vector<std::string> removed;
  for (const auto& s : list) {
    if (m.symbols.erase(s) > 0) removed.push_back(s);
  }
  if (removed.empty()) return;
  m.send(unsubscribeFrame(removed));
}

void FeedController::startFallbackPolling(int64_t now, const std::string& url,
                                          int64_t intervalMs) {
  Impl& m = *impl_;
  if (!url.empty()) m.pollUrl = url;
  if (intervalMs > 0) {
    m.pollIntervalMs = intervalMs;
    m.pollBackoff = Backoff(pollBackoffOptions(m.opt, intervalMs), m.random);
  }
  m.pollForced = true;
  if (!m.started) return;  // connect() engages it
  m.engagePolling(now);
  m.reconcile(now, Reason::FallbackForced);
  m.scheduleFlush(now);
}

void FeedController::stopFallbackPolling(int64_t now) {
  Impl& m = *impl_;
  m.pollForced = false;
  if (!m.started) return;
  m.stopPolling();
  m.reconcile(now, Reason::User);
}

void FeedController::onSocketOpen(int64_t now, SocketId id) {
  Impl& m = *impl_;
  if (!m.started || id != m.sock || m.phase != Impl::Phase::Opening) return;
  m.phase = Impl::Phase::Open;
  m.sockOpenedAt = now;
  m.lastMessageAt = now;
  m.offline = false;
  m.send(subscribeFrame(m.symbolList()));
}

void FeedController::onSocketMessage(int64_t now, SocketId id, std::string_view text) {
  Impl& m = *impl_;
  if (!m.started || id != m.sock || m.phase != Impl::Phase::Open) return;
  ++m.counters.wsMessages;
  m.lastMessageAt = now;  // any message, even a bad one, proves the socket lives
  Frame f = parseFrame(text, m.opt.maxMessageBytes, m.counters.dropped);
  switch (f.type) {
    case FrameType::Snapshot: {
      m.applyPrices(now, f.prices, Source::Ws);
      m.snapshotSeen = true;
      m.everData = true;
      m.failedAttempts = 0;
      m.fallbackAt = kNever;
      // Switch back: the snapshot is in the book, so polling can stop with
      // no gap; anything a late poll would bring is older or a duplicate.
      if (m.polling && !m.pollForced) m.stopPolling();
      if (now - m.sockOpenedAt >= m.opt.healthyAfterMs && !m.healthy) m.markHealthy(now);
      m.reconcile(now, Reason::Snapshot);
      break;
    }
    case FrameType::Update:
      m.applyPrices(now, f.prices, Source::Ws);
      break;
    case FrameType::Error:
      m.logError(now, Reason::ServerError,
                 "server error " + f.errorCode + (f.errorMessage.empty() ? "" : ": ") +
                     f.errorMessage);
      break;
    default:
      break;  // heartbeat, pong; invalid/unknown frames are already counted
  }
  m.scheduleFlush(now);
}

void FeedController::onSocketError(int64_t now, SocketId id) {
  Impl& m = *impl_;
  if (!m.started || id != m.sock) return;
  if (m.phase == Impl::Phase::Opening) {
    // Node's WebSocket fires `error` and never `close` on a refused connect.
    m.socketGone(now, Reason::WsUnreachable, 0);
  } else {
    m.socketGone(now, Reason::WsClosed, 0, kCloseAfterError);
  }
  m.scheduleFlush(now);
}

void FeedController::onSocketClose(int64_t now, SocketId id, int code, const std::string&) {
  Impl& m = *impl_;
  if (!m.started || id != m.sock) return;
  const bool opened = m.phase == Impl::Phase::Open;
  Reason why = opened ? Reason::WsClosed : Reason::WsUnreachable;
  if (code == kCloseUnauthorized) why = Reason::Unauthorized;
  if (code == kCloseForbiddenOrigin) why = Reason::ForbiddenOrigin;
  if (code == kCloseTryAgainLater) why = Reason::ServerOverloaded;
  m.socketGone(now, why, code);
  m.scheduleFlush(now);
}

void FeedController::onPollResult(int64_t now, PollId id, const PollResult& r) {
  Impl& m = *impl_;
  if (!m.started || id == 0 || id != m.poll) return;
  m.poll = 0;
  if (!m.polling) return;  // stopped while in flight
  // "Both transports refused" speaks of the latest poll answer only.
  m.pollAuthRefused = r.status == 401 || r.status == 403;
  if (r.status >= 200 && r.status < 300) {
    RestBody body = parseRestBody(r.body, m.opt.maxMessageBytes, m.counters.dropped);
    if (body.ok) {
      m.pollSucceeded(now, body.prices);
    } else {
      m.pollFailed(now, Reason::PollFailed, "unusable body (HTTP " + std::to_string(r.status) + ")",
                   -1);
    }
  } else if (m.pollAuthRefused) {
    m.pollFailed(now, r.status == 401 ? Reason::Unauthorized : Reason::ForbiddenOrigin,
                 "poll refused (HTTP " + std::to_string(r.status) + ")", -1);
  } else if (r.status == 429) {
    m.pollFailed(now, Reason::PollRateLimited, "HTTP 429", r.retryAfterMs);
  } else {
    m.pollFailed(now, Reason::PollFailed,
                 r.status == 0 ? std::string("network error")
                               : "HTTP " + std::to_string(r.status),
                 -1);
  }
  m.scheduleFlush(now);
}

void FeedController::onOnline(int64_t now) {
  Impl& m = *impl_;
  m.offline = false;
  if (!m.started || m.fatal != Reason::None) return;
  m.logs.print(LogLevel::Info, "price feed: network online, retrying now", m.actions);
  m.retryWsNow(now);
  m.pollNowIfIdle(now);
  m.reconcile(now, Reason::Online);
}

void FeedController::onOffline(int64_t now) {
  Impl& m = *impl_;
  if (m.offline) return;
  m.offline = true;
  // Only noted: the schedules go on (an `offline` flag can be wrong), and
  // nothing retries faster because of it.
  if (m.started) m.logError(now, Reason::Offline, "network offline", LogLevel::Info);
}

void FeedController::onVisibility(int64_t now, bool visible) {
  Impl& m = *impl_;
  const bool wasHidden = m.hidden;
  m.hidden = !visible;
  if (!m.started || m.fatal != Reason::None || !visible || !wasHidden) return;
  m.retryWsNow(now);
  m.pollNowIfIdle(now);
  m.reconcile(now, Reason::Visible);
}

int64_t FeedController::nextDeadline() const { return impl_->nextDeadline(); }

void FeedController::advance(int64_t now) {
  Impl& m = *impl_;
  if (!m.started) return;
  // Each firing changes the facts a deadline is computed from, so this ends;
  // the bound only guards against a bug turning into a hang.
  for (int i = 0; i < 10000 && m.started && m.fireOne(now); ++i) {
  }
  m.scheduleFlush(now);
}

std::vector<Action> FeedController::takeActions() {
  std::vector<Action> out;
  out.swap(impl_->actions);
  return out;
}

std::vector<Price> FeedController::takeBatch() { return impl_->book.takeChanged(); }

State FeedController::state() const { return impl_->state; }
Source FeedController::source() const {
  switch (impl_->state) {
    case State::Connected: return Source::Ws;
    case State::Polling: return Source::Poll;
    default: return Source::None;
  }
}
const StatusEvent& FeedController::lastStatus() const { return impl_->status; }
std::string FeedController::reason() const { return reasonCode(impl_->reason); }
int FeedController::attempt() const { return impl_->attempt; }
int64_t FeedController::nextRetryInMs(int64_t now) const { return impl_->nextRetryInMs(now); }
bool FeedController::polling() const { return impl_->polling; }
bool FeedController::socketOpen() const { return impl_->phase == Impl::Phase::Open; }
int64_t FeedController::lastMessageAt() const { return impl_->lastMessageAt; }
const Counters& FeedController::counters() const { return impl_->counters; }
const Price* FeedController::price(const std::string& symbol) const {
  return impl_->book.find(symbol);
}
std::vector<Price> FeedController::prices() const { return impl_->book.all(); }
const FeedOptions& FeedController::options() const { return impl_->opt; }

}  // namespace qd
