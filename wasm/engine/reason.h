#pragma once
/// The one table of reason codes (docs/contract.md §3). A status event's
/// `reason`, the log throttle's families and the log lines all come from
/// here, so a code is spelled once.
#include <cstdint>

namespace qd {

enum class Reason : uint8_t {
  None,
  Connect,           ///< the user called connect()
  User,              ///< the user called disconnect() / stopFallbackPolling()
  Snapshot,          ///< the WebSocket snapshot arrived: data flows by WebSocket
  PollOk,            ///< a poll delivered prices
  WsClosed,          ///< an open WebSocket closed (any code not listed below)
  WsUnreachable,     ///< a WebSocket attempt failed before it opened
  WsConnectTimeout,  ///< the handshake did not finish within connectTimeoutMs
  WsDisabled,        ///< no WebSocket URL configured: polling only
  HeartbeatTimeout,  ///< no message of any kind for heartbeatTimeoutMs
  NoData,            ///< fallbackAfterMs passed without data
  NoSnapshot,        ///< open, but no usable snapshot within snapshotTimeoutMs
  Unauthorized,      ///< close 4401 / HTTP 401 / an `unauthorized` error frame
  ForbiddenOrigin,   ///< close 4403 / HTTP 403 / a `forbidden_origin` error frame
  ServerOverloaded,  ///< close 1013 try-again-later
  ServerError,       ///< the server sent an `error` frame
  PollFailed,        ///< network error, 5xx, or a body that is not a price list
  PollTimeout,       ///< a poll took longer than pollTimeoutMs and was abandoned
  PollRateLimited,   ///< HTTP 429
  BadConfig,         ///< the options cannot work (e.g. no URL at all)
  Online,            ///< the platform's `online` event
  Offline,           ///< the platform's `offline` event
  Visible,           ///< the page became visible
  RetryNow,          ///< the user asked to retry now
  Credentials,       ///< new credentials: the auth pause ends
  AuthRetry,         ///< authRetryAfterMs passed since a 4401/4403
  FallbackForced,    ///< the user called startFallbackPolling()
};

/// Console lines are throttled per family (contract §2 "console"), so an
/// outage of any shape, however its failures mix, prints a bounded number of
/// lines: state changes, WebSocket failures, poll failures, network events.
enum class LogFamily : uint8_t { State, Socket, Poll, Network, Config };
constexpr int kLogFamilies = 5;

/// The wire/console code, e.g. "ws_closed"; "" for None.
const char* reasonCode(Reason r);
/// A short human sentence for log lines, e.g. "WebSocket closed".
const char* reasonText(Reason r);
/// The console family a failure of this kind is throttled in.
LogFamily logFamily(Reason r);
/// "state", "websocket", "poll", "network", "config".
const char* familyName(LogFamily f);

}  // namespace qd
