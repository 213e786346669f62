#pragma once
/// Keeps exactly ONE emscripten_set_timeout armed, at the engine's next deadline.
#include <cstdint>

namespace qd::platform {

class DeadlineTimer {
 public:
  using Callback = void (*)(void* user);
  DeadlineTimer(Callback cb, void* user) : cb_(cb), user_(user) {}
  ~DeadlineTimer() { cancel(); }
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

  /// Arms for `deadline` (same clock as `now`); -1 disarms. Free when
  /// keeps(deadline): the armed timer already fires no later than that, so
  /// it is left alone; when it fires early, the owner finds nothing due and
  /// arms again for its real deadline. So a deadline that moves later with
  /// every message (the heartbeat's) costs one wake-up per timeout, not a
  /// clearTimeout + setTimeout per message.
  void arm(int64_t deadline, int64_t now);
  /// True when arm(deadline, ...) would leave the timer as it is (no need to
  /// read the clock for it).
  bool keeps(int64_t deadline) const { return armed_ && deadline >= deadline_; }
  void cancel();

 private:
  static void fire(void* self);

  Callback cb_;
  void* user_;
  long id_ = 0;
  bool armed_ = false;
  int64_t deadline_ = -1;
};

}  // namespace qd::platform
