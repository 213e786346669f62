// The surface of docs/contract.md §7 over a wasm engine in this JS realm: a
// page (runIn 'page'), Node, or the worker that serves every tab (hub.js).
// This layer only adapts: options and URLs in, callbacks out, page events
// forwarded. Every decision about sockets, polls, backoff and prices is the
// engine's (wasm/engine), performed by wasm/platform.
import { checkSymbols, isNode, resolvePollUrl, pageLocation } from './options.js';
import { createFeedEvents, logTo, refuseTooMany } from './feed_events.js';
// Emscripten's glue (the link's output; bindings/bundle.mjs puts it in this
// file's chunk). This module is only loaded where the engine runs: the
// worker, or a page whose engine runs in the page (index.js imports it then).
import createPriceFeedModule from './pricefeed_wasm.js';

// Written this way so Vite (and other bundlers) emit the .wasm as an asset.
const WASM_URL = new URL('./pricefeed_wasm.wasm', import.meta.url);

let modulePromise = null;

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

/// The engine's calls (bindings/bindings.cpp: free functions over the
/// feed's handle, `feed<Name>(handle, ...args)`) as the methods of one object.
const NATIVE = ['connect', 'disconnect', 'retryNow', 'credentialsChanged', 'subscribeSymbols', 'unsubscribeSymbols',
  'startFallbackPolling', 'stopFallbackPolling', 'online', 'offline', 'visibility', 'shutdown', 'info', 'state',
  'socketOpen', 'price', 'prices', 'delete'];

function nativeFeed(Module, options, callbacks) {
  const handle = Module.feedNew(options, callbacks);
  const native = {};
  for (const name of NATIVE) {
    const fn = Module[`feed${name[0].toUpperCase()}${name.slice(1)}`];
    native[name] = (...args) => fn(handle, ...args);
  }
  return native;
}

/**
 * A feed whose engine runs here (not connected yet: call connect()).
 * @param {ReturnType<import('./options.js').resolveOptions>} resolved
 * @returns {Promise<import('./index.js').PriceFeed>}
 */
export async function createLocalFeed(resolved) {
  installGlobals(resolved);
  const Module = await loadPriceFeedModule();
  // An implementation passed explicitly is the one the engine dials with, even
  // where a global exists that cannot (jsdom's in Vitest). The module is one
  // per JS realm: the last one passed serves every feed.
  if (resolved.WebSocket) Module.qdWebSocket = quietWebSocket(resolved.WebSocket);
  const { logger } = resolved;
  const events = createFeedEvents(logger);
  let disposed = false;
  let depth = 0; // > 0 while the engine is calling us: delete() must wait
  let lastInfo = null;

  /// An exception must never unwind through the engine's frames: it would
  /// leave the C++ side mid-pump (no action performed or timer armed again).
  const fromEngine = (fn) => (a, b) => {
    if (disposed) return;
    depth++;
    try {
      fn(a, b);
    } catch (err) {
      events.report(err, 'the logger');
    } finally {
      depth--;
    }
  };

  const native = nativeFeed(Module, resolved.engine, {
    status: fromEngine((event) => {
      if (event.state !== 'connecting') events.settleConnect(event.state);
      events.emit('status', event);
    }),
    prices: fromEngine((batch) => events.emit('market_data_update', batch)),
    log: fromEngine((level, text) => logTo(logger, level, text)),
  });
  const unhookPage = hookPageEvents(resolved.pageEvents, native);

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
      return events.waitConnect();
    },
    disconnect() {
      if (disposed) return;
      native.disconnect();
      events.settleConnect('disconnected');
    },
    getConnectionStatus() {
      return !disposed && native.state() === 'connected' && native.socketOpen();
    },
    getConnectionInfo: info,
    subscribe: (event, cb) => events.subscribe(event, cb),
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
      if (!disposed) refuseTooMany(native.subscribeSymbols(checkSymbols(symbols)));
    },
    unsubscribeSymbols(symbols) {
      if (!disposed) refuseTooMany(native.unsubscribeSymbols(checkSymbols(symbols)));
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
      events.close();
      unhookPage();
      native.shutdown(); // sockets closed, polls orphaned, timer cleared: silent from here on
      // Called from inside an engine callback, the C++ frames below us still
      // use the object: free it once they have returned.
      if (depth > 0) queueMicrotask(() => native.delete());
      else native.delete();
    },
  };
  return feed;
}
