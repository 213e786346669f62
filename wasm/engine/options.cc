#include "options.h"

#include <cmath>

#include "subscription.h"

namespace qd {

const char* invalidOption(const FeedOptions& o) {
  if (o.wsUrl.empty() && o.pollUrl.empty()) return "wsUrl/pollUrl";
  if (o.symbols) {
    if (o.symbols->size() > kMaxNamedSymbols) return "symbols";
    for (const auto& s : *o.symbols) {
      if (!validSymbol(s)) return "symbols";
    }
  }
  const BackoffOptions& b = o.backoff;
  if (b.initialMs <= 0) return "backoff.initialMs";
  if (b.maxMs < b.initialMs) return "backoff.maxMs";
  if (!std::isfinite(b.multiplier) || b.multiplier < 1.0) return "backoff.multiplier";
  if (!(b.jitter >= 0.0 && b.jitter <= 1.0)) return "backoff.jitter";
  if (o.pollIntervalMs <= 0) return "pollIntervalMs";
  if (o.hiddenPollIntervalMs <= 0) return "hiddenPollIntervalMs";
  if (o.pollTimeoutMs <= 0) return "pollTimeoutMs";
  if (o.fallbackAfterAttempts < 1) return "fallbackAfterAttempts";
  if (o.fallbackAfterMs < 0) return "fallbackAfterMs";
  if (o.connectTimeoutMs <= 0) return "connectTimeoutMs";
  if (o.snapshotTimeoutMs <= 0) return "snapshotTimeoutMs";
  if (o.reconnectSpreadMs < 0) return "reconnectSpreadMs";
  if (o.heartbeatTimeoutMs <= 0) return "heartbeatTimeoutMs";
  if (o.staleAfterMs <= 0) return "staleAfterMs";
  if (o.healthyAfterMs < 0) return "healthyAfterMs";
  if (o.authRetryAfterMs <= 0) return "authRetryAfterMs";
  if (o.maxRetryAfterMs < 0) return "maxRetryAfterMs";
  if (o.flushIntervalMs < 0) return "flushIntervalMs";
  if (o.maxMessageBytes <= 0) return "maxMessageBytes";
  if (o.logWindowMs <= 0) return "logWindowMs";
  return "";
}

}  // namespace qd
