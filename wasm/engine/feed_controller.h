#pragma once
/// The feed's state machine (docs/contract.md §2, §3): events and the current
/// time go in, Actions come out. It wires the parts together (each rule
/// lives in one of them, see docs/engine.md) and reads no clock, timer,
/// socket or random source itself.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actions.h"
#include "counters.h"
#include "options.h"
#include "poll_scheduler.h"
#include "price.h"
#include "random_source.h"
#include "status_event.h"
#include "subscription.h"

namespace qd {

class FeedController {
 public:
  /// `random` must outlive the controller; it feeds the backoff jitter and
  /// the reconnect spread.
  FeedController(FeedOptions options, RandomSource& random);
  ~FeedController();
  FeedController(FeedController&&) noexcept;
  FeedController& operator=(FeedController&&) noexcept;
  FeedController(const FeedController&) = delete;
  FeedController& operator=(const FeedController&) = delete;

  // ---- commands from the user (JS API) ----
  void connect(int64_t now);     ///< start; no-op if already started
  void disconnect(int64_t now);  ///< stop everything; state Disconnected, reason "user"
  void retryNow(int64_t now);    ///< retry the WebSocket now, reset the backoff, poll now
  void credentialsChanged(int64_t now);  ///< ends an auth refusal's pause
  /// Changes the subscription (contract §6); the frames go out on an open
  /// socket. TooMany / BadSymbol change nothing.
  Subscription::Change subscribeSymbols(int64_t now, const std::vector<std::string>& symbols);
  Subscription::Change unsubscribeSymbols(int64_t now, const std::vector<std::string>& symbols);
  /// Polling on until stopFallbackPolling() (empty url / interval <= 0 keep
  /// the configured ones).
  void startFallbackPolling(int64_t now, const std::string& url, int64_t intervalMs);
  /// Ends a manual start; the automatic fallback goes on where it is engaged.
  void stopFallbackPolling(int64_t now);

  // ---- events from the platform ----
  void onSocketOpen(int64_t now, SocketId id);
  /// `text` is read during the call only (nothing keeps a reference).
  void onSocketMessage(int64_t now, SocketId id, std::string_view text);
  /// A message of `bytes` bytes the platform did not copy because it is over
  /// maxMessageBytes: counted as dropped, and as a sign of life.
  void onSocketOversized(int64_t now, SocketId id, int64_t bytes);
  /// An error before open is a failed attempt even if no close follows.
  void onSocketError(int64_t now, SocketId id);
  void onSocketClose(int64_t now, SocketId id, int code, const std::string& reason);
  void onPollResult(int64_t now, PollId id, const PollResult& result);
  void onOnline(int64_t now);
  void onOffline(int64_t now);
  void onVisibility(int64_t now, bool visible);

  // ---- time ----
  /// `now` is a monotonic clock (timers run on it); the wall clock is `now +
  /// offset`. receivedAt, lastMessageAt and the status events' `at` are in
  /// the wall clock, so they compare with server timestamps even after a
  /// laptop's sleep has moved the two clocks apart.
  void setWallClockOffset(int64_t offsetMs);
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
  bool polling() const;  ///< fallback polling engaged (automatic or manual)
  bool socketOpen() const;
  int64_t lastMessageAt() const;  ///< wall clock; -1 = never
  const Counters& counters() const;
  const Price* price(const std::string& symbol) const;
  std::vector<Price> prices() const;
  const FeedOptions& options() const;
  const Subscription& subscription() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qd
