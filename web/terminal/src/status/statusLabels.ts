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
export const STATE_LOOKS: Record<ConnectionState, StateLook> = {
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
