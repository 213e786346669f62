/// How each connection state looks (contract §3). Colour is never the only
/// signal: every state carries its text label too.
import type { ConnectionState } from '../price/feedTypes';

export interface StateLook {
  label: 'Live' | 'Polling' | 'Disconnected' | 'Connecting';
  tone: 'live' | 'polling' | 'down' | 'neutral';
  colour: string;
}

/// The product palette: green #22c55e, amber #f59e0b, red #ef4444, and a
/// neutral grey for "nothing known yet".
const STATE_LOOKS: Record<ConnectionState, StateLook> = {
  connected: { label: 'Live', tone: 'live', colour: '#22c55e' },
  polling: { label: 'Polling', tone: 'polling', colour: '#f59e0b' },
  disconnected: { label: 'Disconnected', tone: 'down', colour: '#ef4444' },
  error: { label: 'Disconnected', tone: 'down', colour: '#ef4444' },
  connecting: { label: 'Connecting', tone: 'neutral', colour: '#9ca3af' },
};

export function lookOf(state: string): StateLook {
  return STATE_LOOKS[state as ConnectionState] ?? STATE_LOOKS.connecting;
}

/// Words for the source field of the details popover.
export function sourceName(source: string): string {
  if (source === 'ws') return 'WebSocket';
  if (source === 'poll') return 'REST polling';
  return 'none';
}

/// "in 4 s" until `at`, rounded up so it reaches 0 when the retry is due.
export function formatCountdown(at: number | null, now: number): string {
  if (at === null) return '—';
  return `in ${Math.max(0, Math.ceil((at - now) / 1000))} s`;
}

/// "3 s ago" since `at`, "never" before the first update.
export function formatAge(at: number | null, now: number): string {
  if (at === null) return 'never';
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/// What a reason code means, in words a trader reads (codes: wasm/engine/reason.cc).
const REASONS: Record<string, string> = {
  ws_unreachable: 'WebSocket unreachable',
  ws_closed: 'WebSocket closed',
  ws_connect_timeout: 'WebSocket handshake timed out',
  ws_disabled: 'WebSocket switched off',
  heartbeat_timeout: 'WebSocket went silent',
  no_data: 'No data over the WebSocket yet',
  unauthorized: 'Signed out: your session is missing or expired',
  forbidden_origin: 'The server does not allow this page’s address',
  server_overloaded: 'Server busy',
  server_error: 'Server error',
  poll_failed: 'Polling failed too',
  poll_timeout: 'Polling timed out too',
  poll_rate_limited: 'Polling rate-limited by the server',
  offline: 'This computer is offline',
  bad_config: 'Bad feed configuration',
  feed_load_failed: 'The price engine failed to load',
  connect_failed: 'The price engine failed to start',
};

/// The reason in words, or the bare code when it has none.
export function reasonText(reason: string): string {
  return REASONS[reason] ?? reason;
}

/// Signed out (contract §4: a 4401 / a 401): only signing in can help.
export function isSignedOut(reason: string): boolean {
  return reason === 'unauthorized';
}

/// The one sentence a screen reader hears when the state changes: the state,
/// what happened and when the next attempt is, as of the change. Nothing for
/// the start-up "Connecting".
export function announcement(status: {
  state: ConnectionState;
  reason: string;
  nextRetryAt: number | null;
  since: number;
}): string {
  if (status.state === 'connecting' && status.reason === 'starting') return '';
  const head = `Price feed: ${lookOf(status.state).label}.`;
  if (status.state === 'connected' || !status.reason) return head;
  const why = REASONS[status.reason];
  if (!why) return head;
  const retry =
    status.nextRetryAt !== null && !isSignedOut(status.reason)
      ? `, retrying in ${Math.max(0, Math.ceil((status.nextRetryAt - status.since) / 1000))} s`
      : '';
  return `${head} ${why}${retry}.`;
}
