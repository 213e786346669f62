#pragma once
/// One symbol's price as the book holds it and the UI receives it (§6).
#include <cstdint>
#include <string>

#include "status_event.h"

namespace qd {

struct Price {
  std::string symbol;
  double price = 0;
  double confidence = 0;
  int64_t publishTime = 0;  ///< source publish time, ms since the epoch
  int64_t seq = -1;         ///< per-symbol sequence; -1 = the source sent none
  Source source = Source::None;
  int64_t receivedAt = 0;   ///< the wall clock (ms since the epoch) when it was applied
  bool stale = false;       ///< no update for staleAfterMs
  /// publishTime is a REST answer's `timestamp` (a body without `meta`), the
  /// server's clock rather than the source's: it orders REST answers among
  /// themselves only (contract §5).
  bool timeFromResponse = false;
};

}  // namespace qd
