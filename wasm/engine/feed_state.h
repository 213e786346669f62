#pragma once
/// The state the terminal shows, derived from the facts (docs/contract.md
/// §3): one pure function, so every rule of "what is the truth right now"
/// sits in one place and is tested as a table.
#include "poll_scheduler.h"
#include "reason.h"
#include "status_event.h"

namespace qd {

/// What the parts of the feed know at one moment.
struct FeedFacts {
  Reason fatal = Reason::None;       ///< bad_config, or both transports refused: `error` until a user acts
  bool wsDelivering = false;         ///< WebSocket open with its snapshot in
  bool wsFailed = false;             ///< an attempt failed since data last flowed by WebSocket
  Reason wsReason = Reason::NoData;  ///< why the WebSocket does not deliver
  Reason authPause = Reason::None;   ///< the WebSocket was refused for authentication
  bool pollEngaged = false;
  PollScheduler::Answer latestPoll = PollScheduler::Answer::None;
  bool pollInFlight = false;
  bool pollRefusedAuth = false;      ///< the latest poll answer was 401/403
  bool pollForcedOnly = false;       ///< polls run only because the user forced them
  bool everData = false;             ///< prices arrived since connect()
};

struct DerivedState {
  State state;
  Reason reason;
};

/// The state for `facts`; `cause` (the event being handled) is the reason of
/// `connecting` and `disconnected`.
///   error        fatal, or the WebSocket and the latest poll both refused for authentication
///   connected    the WebSocket delivers
///   polling      polls engaged and the latest answer delivered prices
///   connecting   the fallback's first poll is in flight (v2: a healthy drop
///                walks connected -> connecting -> polling, never through red),
///                or nothing has failed yet since connect()
///   disconnected no source delivers: the WebSocket is down and the latest
///                poll failed, or none could be sent
DerivedState deriveState(const FeedFacts& facts, Reason cause);

}  // namespace qd
