/// Pyth feed: the latest prices from Hermes at start, then Hermes' SSE stream.
/// When the stream stops, nothing is emitted and prices go stale; the feed
/// reconnects on a backoff and never repeats an old publish_time as new.

import { parsePythIds } from './pyth-ids.js';
import { parseHermesUpdate } from './hermes.js';

/// The reconnect schedule (ms): CONTRACT §2's shape, so an outage is not hammered.
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
/// 30 s without an event on an open stream = a dead stream (Hermes sends
/// several updates a second for these feeds): abort and reconnect.
const STREAM_IDLE_MS = 30000;
/// 10 s for the initial REST fetch; its failure only delays the first prices.
const FETCH_TIMEOUT_MS = 10000;

/**
 * @param {{ hermesUrl: string, ids?: string[], log: Function, now?: () => number,
 *           streamIdleMs?: number, backoffMs?: number[] }} o
 */
export function createPythFeed({ hermesUrl, ids, log, streamIdleMs = STREAM_IDLE_MS, backoffMs = BACKOFF_MS }) {
  const idBySymbol = parsePythIds(ids);
  const symbolById = new Map(Object.entries(idBySymbol).map(([s, id]) => [id, s]));
  const query = Object.values(idBySymbol).map((id) => `ids[]=${id}`).join('&');
  const base = hermesUrl.replace(/\/$/, '');
  const lastPublish = new Map();
  const stats = { events: 0, updates: 0, rejected: 0, reconnects: 0 };
  let emit = null;
  let abort = null;
  let stopped = true;
  let attempt = 0;
  let retryTimer = null;

  function deliver(body) {
    const { updates, rejected } = parseHermesUpdate(body, symbolById);
    stats.rejected += rejected;
    for (const u of updates) {
      // Same or older publish_time = nothing new happened; never emit it as a tick.
      if ((lastPublish.get(u.symbol) ?? 0) >= u.publishTime) continue;
      lastPublish.set(u.symbol, u.publishTime);
      stats.updates++;
      emit?.(u);
    }
  }

  async function fetchLatest() {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), FETCH_TIMEOUT_MS);
    try {
      const res = await fetch(`${base}/v2/updates/price/latest?${query}&parsed=true`, { signal: ctl.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      deliver(await res.json());
    } catch (err) {
      if (!stopped) log('pyth_latest_failed', { error: err.message });
    } finally {
      clearTimeout(t);
    }
  }

  async function stream() {
    if (stopped) return;
    const ctl = new AbortController();
    abort = ctl;
    let idle = null;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ctl.abort(new Error('stream idle')), streamIdleMs);
    };
    try {
      touch();
      const res = await fetch(`${base}/v2/updates/price/stream?${query}&parsed=true`, {
        signal: ctl.signal,
        headers: { accept: 'text/event-stream' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      log('pyth_stream_open', { attempt });
      const decoder = new TextDecoder();
      let buf = '';
      for await (const chunk of res.body) {
        touch();
        buf += decoder.decode(chunk, { stream: true });
        let end;
        // SSE: events end with a blank line; we only need the data: lines.
        while ((end = buf.search(/\r?\n\r?\n/)) >= 0) {
          const event = buf.slice(0, end);
          buf = buf.slice(end).replace(/^\r?\n\r?\n/, '');
          const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (!data) continue;
          stats.events++;
          attempt = 0; // data flows: the next outage starts the schedule again
          try {
            deliver(JSON.parse(data));
          } catch {
            stats.rejected++;
          }
        }
        if (buf.length > 1 << 20) throw new Error('SSE event over 1 MiB'); // a broken upstream must not grow memory
      }
      throw new Error('stream ended');
    } catch (err) {
      if (stopped) return;
      const delay = backoffMs[Math.min(attempt, backoffMs.length - 1)];
      attempt++;
      stats.reconnects++;
      log('pyth_stream_closed', { error: ctl.signal.reason?.message ?? err.message, retryInMs: delay });
      retryTimer = setTimeout(() => {
        // A reconnect also re-reads the latest prices, in case the stream missed some.
        fetchLatest().then(stream);
      }, delay);
    } finally {
      clearTimeout(idle);
    }
  }

  return {
    name: 'pyth',
    stats: () => ({ ...stats }),
    start(fn) {
      emit = fn;
      stopped = false;
      fetchLatest().then(stream);
    },
    stop() {
      stopped = true;
      emit = null;
      clearTimeout(retryTimer);
      abort?.abort();
    },
  };
}
