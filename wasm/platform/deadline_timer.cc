#include "deadline_timer.h"

#include <emscripten/eventloop.h>

namespace qd::platform {

void DeadlineTimer::arm(int64_t deadline, int64_t now) {
  if (deadline < 0) {
    cancel();
    return;
  }
  if (keeps(deadline)) return;
  cancel();
  // setTimeout fires at once above 2^31 - 1 ms; a far deadline re-arms instead.
  constexpr int64_t kMaxDelay = 0x7fffffff;
  int64_t delay = deadline > now ? deadline - now : 0;
  if (delay > kMaxDelay) delay = kMaxDelay;
  deadline_ = deadline;
  id_ = emscripten_set_timeout(&DeadlineTimer::fire, static_cast<double>(delay), this);
  armed_ = true;
}

void DeadlineTimer::cancel() {
  if (armed_) emscripten_clear_timeout(id_);
  armed_ = false;
  id_ = 0;
  deadline_ = -1;
}

void DeadlineTimer::fire(void* self) {
  auto* t = static_cast<DeadlineTimer*>(self);
  t->armed_ = false;
  t->id_ = 0;
  t->deadline_ = -1;
  t->cb_(t->user_);
}

}  // namespace qd::platform
