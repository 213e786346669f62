// The recorded stream for the ingest benchmarks: the reference backend's own
// simulated feed, stepped synchronously under a virtual clock, framed as the
// backend frames it (CONTRACT §4). Same seed = the same bytes every run.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib/paths.mjs';

const { createSimulatedFeed } = await import(pathToFileURL(path.join(ROOT, 'web/server/src/feeds/simulated.js')).href);

/// Records `updates` quotes and frames them `perFrame` at a time (1 = one
/// update per message, the per-message case; 100 = the backend at 1,000/s with
/// 100 ms ticks). Returns { snapshot, frames, updates, last }.
export function recordStream({ updates, perFrame, seed = 42, rate = 1000 }) {
  let clock = 1_730_340_000_000;
  const quotes = [];
  const feed = createSimulatedFeed({ rate, seed, now: () => clock });
  feed.start((q) => quotes.push(q));
  const initial = quotes.splice(0);
  for (let i = 0; i < updates; i++) { clock += 1000 / rate; feed.step(1); }
  feed.stop();
  const seqs = new Map();
  const withSeq = (q) => { const seq = (seqs.get(q.symbol) ?? 0) + 1; seqs.set(q.symbol, seq); return { ...q, seq }; };
  const snapshot = JSON.stringify({ type: 'snapshot', channel: 'market_data', data: initial.map(withSeq), timestamp: initial[0].publishTime });
  const frames = [];
  for (let i = 0; i < quotes.length; i += perFrame) {
    const chunk = quotes.slice(i, i + perFrame).map(withSeq);
    const data = perFrame === 1 ? chunk[0] : chunk;
    frames.push(JSON.stringify({ type: 'market_data_update', data, timestamp: chunk.at(-1).publishTime + 3 }));
  }
  const lastQ = quotes.at(-1);
  return { snapshot, frames, updates: quotes.length, last: { symbol: lastQ.symbol, seq: seqs.get(lastQ.symbol) } };
}
