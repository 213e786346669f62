/// Wire protocol v1 (docs/protocol.md): parsing client frames and building
/// server frames. Pure functions: no sockets, no state.

import { SYMBOL_PATTERN } from '../symbols.js';

/// 100 symbols per frame: more than any feed here carries; the 4 KB frame
/// limit bounds it anyway.
const MAX_SYMBOLS = 100;

/**
 * @param {string} text
 * @returns {{ ok: true, msg: { type: string, symbols?: string[] | null, timestamp?: number } } | { ok: false, code: string, message: string }}
 */
export function parseClientFrame(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return bad('bad_json', 'frame is not valid JSON');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) return bad('bad_request', 'frame must be a JSON object');
  switch (m.type) {
    case 'ping': {
      const ts = m.timestamp;
      if (ts !== undefined && !(typeof ts === 'number' && Number.isFinite(ts))) {
        return bad('bad_request', 'ping.timestamp must be a finite number');
      }
      return { ok: true, msg: { type: 'ping', timestamp: ts } };
    }
    case 'subscribe':
    case 'unsubscribe': {
      if (m.channel !== undefined && m.channel !== 'market_data') {
        return bad('unknown_channel', `unknown channel ${JSON.stringify(String(m.channel)).slice(0, 40)}`);
      }
      if (m.symbols === undefined || m.symbols === null) return { ok: true, msg: { type: m.type, symbols: null } };
      if (!Array.isArray(m.symbols) || m.symbols.length > MAX_SYMBOLS) {
        return bad('bad_request', `symbols must be an array of at most ${MAX_SYMBOLS} strings`);
      }
      for (const s of m.symbols) {
        if (typeof s !== 'string' || !SYMBOL_PATTERN.test(s)) return bad('bad_symbol', 'symbols must match [A-Za-z0-9._/-]{1,32}');
      }
      return { ok: true, msg: { type: m.type, symbols: [...new Set(m.symbols)] } };
    }
    default:
      return bad('unknown_type', `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`);
  }
}

function bad(code, message) {
  return { ok: false, code, message };
}

export const snapshotFrame = (updates, now) =>
  JSON.stringify({ type: 'snapshot', channel: 'market_data', data: updates, timestamp: now });

/// One update goes as an object, several as an array (CONTRACT §4).
export const updateFrame = (updates, now) =>
  JSON.stringify({ type: 'market_data_update', data: updates.length === 1 ? updates[0] : updates, timestamp: now });

export const heartbeatFrame = (now) => JSON.stringify({ type: 'heartbeat', timestamp: now });
export const pongFrame = (timestamp) => JSON.stringify({ type: 'pong', timestamp });
export const errorFrame = (code, message, now) => JSON.stringify({ type: 'error', code, message, timestamp: now });
