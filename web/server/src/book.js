/// The latest price per symbol as this instance delivered it: what snapshots
/// and REST answer from. Every instance builds it from the bus alone, so all
/// instances behind a load balancer agree.

export function createBook() {
  /** @type {Map<string, {symbol: string, price: number, confidence: number, publishTime: number, seq: number}>} */
  const latest = new Map();
  return {
    /// Keeps only updates newer than what the book holds (by seq), so a bus
    /// that replays or duplicates cannot move a price backwards. Returns those kept.
    apply(updates) {
      const kept = [];
      for (const u of updates) {
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
