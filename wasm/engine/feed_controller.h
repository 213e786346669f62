#pragma once
/// The feed's state machine (docs/contract.md §2, §3): events and the current
/// time go in, Actions come out. It owns the backoff, the log throttle and the
/// price book, and reads no clock, timer, socket or random source itself.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actions.h"
#include "options.h"
#include "price.h"
#include "random_source.h"
#include "status_event.h"

namespace qd {

/// What a finished poll looked like to the platform.
struct PollResult {
  int status = 0;            ///< HTTP status; 0 = network error, no response
  std::string body;
  int64_t retryAfterMs = -1; ///< parsed Retry-After; -1 = absent
};

/// Counters exposed to getConnectionInfo().counters.
struct Counters {
  int64_t wsAttempts = 0;
  int64_t wsMessages = 0;
  int64_t polls = 0;
  int64_t pollFailures = 0;
  int64_t updatesApplied = 0;
  int64_t batches = 0;
  int64_t logsSuppressed = 0;
  int64_t seqResets = 0;        ///< accepted lower seqs with newer publishTime (server restart)
  int64_t wsFailures = 0;       ///< attempts that failed + open sockets that dropped
  std::map<std::string, int64_t> dropped;  ///< by drop reason
};

class FeedController {
 public:
  /// `random` must outlive the controller; it feeds the backoff jitter.
  FeedController(FeedOptions options, RandomSource& random);
  ~FeedController();
  FeedController(FeedController&&) noexcept;
  FeedController& operator=(FeedController&&) noexcept;
  FeedController(const FeedController&) = delete;
  FeedController& operator=(const FeedController&) = delete;

  // ---- commands from the user (JS API) ----
  void connect(int64_t now);     ///< start; no-op if already started
  void disconnect(int64_t now);  ///< stop everything; state Disconnected, reason "user"
  void retryNow(int64_t now);    ///< retry the WebSocket now, reset the backoff
  void credentialsChanged(int64_t now);  ///< ends an auth refusal's pause
  void subscribeSymbols(int64_t now, const std::vector<std::string>& symbols);
  void unsubscribeSymbols(int64_t now, const std::vector<std::string>& symbols);
  /// Force polling on (empty url / interval <= 0 keep the configured ones).
  void startFallbackPolling(int64_t now, const std::string& url, int64_t intervalMs);
  void stopFallbackPolling(int64_t now);

  // ---- events from the platform ----
  void onSocketOpen(int64_t now, SocketId id);
  /// `text` is read during the call only (nothing keeps a reference).
  void onSocketMessage(int64_t now, SocketId id, std::string_view text);
  /// An error before open is a failed attempt even if no close follows.
  void onSocketError(int64_t now, SocketId id);
  void onSocketClose(int64_t now, SocketId id, int code, const std::string& reason);
  void onPollResult(int64_t now, PollId id, const PollResult& result);
  void onOnline(int64_t now);
  void onOffline(int64_t now);
  void onVisibility(int64_t now, bool visible);

  // ---- time ----
  /// The earliest time the controller wants advance() called; -1 = none.
  int64_t nextDeadline() const;
  /// Fire every timer due at or before `now`.
  void advance(int64_t now);

  // ---- output ----
  /// Actions produced since the last call, in order.
  std::vector<Action> takeActions();
  /// The prices changed since the last batch (one entry per symbol).
  std::vector<Price> takeBatch();

  // ---- queries ----
  State state() const;
  Source source() const;
  /// The last emitted Action::Status event (one per state change).
  const StatusEvent& lastStatus() const;
  /// The current reason, attempt and next WebSocket retry: these move between
  /// state changes (e.g. polling goes on while the WebSocket reason changes)
  /// without a new event, so getConnectionInfo() reads them here.
  std::string reason() const;
  int attempt() const;
  /// Milliseconds until the next WebSocket attempt: 0 while one is in flight,
  /// -1 when none is scheduled (connected, stopped, or error).
  int64_t nextRetryInMs(int64_t now) const;
  bool polling() const;  ///< fallback polling engaged
  bool socketOpen() const;
  int64_t lastMessageAt() const;  ///< -1 = never
  const Counters& counters() const;
  const Price* price(const std::string& symbol) const;
  std::vector<Price> prices() const;
  const FeedOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qd
