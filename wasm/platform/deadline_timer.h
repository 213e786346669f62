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

  /// Arms for `deadline` (same clock as `now`); -1 disarms. Re-arming for the
  /// deadline already armed is free, so it can be called after every event.
  void arm(int64_t deadline, int64_t now);
  void cancel();
  bool armed() const { return armed_; }

 private:
  static void fire(void* self);

  Callback cb_;
  void* user_;
  long id_ = 0;
  bool armed_ = false;
  int64_t deadline_ = -1;
};

}  // namespace qd::platform
