#pragma once
/// When changed prices go to the UI: at most one batch per flushIntervalMs
/// (one frame at 60 Hz; a screen cannot show more). The first change after a
/// quiet period goes at once, the rest of a burst in the next slot. A due
/// batch also leaves on the next event, not only on the timer: a saturated
/// socket can starve the platform's timer for many intervals.
#include <cstdint>
#include <limits>

namespace qd {

class Batcher {
 public:
  explicit Batcher(int64_t intervalMs) : intervalMs_(intervalMs) {}

  /// Changes are waiting: true when a batch must leave now (the caller then
  /// sends it and calls sent()); otherwise the next slot is armed.
  bool due(int64_t now) {
    if (slotAt_ < 0) slotAt_ = lastAt_ + intervalMs_ > now ? lastAt_ + intervalMs_ : now;
    return slotAt_ <= now;
  }
  void sent(int64_t now) {
    lastAt_ = now;
    slotAt_ = -1;
  }
  /// The armed slot; -1 = none.
  int64_t nextDeadline() const { return slotAt_; }
  /// Nothing waits any more (disconnect()).
  void clear() { slotAt_ = -1; }

 private:
  int64_t intervalMs_;
  int64_t lastAt_ = std::numeric_limits<int64_t>::min() / 2;
  int64_t slotAt_ = -1;
};

}  // namespace qd
