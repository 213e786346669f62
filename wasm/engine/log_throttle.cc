#include "log_throttle.h"

#include <algorithm>

namespace qd {
namespace {

// Doubling stops here (about 12 days) so the window length cannot overflow.
constexpr int64_t kMaxWindowMs = int64_t{1} << 30;

}  // namespace

LogThrottle::LogThrottle(int64_t windowMs) : windowMs_(std::max<int64_t>(1, windowMs)) {}

void LogThrottle::print(LogLevel level, const std::string& text, std::vector<Action>& out) {
  Action a = makeAction(Action::Kind::Log);
  a.level = level;
  a.text = text;
  out.push_back(std::move(a));
}

void LogThrottle::summarise(Reason kind, Kind& k, int64_t windowMs, std::vector<Action>& out) {
  if (k.suppressed == 0) return;
  print(k.level,
        std::string("price feed: ") + reasonCode(kind) + ": " + k.lastText + " (" +
            std::to_string(k.suppressed) + " suppressed in " + std::to_string(windowMs / 1000) +
            " s)",
        out);
  k.suppressed = 0;
}

// Closes every window of `k` that ended at or before `now`.
void LogThrottle::roll(int64_t now, Reason reason, Kind& k, std::vector<Action>& out) {
  while (now >= k.windowStart + k.windowLen) {
    summarise(reason, k, k.windowLen, out);
    k.windowStart += k.windowLen;
    k.windowLen = std::min(k.windowLen * 2, kMaxWindowMs);
    // A long quiet gap: jump to the window holding `now` instead of looping.
    if (now - k.windowStart > 4 * kMaxWindowMs) k.windowStart = now;
  }
}

void LogThrottle::report(int64_t now, Reason kind, LogLevel level, const std::string& text,
                         std::vector<Action>& out) {
  auto it = kinds_.find(kind);
  if (it == kinds_.end()) {
    Kind k;
    k.windowStart = now;
    k.windowLen = windowMs_;
    k.level = level;
    k.lastText = text;
    kinds_.emplace(kind, k);
    print(level, std::string("price feed: ") + reasonCode(kind) + ": " + text, out);
    return;
  }
  Kind& k = it->second;
  roll(now, kind, k, out);
  k.level = level;
  k.lastText = text;
  ++k.suppressed;
  ++suppressedTotal_;
}

void LogThrottle::advance(int64_t now, std::vector<Action>& out) {
  for (auto& [reason, k] : kinds_) {
    if (k.suppressed > 0) roll(now, reason, k, out);
  }
}

int64_t LogThrottle::nextDeadline() const {
  int64_t best = -1;
  for (const auto& entry : kinds_) {
    const Kind& k = entry.second;
    if (k.suppressed == 0) continue;
    const int64_t end = k.windowStart + k.windowLen;
    if (best < 0 || end < best) best = end;
  }
  return best;
}

void LogThrottle::reset(int64_t now, Reason kind, std::vector<Action>& out) {
  auto it = kinds_.find(kind);
  if (it == kinds_.end()) return;
  Kind& k = it->second;
  summarise(kind, k, std::max<int64_t>(now - k.windowStart, 1000), out);
  kinds_.erase(it);
}

void LogThrottle::resetAll(int64_t now, std::vector<Action>& out) {
  while (!kinds_.empty()) reset(now, kinds_.begin()->first, out);
}

}  // namespace qd
