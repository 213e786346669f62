#include "feed_controller.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "backoff.h"
#include "log_throttle.h"
#include "price_book.h"
#include "protocol.h"
#include "reason.h"

namespace qd {
namespace {

// Close codes the engine itself uses (browsers accept 1000 and 3000-4999).
constexpr int kCloseNormal = 1000;
constexpr int kCloseConnectTimeout = 4000;
constexpr int kCloseHeartbeat = 4001;
constexpr int kCloseAfterError = 4002;

// Close codes from the server that change the retry policy (§4).
constexpr int kCloseTryAgainLater = 1013;
constexpr int kCloseUnauthorized = 4401;
constexpr int kCloseForbiddenOrigin = 4403;

constexpr int64_t kNever = -1;

int64_t earliest(int64_t a, int64_t b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return std::min(a, b);
}

std::string seconds(int64_t ms) {
  // One decimal, no locale: "1.5 s".
  const int64_t tenths = (ms + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

BackoffOptions pollBackoffOptions(const FeedOptions& o, int64_t intervalMs) {
  // Failing polls use the WebSocket's schedule from the poll interval on:
  // 2, 4, 8, 15 s with the defaults, same jitter.
  BackoffOptions b = o.backoff;
  b.initialMs = intervalMs;
  b.maxMs = std::max(o.backoff.maxMs, intervalMs);
  return b;
}

bool validSymbol(const std::string& s) { return !s.empty() && s.size() <= kMaxSymbolLength; }

}  // namespace

struct FeedController::Impl {
  enum class Phase { None, Opening, Open };

  Impl(FeedOptions o, RandomSource& r)
      : opt(std::move(o)),
        random(r),
        wsBackoff(opt.backoff, r),
        pollBackoff(pollBackoffOptions(opt, std::max<int64_t>(1, opt.pollIntervalMs)), r),
        logs(opt.logWindowMs),
        pollUrl(opt.pollUrl),
        pollIntervalMs(opt.pollIntervalMs),
        allSymbols(opt.symbols.empty()) {
    for (const auto& s : opt.symbols) {
      if (validSymbol(s)) symbols.insert(s);
    }
  }

  FeedOptions opt;
  RandomSource& random;
  Backoff wsBackoff;
  Backoff pollBackoff;
  LogThrottle logs;
  PriceBook book;
  Counters counters;
  std::vector<Action> actions;

  State state = State::Connecting;
  Reason reason = Reason::None;
  StatusEvent status;
  bool started = false;
  Reason fatal = Reason::None;  // set while in `error`
  bool everData = false;        // any price since connect()

  // WebSocket.
  SocketId nextSocketId = 0;
  SocketId sock = 0;
  Phase phase = Phase::None;
  int64_t sockStartedAt = 0;
  int64_t sockOpenedAt = 0;
  int64_t lastMessageAt = kNever;
  bool snapshotSeen = false;
  bool healthy = false;
  int attempt = 0;         // attempts since the last healthy connection / reset
  int failedAttempts = 0;  // consecutive failures, for fallbackAfterAttempts
  int64_t wsRetryAt = kNever;
  Reason wsReason = Reason::NoData;  // why the WebSocket is not delivering
  Reason authBlock = Reason::None;   // Unauthorized / ForbiddenOrigin
  int64_t authRetryAt = kNever;
  int64_t fallbackAt = kNever;  // fallbackAfterMs without data

  // Polling.
  std::string pollUrl;
  int64_t pollIntervalMs;
  bool polling = false;
  bool pollForced = false;
  PollId nextPollId = 0;
  PollId poll = 0;
  int64_t pollStartedAt = 0;
  int64_t nextPollAt = kNever;
  int pollFailures = 0;  // consecutive
  bool pollOk = false;   // a poll succeeded since polling engaged
  bool pollAuthRefused = false;

  // Page and network.
  bool hidden = false;
  bool offline = false;

  // Batching.
  int64_t lastFlushAt = std::numeric_limits<int64_t>::min() / 2;
  int64_t flushAt = kNever;

  std::set<std::string> symbols;
  bool allSymbols;

  // ---------------------------------------------------------------- output

  void push(Action::Kind kind, int32_t id = 0) {
    Action a = makeAction(kind);
    a.id = id;
    actions.push_back(std::move(a));
  }

  void logError(int64_t now, Reason kind, const std::string& text,
                LogLevel level = LogLevel::Warn) {
    logs.report(now, kind, level, text, actions);
    counters.logsSuppressed = logs.suppressedTotal();
  }

  std::vector<std::string> symbolList() const {
    if (allSymbols) return {};
    return {symbols.begin(), symbols.end()};
  }

  // ---------------------------------------------------------------- state

  int64_t nextRetryInMs(int64_t now) const {
    if (!started || fatal != Reason::None) return authRetryAt >= 0 ? authRetryAt - now : kNever;
    if (phase == Phase::Opening) return 0;
    if (wsRetryAt >= 0) return std::max<int64_t>(0, wsRetryAt - now);
    if (authRetryAt >= 0) return std::max<int64_t>(0, authRetryAt - now);
    return kNever;
  }

  // The one transition function: every state change goes through here and
  // emits one Action::Status and one log line.
  void setState(int64_t now, State next, Reason why) {
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
  void reconcile(int64_t now, Reason cause) {
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

  void enterError(int64_t now, Reason why) {
    fatal = why;
    stopPolling();
    closeSocket(kCloseNormal);
    wsRetryAt = kNever;
    fallbackAt = kNever;
    setState(now, State::Error, why);  // its log line says it, at Error level
  }

  // ---------------------------------------------------------------- WebSocket

  void openSocket(int64_t now) {
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
  void closeSocket(int code) {
    if (phase == Phase::None) return;
    Action a = makeAction(Action::Kind::CloseSocket);
    a.id = sock;
    a.code = code;
    actions.push_back(std::move(a));
    releaseSocket();
  }

  void releaseSocket() {
    phase = Phase::None;
    sock = 0;
    snapshotSeen = false;
  }

  void send(const std::string& text) {
    if (phase != Phase::Open) return;
    Action a = makeAction(Action::Kind::SendText);
    a.id = sock;
    a.text = text;
    actions.push_back(std::move(a));
  }

  // The socket is gone (failed attempt, drop, timeout). Closes it with
  // `closeCode` when the engine is the one ending it, decides the retry,
  // engages polling and moves the state.
  void socketGone(int64_t now, Reason why, int code, int closeCode = 0) {
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

  void markHealthy(int64_t now) {
    healthy = true;
    wsBackoff.reset();
    attempt = 0;
    failedAttempts = 0;
    logs.resetAll(now, actions);
  }

  // Retry the WebSocket now with a fresh backoff (online, visible, retryNow,
  // polls recovering).
  void retryWsNow(int64_t now) {
    wsBackoff.reset();
    attempt = 0;
    if (phase == Phase::None && authBlock == Reason::None) openSocket(now);
  }

  void clearAuthBlock() {
    authBlock = Reason::None;
    authRetryAt = kNever;
    pollAuthRefused = false;
    if (fatal == Reason::Unauthorized || fatal == Reason::ForbiddenOrigin) fatal = Reason::None;
  }

  // ---------------------------------------------------------------- polling

  void engagePolling(int64_t now) {
    fallbackAt = kNever;
    if (polling || pollUrl.empty() || fatal != Reason::None) return;
    polling = true;
    pollOk = false;
    pollFailures = 0;
    pollBackoff.reset();
    if (poll == 0) startPoll(now);  // the first poll is immediate
  }

  void stopPolling() {
    polling = false;
    nextPollAt = kNever;
    pollFailures = 0;
    pollOk = false;
    if (poll != 0) {
      push(Action::Kind::AbandonPoll, poll);
      poll = 0;
    }
  }

  void startPoll(int64_t now) {
    nextPollAt = kNever;
    poll = ++nextPollId;
    pollStartedAt = now;
    ++counters.polls;
    Action a = makeAction(Action::Kind::StartPoll);
    a.id = poll;
    a.url = pollUrl;
    actions.push_back(std::move(a));
  }

  void pollNowIfIdle(int64_t now) {
    if (!polling) return;
    pollBackoff.reset();
    if (poll == 0) startPoll(now);
  }

  void pollSucceeded(int64_t now, std::vector<Price>& prices) {
    if (!allSymbols) {
      prices.erase(std::remove_if(prices.begin(), prices.end(),
                                  [&](const Price& p) { return symbols.count(p.symbol) == 0; }),
                   prices.end());
    }
    applyPrices(now, prices, Source::Poll);
    const bool recovered = pollFailures > 0;
    pollFailures = 0;
    pollOk = true;
    pollAuthRefused = false;
    everData = true;
    pollBackoff.reset();
    logs.reset(now, Reason::PollFailed, actions);
    logs.reset(now, Reason::PollTimeout, actions);
    logs.reset(now, Reason::PollRateLimited, actions);
    nextPollAt = now + (hidden ? opt.hiddenPollIntervalMs : pollIntervalMs);
    // Polls were failing too, so the server itself was down; it is back, so
    // the WebSocket likely is as well: try it now instead of at the next slot.
    if (recovered && phase == Phase::None) retryWsNow(now);
    reconcile(now, Reason::PollOk);
  }

  void pollFailed(int64_t now, Reason why, const std::string& text, int64_t retryAfterMs) {
    ++counters.pollFailures;
    ++pollFailures;
    int64_t delay = pollBackoff.nextDelayMs();
    if (hidden) delay = std::max(delay, opt.hiddenPollIntervalMs);
    if (retryAfterMs > 0) delay = std::max(delay, retryAfterMs);
    nextPollAt = now + delay;
    logError(now, why, text);
    reconcile(now, why);
  }

  // ---------------------------------------------------------------- prices

  void applyPrices(int64_t now, const std::vector<Price>& prices, Source source) {
    for (Price p : prices) {
      p.source = source;
      if (book.apply(p, now, counters.dropped) == ApplyResult::Applied) ++counters.updatesApplied;
    }
    counters.seqResets = book.seqResets();
  }

  // Hands the UI one batch per flush interval at most.
  void scheduleFlush(int64_t now) {
    if (!book.hasChanges() || flushAt >= 0) return;
    flushAt = std::max(now, lastFlushAt + opt.flushIntervalMs);
    if (flushAt <= now) flush(now);
  }

  void flush(int64_t now) {
    flushAt = kNever;
    if (!book.hasChanges()) return;
    lastFlushAt = now;
    ++counters.batches;
    push(Action::Kind::Prices);
  }

  // ---------------------------------------------------------------- time

  int64_t connectDeadline() const {
    return phase == Phase::Opening ? sockStartedAt + opt.connectTimeoutMs : kNever;
  }
  int64_t heartbeatDeadline() const {
    return phase == Phase::Open ? lastMessageAt + opt.heartbeatTimeoutMs : kNever;
  }
  int64_t healthyDeadline() const {
    return phase == Phase::Open && snapshotSeen && !healthy ? sockOpenedAt + opt.healthyAfterMs
                                                            : kNever;
  }
  int64_t pollTimeoutDeadline() const {
    return poll != 0 ? pollStartedAt + opt.pollTimeoutMs : kNever;
  }

  int64_t nextDeadline() const {
    if (!started) return kNever;
    int64_t t = kNever;
    for (int64_t d : {connectDeadline(), heartbeatDeadline(), healthyDeadline(), wsRetryAt,
                      authRetryAt, fallbackAt, polling ? nextPollAt : kNever,
                      pollTimeoutDeadline(), flushAt, book.nextStaleDeadline(opt.staleAfterMs),
                      logs.nextDeadline()}) {
      t = earliest(t, d);
    }
    return t;
  }

  // Fires at most one due timer; returns false when none was due.
  bool fireOne(int64_t now) {
    auto due = [now](int64_t d) { return d >= 0 && d <= now; };
    if (due(healthyDeadline())) {
      markHealthy(now);
    } else if (due(connectDeadline())) {
      socketGone(now, Reason::WsConnectTimeout, 0, kCloseConnectTimeout);
    } else if (due(heartbeatDeadline())) {
      socketGone(now, Reason::HeartbeatTimeout, 0, kCloseHeartbeat);
    } else if (due(pollTimeoutDeadline())) {
      push(Action::Kind::AbandonPoll, poll);
      poll = 0;
      pollFailed(now, Reason::PollTimeout,
                 "no answer within " + seconds(opt.pollTimeoutMs) + ", abandoned", -1);
    } else if (due(authRetryAt)) {
      authRetryAt = kNever;
      clearAuthBlock();
      logs.print(LogLevel::Info, "price feed: retrying the WebSocket after an auth refusal",
                 actions);
      openSocket(now);
      if (!polling && fallbackAt < 0 && !pollUrl.empty()) fallbackAt = now + opt.fallbackAfterMs;
      reconcile(now, Reason::AuthRetry);
    } else if (due(wsRetryAt)) {
      wsRetryAt = kNever;
      openSocket(now);
    } else if (due(fallbackAt)) {
      fallbackAt = kNever;
      if (!snapshotSeen) {
        if (phase != Phase::None) wsReason = Reason::NoData;
        engagePolling(now);
        reconcile(now, Reason::NoData);
      }
    } else if (polling && due(nextPollAt)) {
      startPoll(now);
    } else if (due(flushAt)) {
      flush(now);
    } else if (due(book.nextStaleDeadline(opt.staleAfterMs))) {
      book.markStale(now, opt.staleAfterMs);
    } else if (due(logs.nextDeadline())) {
      logs.advance(now, actions);
    } else {
      return false;
    }
    return true;
  }
};

// ------------------------------------------------------------------ public

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

void FeedController::onSocketMessage(int64_t now, SocketId id, const std::string& text) {
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
  if (r.status >= 200 && r.status < 300) {
    RestBody body = parseRestBody(r.body, m.opt.maxMessageBytes, m.counters.dropped);
    if (body.ok) {
      m.pollSucceeded(now, body.prices);
    } else {
      m.pollFailed(now, Reason::PollFailed, "unusable body (HTTP " + std::to_string(r.status) + ")",
                   -1);
    }
  } else if (r.status == 401 || r.status == 403) {
    m.pollAuthRefused = true;
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
