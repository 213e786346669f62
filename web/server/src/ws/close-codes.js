/// Close codes the server sends (docs/protocol.md). CONTRACT §4 says how a
/// client treats each: 4401/4403 are not retried on the backoff schedule,
/// 1013 backs off to the cap, anything else is retried.
export const CLOSE = Object.freeze({
  /// Frame above the 4 KB inbound limit (sent by the ws library itself).
  TOO_BIG: 1009,
  /// Server full (--max-clients, --max-clients-per-ip): retry later, not now.
  TRY_AGAIN_LATER: 1013,
  /// Server shutting down.
  GOING_AWAY: 1001,
  /// More inbound frames than --max-frames allows (`error` frame rate_limited first).
  POLICY_VIOLATION: 1008,
  UNAUTHORIZED: 4401,
  FORBIDDEN_ORIGIN: 4403,
});
// Slow and idle clients are terminated, not closed: they would never read a
// close frame, so they see 1006 (abnormal closure) and reconnect as usual.
