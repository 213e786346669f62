/// The latest price per symbol as this instance delivered it: what snapshots
/// and REST answer from. Every instance builds it from the bus alone, so all
/// instances behind a load balancer agree.

import { SYMBOL_PATTERN } from './symbols.js';

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/// A Redis bus carries whatever anyone published on it: only well-formed
/// updates may reach the book, the clients and REST.
function wellFormed(u) {
  return (
    u !== null && typeof u === 'object' &&
    typeof u.symbol === 'string' && SYMBOL_PATTERN.test(u.symbol) &&
    finite(u.price) && u.price > 0 && finite(u.confidence) && u.confidence >= 0 &&
    finite(u.publishTime) && Number.isSafeInteger(u.seq)
  );
}

export function createBook() {
  /** @type {Map<string, {symbol: string, price: number, confidence: number, publishTime: number, seq: number}>} */
  const latest = new Map();
  return {
    /// Keeps only updates newer than what the book holds (by seq), so a bus
    /// that replays or duplicates cannot move a price backwards; malformed ones
    /// are dropped. Returns those kept.
    apply(updates) {
      const kept = [];
      for (const u of updates) {
        if (!wellFormed(u)) continue;
        const cur = latest.get(u.symbol);
        if (cur && cur.seq >= u.seq) continue;
        latest.set(u.symbol, u);
        kept.push(u);
      }
      return kept;
    },
    get: (symbol) => latest.get(symbol),
    all: () => [...latest.values()],
    get size() { return latest.size; },
  };
}
