#pragma once
/// The feed's clock: milliseconds since the Unix epoch that never go backwards.
#include <cstdint>

namespace qd::platform {

/// Date.now() captured once, advanced by performance.now(): receivedAt and
/// lastMessageAt stay comparable with server timestamps, while a wall-clock
/// jump (NTP, laptop sleep resync) cannot run the engine's timers backwards.
int64_t nowMs();

}  // namespace qd::platform
