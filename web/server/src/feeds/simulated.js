/// Simulated feed: a seeded geometric random walk over the default symbols.

import { DEFAULT_SYMBOLS } from '../symbols.js';
import { mulberry32, gaussian } from './rng.js';

/// 0.1% per sqrt(second) per symbol (~6% per hour): crypto-like motion that
/// looks the same at 1 or 10,000 updates/s because each step is scaled to the rate.
const VOL_PER_SQRT_S = 0.001;
/// 20 ms: the feed's own timer. Fine enough that 10,000/s arrive in ~200-update
/// slices, coarse enough to cost nothing at 1/s.
const STEP_TIMER_MS = 20;

/**
 * @param {{ rate: number, seed?: number, symbols?: Record<string, number>, now?: () => number }} o
 */
export function createSimulatedFeed({ rate, seed, symbols = DEFAULT_SYMBOLS, now = Date.now }) {
  const rand = mulberry32(seed ?? (Date.now() >>> 0));
  const names = Object.keys(symbols);
  const prices = names.map((s) => symbols[s]);
  const stepsPerSymbolPerS = Math.max(rate / names.length, 1e-9);
  const sigma = VOL_PER_SQRT_S / Math.sqrt(stepsPerSymbolPerS);
  let timer = null;
  let emit = null;
  let owed = 0;
  let last = 0;

  function quote(i) {
    const price = prices[i];
    // Confidence 0.02%..0.1% of price, like a healthy Pyth aggregate.
    const confidence = price * (0.0002 + 0.0008 * rand());
    return { symbol: names[i], price: round(price), confidence: round(confidence), publishTime: now() };
  }

  /// Advances the walk by n steps, each on a random symbol, emitting each step.
  function step(n) {
    for (let k = 0; k < n; k++) {
      const i = Math.floor(rand() * names.length);
      // exp() keeps the price strictly positive whatever the draw.
      prices[i] *= Math.exp(sigma * gaussian(rand));
      emit?.(quote(i));
    }
  }

  return {
    name: 'simulated',
    step,
    start(fn) {
      emit = fn;
      // Every symbol once at start, so REST and snapshots are complete at once
      // even at 1 update/s.
      for (let i = 0; i < names.length; i++) emit(quote(i));
      last = now();
      timer = setInterval(() => {
        const t = now();
        owed += (rate * (t - last)) / 1000;
        last = t;
        const n = Math.floor(owed);
        owed -= n;
        step(n);
      }, STEP_TIMER_MS);
    },
    stop() {
      clearInterval(timer);
      timer = null;
      emit = null;
    },
  };
}

/// 8 significant digits: what a price screen shows, and keeps JSON short.
function round(x) {
  return Number(x.toPrecision(8));
}
