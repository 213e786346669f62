#include "status_event.h"

namespace qd {

const char* toString(State s) {
  switch (s) {
    case State::Connecting: return "connecting";
    case State::Connected: return "connected";
    case State::Polling: return "polling";
    case State::Disconnected: return "disconnected";
    case State::Error: return "error";
  }
  return "unknown";
}

const char* toString(Source s) {
  switch (s) {
    case Source::None: return "none";
    case Source::Ws: return "ws";
    case Source::Poll: return "poll";
  }
  return "unknown";
}

}  // namespace qd
