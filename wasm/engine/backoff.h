#pragma once
/// Reconnect backoff in the style of gRPC's connection backoff: it returns the
/// next *delay* and never reads a clock. Nominal schedule with the defaults:
/// 1, 2, 4, 8, 15, 15, ... s; each delay is multiplied by a jitter factor
/// drawn uniformly from [1 - jitter, 1], at the cap too, so it never exceeds
/// the cap (docs/contract.md §2, docs/engine.md).
#include <cstdint>

#include "options.h"
#include "random_source.h"

namespace qd {

class Backoff {
 public:
  /// Options are sanitised (initial > 0, max >= initial, multiplier >= 1,
  /// jitter in [0, 1]) so a bad value cannot produce a negative or runaway
  /// delay. `random` must outlive the Backoff.
  Backoff(const BackoffOptions& options, RandomSource& random);

  /// The delay before the next attempt, then steps the schedule. The nominal
  /// value is kept as a double clamped at the cap, so it cannot overflow after
  /// any number of attempts.
  int64_t nextDelayMs();
  /// At least the cap (close 1013 "try again later"): cap + (cap - jittered
  /// cap), so a fleet told to back off still spreads over the jitter range.
  /// Steps the schedule like nextDelayMs().
  int64_t atLeastCapMs();
  /// Back to the initial delay (after a healthy connection, `online`, ...).
  void reset();

 private:
  int64_t jittered(double nominal);

  BackoffOptions options_;
  RandomSource* random_;  // a pointer so a Backoff can be reassigned
  double nominal_;
};

}  // namespace qd
