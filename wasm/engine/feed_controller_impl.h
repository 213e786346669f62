#pragma once
// FeedController's private state, shared by the files that implement it:
//   feed_state.cc      the one transition function and the state derivation
//   socket_session.cc  WebSocket attempts, failures, health, auth pause
//   poll_scheduler.cc  fallback polling: engage, schedule, back off, stop
//   feed_timers.cc     deadlines, firing them, price batches
//   feed_controller.cc the public methods (events in, actions out)
// Internal: only the engine's own .cc files include it.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "backoff.h"
#include "feed_controller.h"
#include "log_throttle.h"
#include "price_book.h"
#include "reason.h"

namespace qd {
namespace feed {

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

inline int64_t earliest(int64_t a, int64_t b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return std::min(a, b);
}

inline std::string seconds(int64_t ms) {
  // One decimal, no locale: "1.5 s".
  const int64_t tenths = (ms + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

inline BackoffOptions pollBackoffOptions(const FeedOptions& o, int64_t intervalMs) {
  // Failing polls use the WebSocket's schedule from the poll interval on:
  // 2, 4, 8, 15 s with the defaults, same jitter.
  BackoffOptions b = o.backoff;
  b.initialMs = intervalMs;
  b.maxMs = std::max(o.backoff.maxMs, intervalMs);
  return b;
}

inline bool validSymbol(const std::string& s) { return !s.empty() && s.size() <= kMaxSymbolLength; }

}  // namespace feed

// Internal header: the Impl files use the helpers above unqualified.
using namespace feed;  // NOLINT(google-build-using-namespace)

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

  // ---- output
  void push(Action::Kind kind, int32_t id = 0);
  void logError(int64_t now, Reason kind, const std::string& text, LogLevel level = LogLevel::Warn);
  std::vector<std::string> symbolList() const;

  // ---- state
  int64_t nextRetryInMs(int64_t now) const;
  // The one transition function: every state change goes through here and
  // emits one Action::Status and one log line.
  void setState(int64_t now, State next, Reason why);
  // Derives the state from the facts (§3) and moves there. `cause` is the
  // event being handled; it becomes the reason of `disconnected`/`connecting`.
  void reconcile(int64_t now, Reason cause);
  void enterError(int64_t now, Reason why);

  // ---- WebSocket
  void openSocket(int64_t now);
  // Lets go of the socket; later events for its id are ignored.
  void closeSocket(int code);
  void releaseSocket();
  void send(const std::string& text);
  // The socket is gone (failed attempt, drop, timeout). Closes it with
  // `closeCode` when the engine is the one ending it, decides the retry,
  // engages polling and moves the state.
  void socketGone(int64_t now, Reason why, int code, int closeCode = 0);
  void markHealthy(int64_t now);
  // Retry the WebSocket now with a fresh backoff (online, visible, retryNow,
  // polls recovering).
  void retryWsNow(int64_t now);
  void clearAuthBlock();

  // ---- polling
  void engagePolling(int64_t now);
  void stopPolling();
  void startPoll(int64_t now);
  void pollNowIfIdle(int64_t now);
  void pollSucceeded(int64_t now, std::vector<Price>& prices);
  void pollFailed(int64_t now, Reason why, const std::string& text, int64_t retryAfterMs);

  // ---- prices
  void applyPrices(int64_t now, const std::vector<Price>& prices, Source source);
  // Hands the UI one batch per flush interval at most.
  void scheduleFlush(int64_t now);
  void flush(int64_t now);

  // ---- time
  int64_t connectDeadline() const;
  int64_t heartbeatDeadline() const;
  int64_t healthyDeadline() const;
  int64_t pollTimeoutDeadline() const;
  int64_t nextDeadline() const;
  // Fires at most one due timer; returns false when none was due.
  bool fireOne(int64_t now);
};

}  // namespace qd
