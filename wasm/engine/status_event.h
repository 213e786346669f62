#pragma once
/// The connection states and the state-change event of docs/contract.md §3.
#include <cstdint>
#include <string>

namespace qd {

enum class State { Connecting, Connected, Polling, Disconnected, Error };
enum class Source { None, Ws, Poll };

const char* toString(State s);
const char* toString(Source s);

/// One event per state change.
struct StatusEvent {
  State state = State::Connecting;
  State previous = State::Connecting;
  std::string reason;          ///< a code from reason.h, e.g. "ws_closed"
  Source source = Source::None;
  int attempt = 0;             ///< WebSocket attempts since the last healthy connection
  int64_t nextRetryInMs = -1;  ///< until the next WebSocket attempt; -1 = none scheduled
  int64_t at = 0;              ///< the engine's clock when it happened
};

}  // namespace qd
