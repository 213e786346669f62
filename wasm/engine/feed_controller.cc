// FeedController: the parts wired together. Each rule of docs/contract.md §2
// lives in one part (docs/engine.md has the map); what is left here is the
// order of things when an event arrives, and the rules that join two parts:
// when the fallback engages, the switch back, polls recovering.
#include "feed_controller.h"

#include <utility>

#include "batcher.h"
#include "feed_state.h"
#include "log_throttle.h"
#include "price_book.h"
#include "protocol.h"
#include "socket_session.h"

namespace qd {
namespace {

std::string seconds(int64_t ms) {
  // One decimal, no locale: "1.5 s".
  const int64_t tenths = (ms + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

bool due(int64_t deadline, int64_t now) { return deadline >= 0 && deadline <= now; }

int64_t earliest(int64_t a, int64_t b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

}  // namespace

class FeedController::Impl {
 public:
  Impl(FeedOptions o, RandomSource& random)
      : opt(std::move(o)),
        logs(opt.logWindowMs),
        subscription(opt.symbols),
        socket(opt, random, out),
        polls(opt, random, out),
        batcher(opt.flushIntervalMs) {}

  // The parts hold references to opt and out: an Impl never moves (it
  // lives behind a unique_ptr).
  FeedOptions opt;
  std::vector<Action> out;
  LogThrottle logs;
  PriceBook book;
  Counters counters;
  Subscription subscription;
  SocketSession socket;
  PollScheduler polls;
  Batcher batcher;

  State state = State::Connecting;
  Reason reason = Reason::None;
  StatusEvent status;
  bool started = false;
  Reason fatal = Reason::None;       // sticky `error`: bad_config, or both refused
  bool everData = false;             // prices arrived since connect()
  Reason wsReason = Reason::NoData;  // why the WebSocket does not deliver
  int64_t fallbackAt = -1;           // fallbackAfterMs without data
  bool hidden = false;
  bool offline = false;
  int64_t wallOffset = 0;
  int64_t lastMessageAt = -1;  // wall clock

  // ---- the state (contract §3)

  FeedFacts facts() const {
    FeedFacts f;
    f.fatal = fatal;
    f.wsDelivering = socket.delivering();
    f.wsFailed = socket.failedAttempts() > 0;
    f.wsReason = wsReason;
    f.authPause = socket.authPause();
    f.pollEngaged = polls.engaged();
    f.latestPoll = polls.latest();
    f.pollInFlight = polls.inFlight();
    f.pollRefusedAuth = polls.refusedAuth();
    f.pollForcedOnly = polls.manual() && wsReason == Reason::NoData;
    f.everData = everData;
    return f;
  }

  /// Moves to the state the facts say; `cause` is the event being handled.
  void reconcile(int64_t now, Reason cause) {
    if (!started) return;
    const DerivedState d = deriveState(facts(), cause);
    if (d.state == State::Error && fatal == Reason::None) {
      // Both transports refused: nothing can succeed without a user action
      // (or the 5-minute auth retry, whose timer stays armed).
      fatal = d.reason;
      socket.stop(kCloseNormal, false);
      polls.stop();
      fallbackAt = -1;
    }
    setState(now, d.state, d.reason);
  }

  /// The one transition function: every state change goes through here and
  /// emits one Action::Status and one (throttled) log line.
  void setState(int64_t now, State next, Reason why) {
    reason = why;
    if (next == state) return;
    StatusEvent e;
    e.state = next;
    e.previous = state;
    e.reason = reasonCode(why);
    e.source = next == State::Connected ? Source::Ws : next == State::Polling ? Source::Poll : Source::None;
    e.attempt = socket.attempt();
    e.nextRetryInMs = started ? socket.nextRetryInMs(now) : -1;
    e.at = now + wallOffset;
    state = next;
    status = e;
    Action a = makeAction(Action::Kind::Status);
    a.status = e;
    out.push_back(std::move(a));
    std::string line = std::string(toString(e.previous)) + " -> " + toString(next) + " (" + reasonCode(why) + ")";
    if (e.nextRetryInMs > 0) line += ", next WebSocket attempt in " + seconds(e.nextRetryInMs);
    const LogLevel level = next == State::Error                              ? LogLevel::Error
                           : next == State::Disconnected && why != Reason::User ? LogLevel::Warn
                                                                              : LogLevel::Info;
    logs.report(now, LogFamily::State, level, line, out);
  }

  void log(int64_t now, Reason why, const std::string& detail, LogLevel level = LogLevel::Warn) {
    logs.report(now, logFamily(why), level, std::string(reasonCode(why)) + ": " + reasonText(why) + detail, out);
  }

  /// Ends an auth refusal's pause, and the `error` it may have caused.
  void endAuthPause() {
    socket.endAuthPause();
    if (fatal == Reason::Unauthorized || fatal == Reason::ForbiddenOrigin) fatal = Reason::None;
  }

  // ---- the WebSocket

  /// The WebSocket delivers (its snapshot, or the open for an empty
  /// subscription): the switch back. The snapshot is in the book, so the
  /// automatic fallback stops with no gap; what a late poll would bring is
  /// older or a duplicate.
  void socketDelivers(int64_t now) {
    socket.delivered(now);
    everData = true;
    fallbackAt = -1;
    polls.disengage();
    reconcile(now, Reason::Snapshot);
  }

  /// The socket is gone (failed attempt, drop, deadline): the session plans
  /// the retry; here the fallback engages and the state moves.
  void socketFailed(int64_t now, Reason why, int closeCode, const std::string& detail) {
    const SocketSession::Ended ended = socket.fail(now, why, closeCode);
    wsReason = why;
    ++counters.wsFailures;
    const bool paused = socket.authPause() != Reason::None;
    // The fallback engages as soon as one attempt fails, when a socket that
    // delivered drops (v2: a poll at once keeps prices fresh while the
    // WebSocket retry waits its spread), on a dead socket, and during an
    // auth pause.
    if (ended.wasDelivering || why == Reason::HeartbeatTimeout || paused ||
        socket.failedAttempts() >= opt.fallbackAfterAttempts) {
      fallbackAt = -1;
      polls.engage(now);
    } else if (!polls.engaged() && fallbackAt < 0 && !opt.pollUrl.empty()) {
      fallbackAt = now + opt.fallbackAfterMs;
    }
    std::string text = detail;
    if (paused) {
      text += polls.engaged() ? "; polling, " : "; ";
      text += "next WebSocket attempt in " + seconds(opt.authRetryAfterMs);
    }
    log(now, why, text);
    reconcile(now, why);
  }

  void onHealthy(int64_t now) {
    // The outage is over: pending summaries print now, the next failure
    // prints its first line again.
    logs.resetAll(now, out);
  }

  // ---- prices

  void applyPrices(int64_t now, std::vector<Price>& prices, Source source) {
    const bool live = socket.delivering();
    for (Price& p : prices) {
      if (!subscription.wants(p.symbol)) {
        counters.dropped.add(Drop::NotSubscribed);
        continue;
      }
      if (p.timeFromResponse && live) {
        // No `meta`: nothing orders this against the stream, which wins.
        counters.dropped.add(Drop::RestWhileLive);
        continue;
      }
      p.source = source;
      p.receivedAt = now + wallOffset;
      if (book.apply(p, now, counters.dropped) == ApplyResult::Applied) ++counters.updatesApplied;
    }
  }

  void flush(int64_t now) {
    if (!book.hasChanges()) {
      batcher.clear();
      return;
    }
    if (!batcher.due(now)) return;
    batcher.sent(now);
    ++counters.batches;
    out.push_back(makeAction(Action::Kind::Prices));
  }

  // ---- polls

  void pollFailed(int64_t now, const PollScheduler::Outcome& o) {
    log(now, o.why, " (" + o.text + ")");
    reconcile(now, o.why);
  }

  // ---- time

  int64_t nextDeadline() const {
    if (!started) return -1;
    int64_t t = -1;
    for (int64_t d : {socket.nextDeadline(), polls.nextDeadline(), fallbackAt, batcher.nextDeadline(),
                      book.nextStaleDeadline(opt.staleAfterMs), logs.nextDeadline()}) {
      t = earliest(t, d);
    }
    return t;
  }

  /// Fires at most one due timer; false when none was due.
  bool fireOne(int64_t now) {
    switch (socket.due(now)) {
      case SocketSession::Timer::Healthy:
        socket.markHealthy();
        onHealthy(now);
        return true;
      case SocketSession::Timer::ConnectTimeout:
        socketFailed(now, Reason::WsConnectTimeout, kCloseConnectTimeout,
                     " (no open within " + seconds(opt.connectTimeoutMs) + ")");
        return true;
      case SocketSession::Timer::SnapshotTimeout:
        socketFailed(now, Reason::NoSnapshot, kCloseNoSnapshot,
                     " (none within " + seconds(opt.snapshotTimeoutMs) + ")");
        return true;
      case SocketSession::Timer::HeartbeatTimeout:
        socketFailed(now, Reason::HeartbeatTimeout, kCloseHeartbeat,
                     " (silent for " + seconds(opt.heartbeatTimeoutMs) + ")");
        return true;
      case SocketSession::Timer::AuthRetry:
        endAuthPause();
        log(now, Reason::AuthRetry, "", LogLevel::Info);
        socket.open(now);
        if (!polls.engaged() && fallbackAt < 0 && !opt.pollUrl.empty()) fallbackAt = now + opt.fallbackAfterMs;
        reconcile(now, Reason::AuthRetry);
        return true;
      case SocketSession::Timer::Retry:
        socket.retryDue(now);
        return true;
      case SocketSession::Timer::None:
        break;
    }
    if (due(polls.nextDeadline(), now)) {
      const PollScheduler::Outcome o = polls.fire(now);
      if (o.kind == PollScheduler::Outcome::Kind::Failed) pollFailed(now, o);
      return true;
    }
    if (due(fallbackAt, now)) {
      fallbackAt = -1;
      if (!socket.delivering()) {
        if (socket.phase() != SocketSession::Phase::Idle) wsReason = Reason::NoData;
        polls.engage(now);
        reconcile(now, Reason::NoData);
      }
      return true;
    }
    if (due(batcher.nextDeadline(), now)) {
      flush(now);
      return true;
    }
    if (due(book.nextStaleDeadline(opt.staleAfterMs), now)) {
      book.markStale(now, opt.staleAfterMs);
      return true;
    }
    if (due(logs.nextDeadline(), now)) {
      logs.advance(now, out);
      return true;
    }
    return false;
  }
};

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
  m.wsReason = Reason::NoData;
  m.setState(now, State::Connecting, Reason::Connect);
  if (const char* bad = invalidOption(m.opt); *bad) {
    m.fatal = Reason::BadConfig;
    m.log(now, Reason::BadConfig, std::string(" (invalid option ") + bad + ")", LogLevel::Error);
    m.setState(now, State::Error, Reason::BadConfig);
    return;
  }
  if (m.opt.wsUrl.empty()) {
    m.wsReason = Reason::WsDisabled;
    m.polls.engage(now);
  } else {
    m.socket.open(now);
    if (m.polls.manual()) {
      m.polls.resume(now);
    } else if (!m.opt.pollUrl.empty()) {
      m.fallbackAt = now + m.opt.fallbackAfterMs;
    }
  }
  m.reconcile(now, Reason::Connect);
  m.flush(now);
}

void FeedController::disconnect(int64_t now) {
  Impl& m = *impl_;
  if (!m.started) return;
  m.socket.stop(kCloseNormal, true);
  m.polls.stop();
  m.fallbackAt = -1;
  m.batcher.clear();
  m.fatal = Reason::None;
  m.logs.resetAll(now, m.out);
  m.setState(now, State::Disconnected, Reason::User);
  m.started = false;
}

void FeedController::retryNow(int64_t now) {
  Impl& m = *impl_;
  if (!m.started || m.fatal == Reason::BadConfig) return;  // options do not change by retrying
  m.endAuthPause();
  m.socket.retryNow(now);
  if (!m.socket.delivering()) m.polls.engage(now);
  m.polls.userRetry(now);
  m.reconcile(now, Reason::RetryNow);
  m.flush(now);
}

void FeedController::credentialsChanged(int64_t now) {
  Impl& m = *impl_;
  if (!m.started || m.fatal == Reason::BadConfig) return;
  const bool wasRefused = m.socket.authPause() != Reason::None || m.polls.refusedAuth();
  m.endAuthPause();
  if (!wasRefused) return;
  m.socket.retryNow(now);
  if (!m.socket.delivering()) m.polls.engage(now);
  m.polls.userRetry(now);
  m.reconcile(now, Reason::Credentials);
}

Subscription::Change FeedController::subscribeSymbols(int64_t now, const std::vector<std::string>& symbols) {
  (void)now;
  Impl& m = *impl_;
  std::vector<std::string> frames;
  const Subscription::Change c = m.subscription.add(symbols, frames);
  for (const auto& f : frames) m.socket.send(f);
  return c;
}

Subscription::Change FeedController::unsubscribeSymbols(int64_t now, const std::vector<std::string>& symbols) {
  (void)now;
  Impl& m = *impl_;
  std::vector<std::string> frames;
  std::vector<std::string> removed;
  const Subscription::Change c = m.subscription.remove(symbols, frames, removed);
  for (const auto& f : frames) m.socket.send(f);
  for (const auto& s : removed) m.book.erase(s);  // what is not subscribed is not shown
  return c;
}

void FeedController::startFallbackPolling(int64_t now, const std::string& url, int64_t intervalMs) {
  Impl& m = *impl_;
  m.polls.startManual(now, url, intervalMs, m.started && m.fatal == Reason::None);
  m.reconcile(now, Reason::FallbackForced);
  m.flush(now);
}

void FeedController::stopFallbackPolling(int64_t now) {
  Impl& m = *impl_;
  m.polls.stopManual(now);
  m.reconcile(now, Reason::User);
}

void FeedController::onSocketOpen(int64_t now, SocketId id) {
  Impl& m = *impl_;
  if (!m.started || !m.socket.owns(id) || m.socket.phase() != SocketSession::Phase::Opening) return;
  m.socket.opened(now);
  m.offline = false;
  for (const auto& f : m.subscription.openingFrames()) m.socket.send(f);
  // An empty named set sends nothing and expects no snapshot.
  if (!m.subscription.expectsSnapshot()) m.socketDelivers(now);
}

void FeedController::onSocketMessage(int64_t now, SocketId id, std::string_view text) {
  Impl& m = *impl_;
  if (!m.started || !m.socket.owns(id) || m.socket.phase() != SocketSession::Phase::Open) return;
  ++m.counters.wsMessages;
  m.lastMessageAt = now + m.wallOffset;
  const bool becameHealthy = m.socket.message(now);  // any message, even a bad one, proves the socket lives
  Frame f = parseFrame(text, m.opt.maxMessageBytes, m.counters.dropped);
  switch (f.type) {
    case FrameType::Snapshot:
      if (m.socket.delivering()) {
        m.applyPrices(now, f.prices, Source::Ws);  // after a later subscribe
      } else if (f.entries > 0 && f.prices.empty()) {
        // Entries, none valid: not a snapshot (contract §6), a failed attempt.
        m.socketFailed(now, Reason::NoSnapshot, kCloseNoSnapshot,
                       " (snapshot of " + std::to_string(f.entries) + " entries, none valid)");
      } else {
        m.applyPrices(now, f.prices, Source::Ws);
        m.socketDelivers(now);
      }
      break;
    case FrameType::Update:
      m.applyPrices(now, f.prices, Source::Ws);
      break;
    case FrameType::Error: {
      const std::string detail =
          " (" + f.errorCode + (f.errorMessage.empty() ? "" : ": ") + f.errorMessage + ")";
      if (m.socket.delivering()) {
        m.log(now, Reason::ServerError, detail);
      } else {
        // The subscribe was answered with an error: the attempt failed (v2),
        // an auth refusal as such.
        const Reason why = f.errorCode == "unauthorized"       ? Reason::Unauthorized
                           : f.errorCode == "forbidden_origin" ? Reason::ForbiddenOrigin
                                                               : Reason::ServerError;
        m.socketFailed(now, why, kCloseNoSnapshot, detail);
      }
      break;
    }
    default:
      break;  // heartbeat, pong; invalid/unknown frames are already counted
  }
  if (becameHealthy) m.onHealthy(now);
  m.flush(now);
}

void FeedController::onSocketOversized(int64_t now, SocketId id, int64_t bytes) {
  (void)bytes;
  Impl& m = *impl_;
  if (!m.started || !m.socket.owns(id) || m.socket.phase() != SocketSession::Phase::Open) return;
  ++m.counters.wsMessages;
  m.counters.dropped.add(Drop::Oversized);
  m.lastMessageAt = now + m.wallOffset;
  if (m.socket.message(now)) m.onHealthy(now);
  m.flush(now);
}

void FeedController::onSocketError(int64_t now, SocketId id) {
  Impl& m = *impl_;
  if (!m.started || !m.socket.owns(id)) return;
  if (m.socket.phase() == SocketSession::Phase::Opening) {
    // Node's WebSocket fires `error` and never `close` on a refused connect.
    m.socketFailed(now, Reason::WsUnreachable, 0, "");
  } else {
    m.socketFailed(now, Reason::WsClosed, kCloseAfterError, " (error event)");
  }
  m.flush(now);
}

void FeedController::onSocketClose(int64_t now, SocketId id, int code, const std::string&) {
  Impl& m = *impl_;
  if (!m.started || !m.socket.owns(id)) return;
  Reason why = m.socket.phase() == SocketSession::Phase::Open ? Reason::WsClosed : Reason::WsUnreachable;
  if (code == kCloseUnauthorized) why = Reason::Unauthorized;
  if (code == kCloseForbiddenOrigin) why = Reason::ForbiddenOrigin;
  if (code == kCloseTryAgainLater) why = Reason::ServerOverloaded;
  m.socketFailed(now, why, 0, " (code " + std::to_string(code) + ")");
  m.flush(now);
}

void FeedController::onPollResult(int64_t now, PollId id, const PollResult& r) {
  Impl& m = *impl_;
  if (!m.started) return;
  PollScheduler::Outcome o = m.polls.onResult(now, id, r, m.counters.dropped);
  switch (o.kind) {
    case PollScheduler::Outcome::Kind::Ignored:
      return;
    case PollScheduler::Outcome::Kind::Failed:
      m.pollFailed(now, o);
      break;
    case PollScheduler::Outcome::Kind::Ok:
      m.applyPrices(now, o.body.prices, Source::Poll);
      m.everData = true;
      m.logs.reset(now, LogFamily::Poll, m.out);
      // Polls were failing too, so the server itself was down; it is back,
      // so the WebSocket likely is as well: try it within the reconnect
      // spread with a fresh backoff instead of at the next slot.
      if (o.recovered) m.socket.retrySoon(now);
      m.reconcile(now, Reason::PollOk);
      break;
  }
  m.flush(now);
}

void FeedController::onOnline(int64_t now) {
  Impl& m = *impl_;
  m.offline = false;
  if (!m.started || m.fatal != Reason::None) return;
  m.log(now, Reason::Online, ", retrying now", LogLevel::Info);
  m.socket.retryNow(now);  // an auth pause holds: a network coming back brings no credentials
  m.polls.pollNow(now);
  m.reconcile(now, Reason::Online);
}

void FeedController::onOffline(int64_t now) {
  Impl& m = *impl_;
  if (m.offline) return;
  m.offline = true;
  // Only noted: the schedules go on (an `offline` flag can be wrong), and
  // nothing retries faster because of it.
  if (m.started) m.log(now, Reason::Offline, "", LogLevel::Info);
}

void FeedController::onVisibility(int64_t now, bool visible) {
  Impl& m = *impl_;
  const bool wasHidden = m.hidden;
  m.hidden = !visible;
  m.polls.setHidden(m.hidden);
  if (!m.started || m.fatal != Reason::None || !visible || !wasHidden) return;
  m.socket.retryNow(now);
  m.polls.pollNow(now);
  m.reconcile(now, Reason::Visible);
}

void FeedController::setWallClockOffset(int64_t offsetMs) { impl_->wallOffset = offsetMs; }

int64_t FeedController::nextDeadline() const { return impl_->nextDeadline(); }

void FeedController::advance(int64_t now) {
  Impl& m = *impl_;
  if (!m.started) return;
  // Each firing changes the facts a deadline is computed from, so this ends;
  // the bound only guards against a bug turning into a hang.
  for (int i = 0; i < 10000 && m.started && m.fireOne(now); ++i) {
  }
  m.flush(now);
}

std::vector<Action> FeedController::takeActions() {
  std::vector<Action> out;
  out.swap(impl_->out);
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
int FeedController::attempt() const { return impl_->socket.attempt(); }
int64_t FeedController::nextRetryInMs(int64_t now) const {
  return impl_->started ? impl_->socket.nextRetryInMs(now) : -1;
}
bool FeedController::polling() const { return impl_->polls.engaged(); }
bool FeedController::socketOpen() const { return impl_->socket.phase() == SocketSession::Phase::Open; }
int64_t FeedController::lastMessageAt() const { return impl_->lastMessageAt; }
const Counters& FeedController::counters() const {
  Impl& m = *impl_;
  m.counters.wsAttempts = m.socket.attemptsTotal();
  m.counters.polls = m.polls.sentTotal();
  m.counters.pollFailures = m.polls.failedTotal();
  m.counters.logsSuppressed = m.logs.suppressedTotal();
  m.counters.seqResets = m.book.seqResets();
  return m.counters;
}
const Price* FeedController::price(const std::string& symbol) const { return impl_->book.find(symbol); }
std::vector<Price> FeedController::prices() const { return impl_->book.all(); }
const FeedOptions& FeedController::options() const { return impl_->opt; }
const Subscription& FeedController::subscription() const { return impl_->subscription; }

}  // namespace qd
