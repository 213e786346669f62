#pragma once
/// Every tunable of the feed, with the defaults of docs/contract.md section 2.
/// All durations are in milliseconds of the caller's clock.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qd {

/// Reconnect backoff (see backoff.h for the schedule it produces).
struct BackoffOptions {
  /// First retry delay: 1 s is short enough to ride out a proxy blip.
  int64_t initialMs = 1000;
  /// Cap: 15 s keeps an all-day outage to ~4 attempts a minute per terminal.
  int64_t maxMs = 15000;
  /// Doubling: 1, 2, 4, 8, 15 s.
  double multiplier = 2.0;
  /// Each delay is multiplied by a uniform factor in [1 - jitter, 1]; 0.2 spreads
  /// a fleet's reconnects over 20% of the slot so a restarted server is not hit
  /// by every terminal in the same millisecond. 0 gives the exact schedule.
  double jitter = 0.2;
};

struct FeedOptions {
  /// WebSocket URL; the platform layer resolves the page-relative default.
  std::string wsUrl = "ws://localhost:3002/ws";
  /// REST fallback URL.
  std::string pollUrl = "http://localhost:3002/api/oracle/prices";
  /// Symbols to subscribe to; none = all the server has, an empty list =
  /// nothing (contract §6). At most kMaxNamedSymbols, each a valid symbol
  /// (subscription.h), or the options are bad_config.
  std::optional<std::vector<std::string>> symbols;

  BackoffOptions backoff;

  /// Poll cadence while polls succeed: 2 s keeps prices fresh without load.
  int64_t pollIntervalMs = 2000;
  /// Poll cadence while the page is hidden: nobody is looking.
  int64_t hiddenPollIntervalMs = 10000;
  /// A poll slower than this is abandoned and counted as failed.
  int64_t pollTimeoutMs = 5000;

  /// Polling engages after this many failed WebSocket attempts (one: a broken
  /// WebSocket path must cost prices well under a second)...
  int fallbackAfterAttempts = 1;
  /// ...or after this long without data, whichever comes first.
  int64_t fallbackAfterMs = 3000;
  /// A handshake that has not opened by then is a failed attempt.
  int64_t connectTimeoutMs = 10000;
  /// An open socket without a usable snapshot by then is a failed attempt
  /// (contract §2 v2): the reference server answers a subscribe within
  /// milliseconds, and an open socket that delivers nothing must not pin the
  /// feed to REST.
  int64_t snapshotTimeoutMs = 5000;
  /// After a healthy connection drops, the first WebSocket retry waits a
  /// uniform random delay in [0, this): 1,000 terminals that lose the same
  /// server come back over 1.5 s, not in the same 100 ms (a poll goes out at
  /// once meanwhile, so prices stay fresh).
  int64_t reconnectSpreadMs = 1500;
  /// No message of any kind for this long = dead socket (server beats every 5 s,
  /// so two missed beats plus slack).
  int64_t heartbeatTimeoutMs = 12000;
  /// A symbol without an update for this long is marked stale.
  int64_t staleAfterMs = 30000;
  /// The backoff resets only after the socket stayed healthy this long, so a
  /// server that accepts then drops at once cannot cause a 1 s reconnect loop.
  int64_t healthyAfterMs = 10000;
  /// After a 4401/4403 refusal, the WebSocket is retried by itself after this.
  int64_t authRetryAfterMs = 300000;
  /// A 429/503's Retry-After holds every poll back at most this long: a
  /// misconfigured server cannot park the fallback for days.
  int64_t maxRetryAfterMs = 60000;
  /// Changed prices are handed to the UI at most once per this interval
  /// (one frame at 60 Hz: a screen cannot show more).
  int64_t flushIntervalMs = 16;
  /// Frames larger than this are dropped unparsed (the reference server's
  /// largest batch at its top rate is ~100 KB).
  int64_t maxMessageBytes = 1 << 20;
  /// First console summary window; doubles while the outage lasts.
  int64_t logWindowMs = 60000;
};

/// "" when the options can work, else the name of the first bad field (the
/// controller then enters `error` with reason bad_config instead of guessing).
const char* invalidOption(const FeedOptions& o);

}  // namespace qd
