#pragma once
/// One WebSocket at a time (docs/contract.md §2, §4): the attempts, the
/// deadlines on each (handshake, snapshot, heartbeat), health, the retry
/// schedule and the pause after an auth refusal. It emits OpenSocket,
/// CloseSocket and SendText, says what happened through return values, and
/// knows nothing of polling or of the state shown to the user.
#include <cstdint>
#include <string>
#include <vector>

#include "actions.h"
#include "backoff.h"
#include "options.h"
#include "random_source.h"
#include "reason.h"

namespace qd {

/// Close codes the engine itself uses (browsers accept 1000 and 3000-4999).
constexpr int kCloseNormal = 1000;
constexpr int kCloseConnectTimeout = 4000;
constexpr int kCloseHeartbeat = 4001;
constexpr int kCloseAfterError = 4002;
constexpr int kCloseNoSnapshot = 4004;

/// Close codes from the server that change the retry policy (§4).
constexpr int kCloseTryAgainLater = 1013;
constexpr int kCloseUnauthorized = 4401;
constexpr int kCloseForbiddenOrigin = 4403;

class SocketSession {
 public:
  /// `options`, `random` and `out` must outlive the session.
  SocketSession(const FeedOptions& options, RandomSource& random, std::vector<Action>& out);

  enum class Phase { Idle, Opening, Open };
  Phase phase() const { return phase_; }
  /// True when `id` is the socket in use (events for others are stale).
  bool owns(SocketId id) const { return phase_ != Phase::Idle && id == id_; }
  /// Open, and the snapshot is in (or none is expected): prices flow.
  bool delivering() const { return phase_ == Phase::Open && delivering_; }
  bool healthy() const { return healthy_; }
  /// Attempts since the last healthy connection or fresh backoff.
  int attempt() const { return attempt_; }
  /// Consecutive attempts that failed since data last flowed.
  int failedAttempts() const { return failedAttempts_; }
  /// Attempts started since construction (counters.wsAttempts).
  int64_t attemptsTotal() const { return attemptsTotal_; }
  /// Unauthorized / ForbiddenOrigin while an auth refusal pauses retries.
  Reason authPause() const { return authPause_; }
  /// Until the next attempt: 0 while one is in flight, -1 when none is planned.
  int64_t nextRetryInMs(int64_t now) const;

  /// Starts an attempt if none is open or opening, a URL is configured and
  /// no auth pause holds. Returns true when one started.
  bool open(int64_t now);
  /// A fresh backoff (online, visible, retryNow, polls recovering) and an
  /// attempt now unless one is in flight or an auth pause holds.
  void retryNow(int64_t now);
  /// A fresh backoff and an attempt within a random delay in [0,
  /// reconnectSpreadMs): polls recovering after a server restart. Every
  /// terminal's polls run in step (each polled at once when the socket
  /// dropped), so "now" would bring the whole fleet back in one 100 ms.
  void retrySoon(int64_t now);
  /// Ends an auth pause (retryNow, new credentials, the 5-minute retry).
  void endAuthPause();
  /// Lets the socket go (closed with `code`) and plans no retry; with
  /// `forget`, also a fresh backoff, attempt count and no auth pause
  /// (disconnect()).
  void stop(int code, bool forget);
  /// Sends on an open socket; nothing otherwise.
  void send(const std::string& text);

  /// The handshake finished.
  void opened(int64_t now);
  /// Any message, even garbage: the socket lives. Returns true when this
  /// message made the connection healthy.
  bool message(int64_t now);
  /// The snapshot arrived (or the open, when no snapshot is expected).
  void delivered(int64_t now);
  /// Marks the connection healthy (the healthy timer fired).
  void markHealthy();

  struct Ended {
    bool wasHealthy = false;
    bool wasDelivering = false;
  };
  /// The socket is gone: a failed attempt, a drop or a deadline. Closes it
  /// with `closeCode` when the engine ends it (0: it ended by itself) and
  /// plans the next attempt: after a healthy connection, a random delay in
  /// [0, reconnectSpreadMs); after 1013, at least the cap; after 4401/4403,
  /// a pause of authRetryAfterMs; otherwise the next backoff delay.
  Ended fail(int64_t now, Reason why, int closeCode);

  /// The socket's timers, in the order they are checked.
  enum class Timer { None, Healthy, ConnectTimeout, SnapshotTimeout, HeartbeatTimeout, AuthRetry, Retry };
  int64_t nextDeadline() const;
  Timer due(int64_t now) const;
  /// The retry timer fired: the next attempt.
  void retryDue(int64_t now);

 private:
  int64_t healthyDeadline() const;
  int64_t connectDeadline() const;
  int64_t snapshotDeadline() const;
  int64_t heartbeatDeadline() const;
  void release();
  int64_t spreadMs();

  const FeedOptions& opt_;
  RandomSource& random_;
  std::vector<Action>& out_;
  Backoff backoff_;

  Phase phase_ = Phase::Idle;
  SocketId id_ = 0;
  SocketId nextId_ = 0;
  int64_t startedAt_ = 0;
  int64_t openedAt_ = 0;
  int64_t lastMessageAt_ = 0;
  int64_t deliveredAt_ = 0;
  bool delivering_ = false;
  bool messageAfterDelivery_ = false;
  bool healthy_ = false;
  int attempt_ = 0;
  int failedAttempts_ = 0;
  int64_t attemptsTotal_ = 0;
  int64_t retryAt_ = -1;
  Reason authPause_ = Reason::None;
  int64_t authRetryAt_ = -1;
};

}  // namespace qd
