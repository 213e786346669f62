#include "log_throttle.h"

#include <algorithm>

namespace qd {
namespace {

// Doubling stops here (about 12 days) so the window length cannot overflow.
constexpr int64_t kMaxWindowMs = int64_t{1} << 30;

void emit(LogLevel level, std::string text, std::vector<Action>& out) {
  Action a = makeAction(Action::Kind::Log);
  a.level = level;
  a.text = "price feed: " + std::move(text);
  out.push_back(std::move(a));
}

}  // namespace

LogThrottle::LogThrottle(int64_t windowMs) : windowMs_(std::max<int64_t>(1, windowMs)) {}

void LogThrottle::summarise(LogFamily family, Slot& s, int64_t windowMs, std::vector<Action>& out) {
  if (s.suppressed == 0) return;
  emit(s.level,
       std::string(familyName(family)) + ": " + std::to_string(s.suppressed) +
           " more suppressed in " + std::to_string(windowMs / 1000) + " s; latest: " + s.lastText,
       out);
  s.suppressed = 0;
}

// Closes every window of `s` that ended at or before `now`.
void LogThrottle::roll(int64_t now, LogFamily family, Slot& s, std::vector<Action>& out) {
  while (now >= s.windowStart + s.windowLen) {
    summarise(family, s, s.windowLen, out);
    s.windowStart += s.windowLen;
    s.windowLen = std::min(s.windowLen * 2, kMaxWindowMs);
    // A long quiet gap: jump to the window holding `now` instead of looping.
    if (now - s.windowStart > 4 * kMaxWindowMs) s.windowStart = now;
  }
}

void LogThrottle::report(int64_t now, LogFamily family, LogLevel level, const std::string& text,
                         std::vector<Action>& out) {
  Slot& s = slots_[static_cast<int>(family)];
  if (!s.active) {
    s.active = true;
    s.windowStart = now;
    s.windowLen = windowMs_;
    s.suppressed = 0;
    emit(level, text, out);
    return;
  }
  roll(now, family, s, out);
  // The summary speaks at the gravest level it stands for.
  s.level = s.suppressed == 0 ? level : std::max(s.level, level);
  s.lastText = text;
  ++s.suppressed;
  ++suppressedTotal_;
}

void LogThrottle::advance(int64_t now, std::vector<Action>& out) {
  for (int f = 0; f < kLogFamilies; ++f) {
    Slot& s = slots_[f];
    if (s.active && s.suppressed > 0) roll(now, static_cast<LogFamily>(f), s, out);
  }
}

int64_t LogThrottle::nextDeadline() const {
  int64_t best = -1;
  for (const Slot& s : slots_) {
    if (!s.active || s.suppressed == 0) continue;
    const int64_t end = s.windowStart + s.windowLen;
    if (best < 0 || end < best) best = end;
  }
  return best;
}

void LogThrottle::reset(int64_t now, LogFamily family, std::vector<Action>& out) {
  Slot& s = slots_[static_cast<int>(family)];
  if (!s.active) return;
  summarise(family, s, std::max<int64_t>(now - s.windowStart, 1000), out);
  s = Slot{};
}

void LogThrottle::resetAll(int64_t now, std::vector<Action>& out) {
  for (int f = 0; f < kLogFamilies; ++f) reset(now, static_cast<LogFamily>(f), out);
}

}  // namespace qd
