#pragma once
/// Fallback polling (docs/contract.md §2, §5): whether polls go out (the
/// automatic fallback, or a manual start from the JS API), when (the
/// interval, the hidden-page interval, failing polls backing off on the
/// WebSocket's schedule, Retry-After, time-outs) and what each answer means.
/// It emits StartPoll and AbandonPoll and knows nothing of the WebSocket or
/// of the state shown to the user.
#include <cstdint>
#include <string>
#include <vector>

#include "actions.h"
#include "backoff.h"
#include "options.h"
#include "protocol.h"
#include "random_source.h"
#include "reason.h"

namespace qd {

/// What a finished poll looked like to the platform.
struct PollResult {
  int status = 0;            ///< HTTP status; 0 = network error, no response
  std::string body;
  int64_t retryAfterMs = -1; ///< parsed Retry-After; -1 = absent
};

class PollScheduler {
 public:
  /// `options`, `random` and `out` must outlive the scheduler.
  PollScheduler(const FeedOptions& options, RandomSource& random, std::vector<Action>& out);

  /// The latest answer since polling engaged.
  enum class Answer { None, Ok, Failed };

  bool engaged() const { return (automatic_ || manual_) && !url_.empty(); }
  bool manual() const { return manual_; }
  Answer latest() const { return latest_; }
  bool inFlight() const { return poll_ != 0; }
  /// Polls sent and polls failed since construction (counters).
  int64_t sentTotal() const { return sentTotal_; }
  int64_t failedTotal() const { return failedTotal_; }
  /// The latest answer was 401/403.
  bool refusedAuth() const { return refusedAuth_; }

  /// The automatic fallback on: the first poll goes out at once (unless a
  /// Retry-After still holds), then every interval.
  void engage(int64_t now);
  /// The automatic fallback off (the WebSocket delivers again); a manual
  /// start goes on.
  void disengage();
  /// startFallbackPolling(): polls on with this URL / interval ("" / <= 0
  /// keep the configured ones) until stopManual(). With `live` false (before
  /// connect()) it is only recorded; resume() starts it.
  void startManual(int64_t now, const std::string& url, int64_t intervalMs, bool live);
  /// stopFallbackPolling(): ends a manual start and returns to the automatic
  /// fallback's own state; never switches the automatic fallback off.
  void stopManual(int64_t now);
  /// Everything stops (disconnect(), error); a manual start stays recorded.
  void stop();
  /// connect(): a recorded manual start begins.
  void resume(int64_t now);
  /// The page became visible or the network came back: a fresh backoff and a
  /// poll at once, unless one is in flight or a Retry-After still holds.
  void pollNow(int64_t now);
  /// retryNow(): a poll at once even under a Retry-After (a user's explicit
  /// request is the one exception, contract §2).
  void userRetry(int64_t now);
  void setHidden(bool hidden) { hidden_ = hidden; }

  struct Outcome {
    enum class Kind { Ignored, Ok, Failed };
    Kind kind = Kind::Ignored;
    Reason why = Reason::None;  ///< Failed: PollFailed, PollTimeout, PollRateLimited, Unauthorized, ForbiddenOrigin
    std::string text;           ///< Failed: what the log line says
    bool recovered = false;     ///< Ok after polls had failed
    RestBody body;              ///< Ok: the prices
  };
  /// A poll finished. Ignored for a poll that is not the one in flight.
  Outcome onResult(int64_t now, PollId id, const PollResult& result, DropCounts& drops);

  int64_t nextDeadline() const;
  /// Fires a due timer: the next poll goes out (Ignored), or the one in
  /// flight timed out and is abandoned (Failed, poll_timeout).
  Outcome fire(int64_t now);

 private:
  void halt();
  void abandon();
  void sync(int64_t now);
  void start(int64_t now);
  void schedule(int64_t at);
  Outcome failed(int64_t now, Reason why, std::string text);
  void setInterval(int64_t intervalMs);

  const FeedOptions& opt_;
  RandomSource& random_;
  std::vector<Action>& out_;
  std::string url_;
  int64_t intervalMs_;
  Backoff backoff_;

  bool automatic_ = false;
  bool manual_ = false;
  bool hidden_ = false;
  PollId poll_ = 0;
  PollId nextId_ = 0;
  int64_t startedAt_ = 0;
  int64_t nextPollAt_ = -1;
  int64_t notBefore_ = -1;  ///< Retry-After: no poll before this
  int failures_ = 0;        ///< consecutive
  Answer latest_ = Answer::None;
  bool refusedAuth_ = false;
  int64_t sentTotal_ = 0;
  int64_t failedTotal_ = 0;
};

}  // namespace qd
