#pragma once
/// The feed's two clocks, read together.
#include <cstdint>

namespace qd::platform {

struct Instant {
  /// Monotonic milliseconds (performance.now()): the engine's timers run on
  /// it, so a wall-clock jump (NTP, a resync after sleep) cannot run them
  /// backwards.
  int64_t now;
  /// Wall clock (Date.now()) minus `now`, read afresh: receivedAt,
  /// lastMessageAt and status times are reported in the wall clock, so they
  /// stay comparable with server timestamps even after a laptop's sleep has
  /// moved the two clocks apart.
  int64_t wallOffset;
};

Instant readClock();

}  // namespace qd::platform
