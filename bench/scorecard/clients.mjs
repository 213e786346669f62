// One recorder shape for both sides of the scorecard: when fresh prices came
// in (and by which path), the state changes, and the lines the client printed.
import WebSocket from 'ws';
import XMLHttpRequest from 'xhr2';
import { io } from 'socket.io-client';

function recorder() {
  return {
    prices: [],   // { t, source: 'ws' | 'poll' }
    status: [],   // { t, state, reason }
    lines: [],    // { t, level, text }
    attempts: 0,  // reconnect attempts (socket.io) — ours reads its counters
    price(source) { this.prices.push({ t: performance.now(), source }); },
    firstPriceAfter(t, pred = () => true) { return this.prices.find((p) => p.t > t && pred(p)); },
    /// Longest interval without a fresh price inside [from, to].
    longestGap(from, to) {
      let last = from; let gap = 0;
      for (const p of this.prices) {
        if (p.t <= from) continue;
        if (p.t > to) break;
        gap = Math.max(gap, p.t - last); last = p.t;
      }
      return Math.max(gap, to - last);
    },
  };
}

let feedModule = null;
/// Loads the built wasm package once (web/pricefeed, `npm run build:wasm`).
export async function loadPriceFeed() {
  if (!feedModule) {
    const m = await import('@quantdesk/pricefeed');
    feedModule = m.createPriceFeed ?? m.default;
    if (typeof feedModule !== 'function') throw new Error('@quantdesk/pricefeed has no createPriceFeed export');
  }
  return feedModule;
}

/// Ours: the wasm package in Node with `ws` and `xhr2` as the platform.
export async function ourClient({ wsUrl, pollUrl, options = {}, connect = true }) {
  const createPriceFeed = await loadPriceFeed();
  const rec = recorder();
  const log = (level) => (...args) => rec.lines.push({ t: performance.now(), level, text: args.join(' ') });
  const feed = await createPriceFeed({
    wsUrl, pollUrl, WebSocket, XMLHttpRequest,
    logger: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    ...options,
  });
  feed.subscribe('market_data_update', (batch) => {
    rec.price(batch.some((u) => u.source === 'poll') ? 'poll' : 'ws');
  });
  feed.subscribe('status', (e) => rec.status.push({ t: performance.now(), state: e.state, reason: e.reason }));
  if (connect) await feed.connect();
  return {
    rec,
    feed,
    isLive: () => feed.getConnectionInfo().state === 'connected',
    counters: () => feed.getConnectionInfo().counters ?? {},
    close: () => { feed.disconnect(); feed.dispose(); },
  };
}

/// The peer: socket.io-client with its default options (transports
/// ['polling', 'websocket'], reconnection on), except `forceNew` so each
/// client has its own connection.
export function sioClient(url, options = {}) {
  const rec = recorder();
  const s = io(url, { forceNew: true, ...options });
  const transport = () => s.io.engine?.transport?.name;
  s.on('market_data_update', () => rec.price(transport() === 'websocket' ? 'ws' : 'poll'));
  s.on('connect', () => rec.status.push({ t: performance.now(), state: 'connect', reason: transport() }));
  s.on('disconnect', (reason) => rec.status.push({ t: performance.now(), state: 'disconnect', reason }));
  s.io.on('open', () => s.io.engine.on('upgrade', () => rec.status.push({ t: performance.now(), state: 'upgrade', reason: 'websocket' })));
  s.io.on('reconnect_attempt', () => { rec.attempts++; });
  return {
    rec,
    socket: s,
    isLive: () => s.connected && transport() === 'websocket',
    close: () => s.close(),
  };
}

/// Polls `cond` every 10 ms until it holds (resolves the time) or `ms` pass
/// (resolves null).
export async function waitUntil(cond, ms) {
  const end = performance.now() + ms;
  for (;;) {
    if (cond()) return performance.now();
    if (performance.now() > end) return null;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
