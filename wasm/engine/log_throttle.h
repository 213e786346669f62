#pragma once
/// Console throttle (docs/contract.md §2 "console"): each error kind prints
/// its first occurrence; later ones are counted and summarised in at most one
/// line per window. The window starts at logWindowMs (60 s) and doubles while
/// the outage lasts, so a 10-minute outage prints 4 lines per kind at most.
/// Lines go out as Action::Log; the throttle reads no clock.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actions.h"
#include "reason.h"

namespace qd {

class LogThrottle {
 public:
  explicit LogThrottle(int64_t windowMs);

  /// An occurrence of error `kind`: printed if it is the kind's first since
  /// the last reset, otherwise counted for the window's summary line.
  void report(int64_t now, Reason kind, LogLevel level, const std::string& text,
              std::vector<Action>& out);
  /// Unthrottled line (state changes: one line each).
  static void print(LogLevel level, const std::string& text, std::vector<Action>& out);

  /// Prints the summaries of windows that ended at or before `now`.
  void advance(int64_t now, std::vector<Action>& out);
  /// When the next summary is due; -1 = nothing pending.
  int64_t nextDeadline() const;

  /// The outage of `kind` is over: print its pending summary, forget it.
  void reset(int64_t now, Reason kind, std::vector<Action>& out);
  /// Every outage is over (a healthy connection).
  void resetAll(int64_t now, std::vector<Action>& out);

  /// Occurrences not printed as their own line, since construction.
  int64_t suppressedTotal() const { return suppressedTotal_; }

 private:
  struct Kind {
    int64_t windowStart = 0;
    int64_t windowLen = 0;
    int64_t suppressed = 0;
    LogLevel level = LogLevel::Warn;
    std::string lastText;
  };
  void summarise(Reason kind, Kind& k, int64_t windowMs, std::vector<Action>& out);
  void roll(int64_t now, Reason reason, Kind& k, std::vector<Action>& out);

  int64_t windowMs_;
  std::map<Reason, Kind> kinds_;
  int64_t suppressedTotal_ = 0;
};

}  // namespace qd
