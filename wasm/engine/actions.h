#pragma once
/// What the engine asks its platform to do. The controller never touches a
/// socket, a timer or a console: it appends Actions, the adapter performs them.
#include <cstdint>
#include <string>

#include "status_event.h"

namespace qd {

/// Handles let the adapter tell the engine which socket or poll an event is
/// about; events for a handle the engine has let go of are ignored.
using SocketId = int32_t;
using PollId = int32_t;

enum class LogLevel { Info, Warn, Error };

struct Action {
  enum class Kind {
    OpenSocket,   ///< open a WebSocket `id` to `url`
    CloseSocket,  ///< close socket `id` with `code` (1000 normal, 4000+ ours)
    SendText,     ///< send `text` on socket `id`
    StartPoll,    ///< GET `url` as poll `id`; report the result with onPollResult
    AbandonPoll,  ///< forget poll `id`: its completion must be dropped, not delivered
    Log,          ///< print `text` at `level` (already throttled)
    Status,       ///< the connection state changed: `status`
    Prices,       ///< a batch of changed prices is ready: call takeBatch()
  };
  Kind kind;
  int32_t id = 0;
  std::string url;
  std::string text;
  int code = 0;
  LogLevel level = LogLevel::Info;
  StatusEvent status;
};

/// An Action of `kind` with every other field at its default.
inline Action makeAction(Action::Kind kind, int32_t id = 0) {
  Action a;
  a.kind = kind;
  a.id = id;
  return a;
}

}  // namespace qd
