#pragma once
/// Console throttle (docs/contract.md §2 "console"): each family of lines
/// (state changes, WebSocket failures, poll failures, network events; see
/// reason.h) prints its first line; later ones are counted and summarised in
/// at most one line per window. The window starts at logWindowMs (60 s) and
/// doubles while the outage lasts, so a 10-minute outage prints at most 4
/// lines per family, whatever shape it has. Lines go out as Action::Log; the
/// throttle reads no clock.
#include <cstdint>
#include <string>
#include <vector>

#include "actions.h"
#include "reason.h"

namespace qd {

class LogThrottle {
 public:
  explicit LogThrottle(int64_t windowMs);

  /// A line of `family` ("price feed: " is put in front): printed if it is
  /// the family's first since its last reset, otherwise counted for the
  /// window's summary line, which repeats the latest text.
  void report(int64_t now, LogFamily family, LogLevel level, const std::string& text,
              std::vector<Action>& out);

  /// Prints the summaries of windows that ended at or before `now`.
  void advance(int64_t now, std::vector<Action>& out);
  /// When the next summary is due; -1 = nothing pending.
  int64_t nextDeadline() const;

  /// The outage of `family` is over: print its pending summary, forget it.
  void reset(int64_t now, LogFamily family, std::vector<Action>& out);
  /// Every outage is over (a healthy connection, disconnect()).
  void resetAll(int64_t now, std::vector<Action>& out);

  /// Lines not printed as their own line, since construction.
  int64_t suppressedTotal() const { return suppressedTotal_; }

 private:
  struct Slot {
    bool active = false;
    int64_t windowStart = 0;
    int64_t windowLen = 0;
    int64_t suppressed = 0;
    LogLevel level = LogLevel::Warn;
    std::string lastText;
  };
  void summarise(LogFamily family, Slot& s, int64_t windowMs, std::vector<Action>& out);
  void roll(int64_t now, LogFamily family, Slot& s, std::vector<Action>& out);

  int64_t windowMs_;
  Slot slots_[kLogFamilies];
  int64_t suppressedTotal_ = 0;
};

}  // namespace qd
