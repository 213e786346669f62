#include "reason.h"

#include <cstddef>

namespace qd {
namespace {

struct Row {
  Reason reason;
  const char* code;
  const char* text;
  LogFamily family;
};

constexpr LogFamily kState = LogFamily::State;
constexpr LogFamily kSocket = LogFamily::Socket;
constexpr LogFamily kPoll = LogFamily::Poll;
constexpr LogFamily kNetwork = LogFamily::Network;
constexpr LogFamily kConfig = LogFamily::Config;

// Rows are in enum order; the static_asserts below catch a missing row.
constexpr Row kRows[] = {
    {Reason::None, "", "", kState},
    {Reason::Connect, "connect", "connecting", kState},
    {Reason::User, "user", "stopped by the user", kState},
    {Reason::Snapshot, "snapshot", "WebSocket snapshot received", kState},
    {Reason::PollOk, "poll_ok", "poll delivered prices", kPoll},
    {Reason::WsClosed, "ws_closed", "WebSocket closed", kSocket},
    {Reason::WsUnreachable, "ws_unreachable", "WebSocket unreachable", kSocket},
    {Reason::WsConnectTimeout, "ws_connect_timeout", "WebSocket handshake timed out", kSocket},
    {Reason::WsDisabled, "ws_disabled", "no WebSocket URL configured", kSocket},
    {Reason::HeartbeatTimeout, "heartbeat_timeout", "no message from the WebSocket in time", kSocket},
    {Reason::NoData, "no_data", "no data yet", kSocket},
    {Reason::NoSnapshot, "no_snapshot", "WebSocket open but no usable snapshot", kSocket},
    {Reason::Unauthorized, "unauthorized", "not authorized", kSocket},
    {Reason::ForbiddenOrigin, "forbidden_origin", "origin not allowed", kSocket},
    {Reason::ServerOverloaded, "server_overloaded", "server overloaded, try later", kSocket},
    {Reason::ServerError, "server_error", "server sent an error", kSocket},
    {Reason::PollFailed, "poll_failed", "price poll failed", kPoll},
    {Reason::PollTimeout, "poll_timeout", "price poll timed out", kPoll},
    {Reason::PollRateLimited, "poll_rate_limited", "price poll rate limited", kPoll},
    {Reason::BadConfig, "bad_config", "bad configuration", kConfig},
    {Reason::Online, "online", "network back online", kNetwork},
    {Reason::Offline, "offline", "network offline", kNetwork},
    {Reason::Visible, "visible", "page visible", kState},
    {Reason::RetryNow, "retry_now", "retry requested", kState},
    {Reason::Credentials, "credentials", "new credentials", kState},
    {Reason::AuthRetry, "auth_retry", "retrying after an auth refusal", kSocket},
    {Reason::FallbackForced, "fallback_forced", "polling forced on", kState},
};

constexpr std::size_t kCount = sizeof(kRows) / sizeof(kRows[0]);
static_assert(kCount == static_cast<std::size_t>(Reason::FallbackForced) + 1,
              "every Reason needs exactly one row");

constexpr bool rowsInOrder() {
  for (std::size_t i = 0; i < kCount; ++i) {
    if (static_cast<std::size_t>(kRows[i].reason) != i) return false;
  }
  return true;
}
static_assert(rowsInOrder(), "kRows must follow the enum order");

const Row& row(Reason r) {
  auto i = static_cast<std::size_t>(r);
  return kRows[i < kCount ? i : 0];
}

}  // namespace

const char* reasonCode(Reason r) { return row(r).code; }
const char* reasonText(Reason r) { return row(r).text; }
LogFamily logFamily(Reason r) { return row(r).family; }

const char* familyName(LogFamily f) {
  switch (f) {
    case LogFamily::State: return "state";
    case LogFamily::Socket: return "websocket";
    case LogFamily::Poll: return "poll";
    case LogFamily::Network: return "network";
    case LogFamily::Config: return "config";
  }
  return "";
}

}  // namespace qd
