// @quantdesk/pricefeed: the JavaScript surface of docs/contract.md §7 over the
// wasm engine. This layer only adapts: options and URLs in, callbacks out,
// page events forwarded. Every decision about sockets, polls, backoff and
// prices is the engine's (wasm/engine), performed by wasm/platform.
import createPriceFeedModule from './pricefeed_wasm.js';
import { checkSymbols, resolveOptions, resolvePollUrl, pageLocation, MAX_NAMED_SYMBOLS } from './options.js';

export { DEFAULT_WS_URL, DEFAULT_POLL_URL, MAX_NAMED_SYMBOLS, resolveWsUrl, resolvePollUrl } from './options.js';

// Written this way so Vite (and other bundlers) emit the .wasm as an asset.
const WASM_URL = new URL('./pricefeed_wasm.wasm', import.meta.url);

const EVENTS = ['market_data_update', 'status'];

let modulePromise = null;

/// Node by its version string: a `window` may exist there too (jsdom in
/// Vitest or Jest, Electron), and the .wasm must still be read from disk.
function isNode() {
  return typeof process === 'object' && typeof process.versions?.node === 'string';
}

/** Loads and instantiates the wasm module once per JS realm. */
export function loadPriceFeedModule() {
  if (!modulePromise) {
    modulePromise = (async () => {
      const init = {
        locateFile: (path, prefix) => (path.endsWith('.wasm') ? WASM_URL.href : prefix + path),
      };
      if (isNode()) {
        // Node 20's fetch() cannot read file: URLs; hand the bytes over instead.
        const fsName = 'node:fs/promises';
        const { readFile } = await import(/* @vite-ignore */ fsName);
        init.wasmBinary = await readFile(WASM_URL);
      }
      return createPriceFeedModule(init);
    })();
    modulePromise.catch(() => {
      modulePromise = null; // a failed load (offline asset fetch) may be retried
    });
  }
  return modulePromise;
}

/** Wasm memory size, bytes malloc'd now, bytes malloc has reserved, abandoned polls still in flight (for leak checks). */
export async function memoryStats() {
  return (await loadPriceFeedModule()).memoryStats();
}

/// `ws` emits 'error' as an EventEmitter event and throws when nobody listens,
/// which happens once the adapter has unhooked a socket it let go of.
function quietWebSocket(Impl) {
  if (typeof Impl.prototype?.on !== 'function') return Impl;
  return class extends Impl {
    constructor(...args) {
      super(...args);
      this.on('error', () => {});
    }
  };
}

function installGlobals(resolved) {
  if (typeof globalThis.WebSocket === 'undefined' && resolved.WebSocket) {
    globalThis.WebSocket = quietWebSocket(resolved.WebSocket);
  }
  if (typeof globalThis.XMLHttpRequest === 'undefined' && resolved.XMLHttpRequest) {
    globalThis.XMLHttpRequest = resolved.XMLHttpRequest;
  }
  // Only the transports in use need an implementation ('' = off).
  if (resolved.engine.wsUrl && typeof globalThis.WebSocket === 'undefined' && !resolved.WebSocket) {
    throw new TypeError('@quantdesk/pricefeed: no WebSocket here; pass options.WebSocket (e.g. the `ws` package in Node)');
  }
  if (resolved.engine.pollUrl) requireXhr();
}

function requireXhr() {
  if (typeof globalThis.XMLHttpRequest === 'undefined') {
    throw new TypeError('@quantdesk/pricefeed: no XMLHttpRequest here; pass options.XMLHttpRequest (e.g. the `xhr2` package in Node)');
  }
}

function logTo(logger, level, text) {
  const fn = typeof logger[level] === 'function' ? logger[level] : logger.log;
  if (typeof fn === 'function') fn.call(logger, text);
}

/** Hooks `online`, `offline` and `visibilitychange`; returns the unhook function. */
function hookPageEvents(pageEvents, native) {
  if (pageEvents === false) return () => {};
  const win = pageEvents?.window ?? (typeof window !== 'undefined' ? window : undefined);
  const doc = pageEvents?.document ?? (typeof document !== 'undefined' ? document : undefined);
  const hooks = [];
  const on = (target, type, fn) => {
    if (target && typeof target.addEventListener === 'function') {
      target.addEventListener(type, fn);
      hooks.push(() => target.removeEventListener(type, fn));
    }
  };
  on(win, 'online', () => native.online());
  on(win, 'offline', () => native.offline());
  const visible = () => doc.visibilityState !== 'hidden';
  on(doc, 'visibilitychange', () => native.visibility(visible()));
  if (doc && !visible()) native.visibility(false);
  return () => hooks.forEach((unhook) => unhook());
}

/**
 * Creates a price feed (not connected yet: call connect()).
 * @param {import('./index.js').PriceFeedOptions} [options]
 * @returns {Promise<import('./index.js').PriceFeed>}
 */
export async function createPriceFeed(options = {}) {
  const resolved = resolveOptions(options);
  installGlobals(resolved);
  const Module = await loadPriceFeedModule();
  // An implementation passed explicitly is the one the engine dials with, even
  // where a global exists that cannot (jsdom's in Vitest). The module is one
  // per JS realm: the last one passed serves every feed.
  if (resolved.WebSocket) Module.qdWebSocket = quietWebSocket(resolved.WebSocket);
  const { logger } = resolved;
  const listeners = { market_data_update: new Set(), status: new Set() };
  let connectWaiters = [];
  let disposed = false;
  let depth = 0; // > 0 while the engine is calling us: delete() must wait
  let lastInfo = null;

  const settleConnect = (state) => {
    const waiters = connectWaiters;
    connectWaiters = [];
    waiters.forEach((resolve) => resolve(state));
  };
  /// Reported, never rethrown: the logger itself may be what threw.
  const report = (err, what) => {
    try {
      if (typeof globalThis.reportError === 'function') globalThis.reportError(err);
      else logTo(logger, 'error', `@quantdesk/pricefeed: ${what} threw: ${err?.stack ?? err}`);
    } catch {
      // Nowhere left to report to.
    }
  };
  const emit = (set, value) => {
    for (const cb of [...set]) {
      if (disposed) return;
      try {
        cb(value);
      } catch (err) {
        report(err, 'a subscriber'); // the others still get the value
      }
    }
  };
  /// An exception must never unwind through the engine's frames: it would
  /// leave the C++ side mid-pump (no action performed or timer armed again).
  const fromEngine = (fn) => (a, b) => {
    if (disposed) return;
    depth++;
    try {
      fn(a, b);
    } catch (err) {
      report(err, 'the logger');
    } finally {
      depth--;
    }
  };

  const native = new Module.NativeFeed(resolved.engine, {
    status: fromEngine((event) => {
      if (event.state !== 'connecting') settleConnect(event.state);
      emit(listeners.status, event);
    }),
    prices: fromEngine((batch) => emit(listeners.market_data_update, batch)),
    log: fromEngine((level, text) => logTo(logger, level, text)),
  });
  const unhookPage = hookPageEvents(resolved.pageEvents, native);

  /// The engine refuses a change that would name more symbols than the
  /// server takes; nothing changed, and the caller hears why.
  const changed = (result) => {
    if (result === 'too_many') {
      throw new RangeError(`@quantdesk/pricefeed: the subscription would name more than ${MAX_NAMED_SYMBOLS} symbols (the server's limit); nothing changed`);
    }
  };

  const info = () => {
    if (disposed) return lastInfo;
    const i = native.info();
    return {
      connected: i.state === 'connected' && i.socketOpen,
      available: i.state === 'connected' || i.state === 'polling',
      failed: i.state === 'disconnected' || i.state === 'error',
      state: i.state,
      /** Fallback polling is engaged (it may be failing). */
      polling: i.polling,
      source: i.source,
      reason: i.reason,
      attempt: i.attempt,
      nextRetryInMs: i.nextRetryInMs,
      lastMessageAt: i.lastMessageAt,
      counters: i.counters,
    };
  };

  const feed = {
    connect() {
      if (disposed) return Promise.resolve('disconnected');
      native.connect(); // a no-op while started: the state tells where it stands
      const state = native.state();
      // Settled at once in every state but `connecting` (error, disconnected,
      // polling, connected), so a second connect() never hangs.
      if (state !== 'connecting') return Promise.resolve(state);
      return new Promise((resolve) => connectWaiters.push(resolve));
    },
    disconnect() {
      if (disposed) return;
      native.disconnect();
      settleConnect('disconnected');
    },
    getConnectionStatus() {
      return !disposed && native.state() === 'connected' && native.socketOpen();
    },
    getConnectionInfo: info,
    subscribe(event, cb) {
      if (!EVENTS.includes(event)) throw new TypeError(`@quantdesk/pricefeed: unknown event ${JSON.stringify(event)}; use ${EVENTS.join(' or ')}`);
      if (typeof cb !== 'function') throw new TypeError('@quantdesk/pricefeed: subscribe needs a callback');
      if (disposed) return () => {};
      // Wrapped so the same function can be subscribed twice and unsubscribed once.
      const entry = (value) => cb(value);
      listeners[event].add(entry);
      return () => listeners[event].delete(entry);
    },
    getPrice(symbol) {
      if (disposed) return undefined;
      return native.price(String(symbol));
    },
    getPrices() {
      if (disposed) return {};
      const out = {};
      for (const p of native.prices()) out[p.symbol] = p;
      return out;
    },
    subscribeSymbols(symbols) {
      if (!disposed) changed(native.subscribeSymbols(checkSymbols(symbols)));
    },
    unsubscribeSymbols(symbols) {
      if (!disposed) changed(native.unsubscribeSymbols(checkSymbols(symbols)));
    },
    startFallbackPolling(url, intervalMs) {
      if (disposed) return;
      const u = url === undefined || url === null ? '' : resolvePollUrl(url, pageLocation(), 'url');
      requireXhr(); // emscripten_fetch would throw through the wasm frames
      if (intervalMs !== undefined && !(Number.isFinite(intervalMs) && intervalMs >= 1 && intervalMs < 2 ** 31)) {
        throw new TypeError('@quantdesk/pricefeed: intervalMs must be a number of milliseconds >= 1');
      }
      native.startFallbackPolling(u, intervalMs === undefined ? 0 : Math.round(intervalMs));
    },
    stopFallbackPolling() {
      if (!disposed) native.stopFallbackPolling();
    },
    retryNow() {
      if (!disposed) native.retryNow();
    },
    credentialsChanged() {
      if (!disposed) native.credentialsChanged();
    },
    dispose() {
      if (disposed) return;
      const final = info();
      lastInfo = { ...final, connected: false, available: false, failed: false, state: 'disconnected', polling: false, reason: 'disposed', nextRetryInMs: null };
      disposed = true;
      listeners.market_data_update.clear();
      listeners.status.clear();
      unhookPage();
      settleConnect('disconnected');
      native.shutdown(); // sockets closed, polls orphaned, timer cleared: silent from here on
      // Called from inside an engine callback, the C++ frames below us still
      // use the object: free it once they have returned.
      if (depth > 0) queueMicrotask(() => native.delete());
      else native.delete();
    },
  };
  return feed;
}

export default createPriceFeed;
