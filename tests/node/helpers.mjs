// Shared helpers for the package's Node tests: the BUILT package
// (web/pricefeed/dist, `npm run build:wasm`) against the reference backend
// (web/server) on 127.0.0.1, with short option values and deadline waits.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import XMLHttpRequest from 'xhr2';
import { startServer } from '../../web/server/src/server.js';
import { waitFor as waitForBase } from '../lib/wait-for.mjs';

const DIST = fileURLToPath(new URL('../../web/pricefeed/dist/index.js', import.meta.url));
if (!existsSync(DIST)) {
  throw new Error('web/pricefeed/dist is missing: run `npm run build:wasm` first');
}
export const pkg = await import('@quantdesk/pricefeed');

/** Polls fn until it returns a truthy value; throws with `what` after timeoutMs (default 5000 ms). */
export const waitFor = (fn, opts = {}) => waitForBase(fn, { timeoutMs: 5000, ...opts });

/** The reference backend with chaos on, fast heartbeats and ticks, no REST rate limit. */
export function startBackend(options = {}) {
  return startServer({ port: 0, chaos: true, heartbeatMs: 100, tickMs: 20, rate: 400, seed: 7, rateLimit: 0, ...options });
}

/** A logger that records every line it is given, by level. */
export function recordingLogger() {
  const lines = [];
  const at = (level) => (text) => lines.push({ level, text, at: Date.now() });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

/// Short values so a test waits milliseconds, not the production seconds.
export const FAST = Object.freeze({
  backoff: { initialMs: 50, maxMs: 400, multiplier: 2, jitter: 0 },
  pollIntervalMs: 150,
  pollTimeoutMs: 400,
  heartbeatTimeoutMs: 500,
  fallbackAfterMs: 500,
  connectTimeoutMs: 1000,
  healthyAfterMs: 2000,
});

/**
 * A feed on `srv` that records everything it delivers:
 * `updates` (each price with the wall time its batch arrived), `batches`,
 * `statuses`, `lines` (logger). `after(fn)` counts callbacks after dispose.
 */
export async function recordedFeed(srv, options = {}) {
  const { lines, logger } = recordingLogger();
  const feed = await pkg.createPriceFeed({
    wsUrl: srv.wsUrl,
    pollUrl: `${srv.url}/api/oracle/prices`,
    WebSocket,
    XMLHttpRequest,
    pageEvents: false,
    logger,
    ...FAST,
    ...options,
  });
  return recordFeed(feed, { lines });
}

/** Records what `feed` delivers: `updates` (with the wall time of their batch), `batches`, `statuses`; `extra` joins the record. */
export function recordFeed(feed, extra = {}) {
  const rec = { feed, ...extra, batches: [], updates: [], statuses: [] };
  feed.subscribe('market_data_update', (batch) => {
    const at = Date.now();
    rec.batches.push({ at, batch });
    for (const u of batch) rec.updates.push({ ...u, at });
  });
  feed.subscribe('status', (e) => rec.statuses.push({ ...e, wall: Date.now() }));
  return rec;
}

/** Every symbol's delivered seqs strictly increase and publish times never go back. */
export function checkMonotonic(updates) {
  const last = new Map();
  for (const u of updates) {
    const prev = last.get(u.symbol);
    if (prev) {
      if (!(u.seq > prev.seq)) return `${u.symbol}: seq ${u.seq} (${u.source}) after ${prev.seq} (${prev.source})`;
      if (u.publishTime < prev.publishTime) return `${u.symbol}: publishTime ${u.publishTime} after ${prev.publishTime}`;
    }
    last.set(u.symbol, u);
  }
  return null;
}

/** The largest gap in ms between consecutive batches delivered in [from, to]. */
export function maxGap(batches, from, to) {
  const times = batches.map((b) => b.at).filter((t) => t >= from && t <= to);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
  return { gap, count: times.length };
}

/** The field names of `export interface name { ... }` in the package's index.d.ts. */
export function declaredFields(dts, name) {
  const body = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))?.[1];
  if (!body) throw new Error(`no interface ${name} in index.d.ts`);
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]).sort();
}

export { WebSocket, XMLHttpRequest };
