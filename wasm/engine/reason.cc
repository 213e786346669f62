#include "reason.h"

#include <cstddef>

namespace qd {
namespace {

struct Row {
  Reason reason;
  const char* code;
  const char* text;
};

// Rows are in enum order; the static_assert below catches a missing row.
constexpr Row kRows[] = {
    {Reason::None, "", ""},
    {Reason::Connect, "connect", "connecting"},
    {Reason::User, "user", "stopped by the user"},
    {Reason::Snapshot, "snapshot", "WebSocket snapshot received"},
    {Reason::PollOk, "poll_ok", "poll delivered prices"},
    {Reason::WsClosed, "ws_closed", "WebSocket closed"},
    {Reason::WsUnreachable, "ws_unreachable", "WebSocket unreachable"},
    {Reason::WsConnectTimeout, "ws_connect_timeout", "WebSocket handshake timed out"},
    {Reason::WsDisabled, "ws_disabled", "no WebSocket URL configured"},
    {Reason::HeartbeatTimeout, "heartbeat_timeout", "no message from the WebSocket in time"},
    {Reason::NoData, "no_data", "no data yet"},
    {Reason::Unauthorized, "unauthorized", "not authorized"},
    {Reason::ForbiddenOrigin, "forbidden_origin", "origin not allowed"},
    {Reason::ServerOverloaded, "server_overloaded", "server overloaded, try later"},
    {Reason::ServerError, "server_error", "server sent an error"},
    {Reason::PollFailed, "poll_failed", "price poll failed"},
    {Reason::PollTimeout, "poll_timeout", "price poll timed out"},
    {Reason::PollRateLimited, "poll_rate_limited", "price poll rate limited"},
    {Reason::BadConfig, "bad_config", "bad configuration"},
    {Reason::Online, "online", "network back online"},
    {Reason::Offline, "offline", "network offline"},
    {Reason::Visible, "visible", "page visible"},
    {Reason::RetryNow, "retry_now", "retry requested"},
    {Reason::Credentials, "credentials", "new credentials"},
    {Reason::AuthRetry, "auth_retry", "retrying after an auth refusal"},
    {Reason::FallbackForced, "fallback_forced", "polling forced on"},
    {Reason::Healthy, "healthy", "connection healthy"},
};

constexpr std::size_t kCount = sizeof(kRows) / sizeof(kRows[0]);
static_assert(kCount == static_cast<std::size_t>(Reason::Healthy) + 1,
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

}  // namespace qd
