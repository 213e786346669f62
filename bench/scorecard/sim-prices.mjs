// A seeded random walk of prices in the wire shape of CONTRACT §4, used by the
// socket.io peer so both sides of the scorecard carry the same kind of stream.

/// The symbols and starting prices (the same majors the terminal shows).
export const SYMBOLS = Object.freeze({ BTC: 67000, ETH: 2650, SOL: 180, BONK: 0.00002, JUP: 0.9, PYTH: 0.4, WIF: 2.1, RAY: 1.8 });

/// mulberry32: tiny, seeded, good enough for a price walk (not for security).
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// Returns `next(n, now)` giving n updates round-robin over the symbols, each
/// with seq + 1 per symbol and a small random step.
export function priceWalk(seed = 1, symbols = Object.keys(SYMBOLS)) {
  const rand = rng(seed);
  const book = new Map(symbols.map((s) => [s, { price: SYMBOLS[s] ?? 1, seq: 0 }]));
  let i = 0;
  return function next(n, now = Date.now()) {
    const out = [];
    for (let k = 0; k < n; k++) {
      const symbol = symbols[i++ % symbols.length];
      const e = book.get(symbol);
      e.price *= 1 + (rand() - 0.5) * 0.001;
      e.seq++;
      out.push({ symbol, price: e.price, confidence: e.price * 0.0002, publishTime: now, seq: e.seq });
    }
    return out;
  };
}
