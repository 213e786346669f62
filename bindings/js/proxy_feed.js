// The tab's side of contract §8: the surface of §7 as a thin proxy over a
// link to the worker's hub (hub.js). The reads stay synchronous because the
// tab mirrors what the worker pushes: the connection info (with every status
// event, and with each ping) and its own symbols' prices (price_mirror.js).
// A worker that goes silent is replaced; when workers cannot serve, the page
// runs the engine itself (local_feed.js) behind the same object.
import { BatchDecoder } from './batch_codec.js';
import { PriceMirror, TAB_OLDER } from './price_mirror.js';
import { CHECK_MS, DEAD_AFTER_MS, MAX_LINK_FAILURES, PROTOCOL_VERSION, TO_PAGE, TO_WORKER } from './protocol.js';
import { TabSubscription } from './subscription.js';
import { checkSymbols, pageLocation, resolvePollUrl } from './options.js';
import { createFeedEvents, logTo as logOrThrow, refuseTooMany } from './feed_events.js';

/// A worker whose script is still downloading has not spoken yet; it is not
/// dead. Until a link's first message it gets this long: the hub speaks as
/// soon as its script runs (before the wasm loads), and the worker's script
/// is one small chunk. An `error` event ends it at once where the browser
/// fires one; Chromium fires none for a script answered 404 with `nosniff`,
/// which this bound then catches.
export const FIRST_CONTACT_MS = 5_000;

/** Thrown when no worker could welcome this tab: the caller runs the engine in the page. */
export class WorkerUnavailable extends Error {}

function logTo(logger, level, text) {
  try {
    logOrThrow(logger, level, text);
  } catch {
    // A throwing logger loses the line, nothing else.
  }
}

/**
 * @param {object} resolved  resolveOptions()'s result
 * @param {object} deps
 * @param {{ open(): object, close(): void, onTakeover?: Function }} deps.transport  opens links to a hub
 * @param {() => Promise<object>} deps.createLocal  the page's own engine (createLocalFeed)
 * @param {number} [deps.firstContactMs]  shorter in tests
 * @returns {Promise<import('./index.js').PriceFeed>} once a worker welcomed the tab
 */
export async function createProxyFeed(resolved, { transport, createLocal, now = Date.now, firstContactMs = FIRST_CONTACT_MS }) {
  const { logger } = resolved;
  const pageEvents = resolved.pageEvents;
  const doc = pageEvents === false ? null : pageEvents?.document ?? globalThis.document;
  const win = pageEvents === false ? null : pageEvents?.window ?? globalThis.window;
  const visible = () => !doc || doc.visibilityState !== 'hidden';

  const events = createFeedEvents(logger);
  const sub = new TabSubscription(resolved.engine.symbols);
  const mirror = new PriceMirror();
  let disposed = false;
  let lastInfo = null;
  let wantConnected = false;
  /// What this tab shows: the shared state while it is connected, else its own.
  let view = { state: 'connecting', reason: '' };
  let shared = null; // the worker's latest info
  let manual = null; // startFallbackPolling's arguments, replayed to a new worker
  let cur = null; // the live link: { link, decoder, heard, heardAt, welcomed }
  let failures = 0;
  let local = null; // the page's own engine, once workers failed
  let welcomed;
  const firstWelcome = new Promise((resolve, reject) => {
    welcomed = { resolve, reject };
  });
  let everWelcomed = false;

  const remaining = (at) => (at === null || at === undefined ? null : Math.max(0, Math.round(at - now())));

  /// A state the tab has not shown yet becomes one status event, whose
  /// `previous` is what the tab showed (a new worker or the page's engine
  /// starts from its own `connecting`, which the tab never showed).
  function show(event) {
    if (event.state === view.state) {
      view.reason = event.reason;
      return;
    }
    const e = { ...event, previous: view.state };
    view = { state: event.state, reason: event.reason };
    if (e.state !== 'connecting') events.settleConnect(e.state);
    events.emit('status', e);
  }
  function showShared(info, event) {
    if (info) shared = info;
    if (!wantConnected || local || !shared) return;
    show(
      event ?? {
        state: shared.state,
        reason: shared.reason,
        source: shared.source,
        attempt: shared.attempt,
        nextRetryInMs: remaining(shared.nextRetryAt),
        at: now(),
      },
    );
  }

  function send(msg) {
    if (!cur || local) return;
    try {
      cur.link.post(msg);
    } catch {
      // The link is going; the watchdog replaces it.
    }
  }

  function openLink() {
    const link = transport.open();
    const st = { link, decoder: new BatchDecoder(), heard: false, heardAt: now(), welcomed: false };
    cur = st;
    link.onmessage = (msg) => {
      if (cur !== st || disposed) return;
      st.heard = true;
      st.heardAt = now();
      onMessage(st, msg);
    };
    link.onfail = (why) => {
      if (cur === st) linkDied(why);
    };
    link.post({ t: TO_WORKER.hello, v: PROTOCOL_VERSION, options: resolved.engine, sub: sub.toJSON(), visible: visible(), connected: wantConnected });
  }

  function closeLink() {
    const st = cur;
    cur = null;
    if (!st) return;
    try {
      st.link.post({ t: TO_WORKER.bye });
    } catch {
      // already gone
    }
    try {
      st.link.close();
    } catch {
      // already closed
    }
  }

  function linkDied(why) {
    const st = cur;
    closeLink();
    if (!st.welcomed) failures++;
    if (failures >= MAX_LINK_FAILURES) fail(`no worker answered (${why})`);
    else relink(why);
  }
  /// A new link; a browser that now refuses the worker (it throws) ends the tab's tries.
  function relink(why) {
    try {
      openLink();
    } catch (err) {
      fail(`${why}; no new worker: ${err?.message ?? err}`);
    }
  }

  /// Workers cannot serve this tab: before the first welcome the caller runs
  /// the engine in the page; after it, this object does, behind the same surface.
  function fail(why) {
    closeLink();
    clearInterval(watchdog);
    transport.close();
    if (!everWelcomed) {
      welcomed.reject(new WorkerUnavailable(why));
      return;
    }
    logTo(logger, 'warn', `price feed: the shared worker is gone (${why}); this tab runs the engine itself`);
    goLocal().catch((err) => {
      logTo(logger, 'error', `price feed: the engine cannot run in this page either: ${err?.message ?? err}`);
      show({ state: 'error', reason: 'engine_unavailable', source: 'none', attempt: 0, nextRetryInMs: null, at: now() });
    });
  }

  async function goLocal() {
    const options = { ...resolved, engine: { ...resolved.engine } };
    if (sub.mode === 'only') options.engine.symbols = [...sub.names];
    else delete options.engine.symbols;
    const f = await createLocal(options);
    if (disposed) {
      f.dispose();
      return;
    }
    if (sub.mode === 'except') f.unsubscribeSymbols([...sub.names]);
    local = f;
    f.subscribe('status', (e) => show(e));
    f.subscribe('market_data_update', (batch) => {
      const out = batch.filter((u) => mirror.apply(u));
      if (out.length) events.emit('market_data_update', out);
    });
    if (manual) f.startFallbackPolling(...manual);
    if (wantConnected) await f.connect();
  }

  function onMessage(st, msg) {
    switch (msg?.t) {
      case TO_PAGE.welcome:
        st.welcomed = true;
        failures = 0;
        everWelcomed = true;
        showShared(msg.info);
        if (manual) send({ t: TO_WORKER.command, name: 'startFallbackPolling', args: manual });
        welcomed.resolve();
        return;
      case TO_PAGE.state:
        showShared(msg.info);
        return;
      case TO_PAGE.status:
        showShared(msg.info, msg.event);
        return;
      case TO_PAGE.ping:
        send({ t: TO_WORKER.pong });
        showShared(msg.info);
        return;
      case TO_PAGE.prices:
        onPrices(st, msg);
        return;
      case TO_PAGE.log:
        logTo(logger, msg.level, msg.text); // the engine's lines reach connected tabs only
        return;
      case TO_PAGE.fatal:
        failures = MAX_LINK_FAILURES;
        linkDied(msg.message);
        return;
      default:
      // a relay's own message (leader.js): being heard is all it does
    }
  }

  function onPrices(st, msg) {
    if (msg.info) showShared(msg.info);
    const out = [];
    st.decoder.decode(msg, (u) => {
      if (sub.wants(u.symbol) && mirror.apply(u)) out.push(u);
    });
    // Taken: the worker sends the next batch when its pace allows.
    send({ t: TO_WORKER.ready });
    if (out.length && wantConnected) events.emit('market_data_update', out);
  }

  const watchdog = setInterval(() => {
    if (!cur || disposed) return;
    if (now() - cur.heardAt > (cur.heard ? DEAD_AFTER_MS : firstContactMs)) linkDied(`silent for ${now() - cur.heardAt} ms`);
  }, CHECK_MS);

  // This tab's visibility (the worker polls at the hidden pace only while
  // every tab is hidden); online/offline are the worker's own.
  const hooks = [];
  const on = (target, type, fn) => {
    if (target && typeof target.addEventListener === 'function') {
      target.addEventListener(type, fn);
      hooks.push(() => target.removeEventListener(type, fn));
    }
  };
  on(doc, 'visibilitychange', () => send({ t: TO_WORKER.visible, visible: visible() }));
  // Going away: the worker hears it at once (the socket closes with the
  // last tab); a page restored from the back/forward cache links again.
  on(win, 'pagehide', () => {
    if (!local) closeLink();
  });
  on(win, 'pageshow', (e) => {
    if (e.persisted && !local && !cur && !disposed) relink('back from the cache');
  });
  transport.onTakeover = () => {
    // This tab now leads (leader.js): its link goes to its own worker.
    if (!cur || local || disposed) return;
    closeLink();
    relink('this tab leads now');
  };

  try {
    openLink(); // a browser that refuses the worker throws here (SecurityError)
    await firstWelcome;
  } catch (err) {
    clearInterval(watchdog);
    hooks.forEach((unhook) => unhook());
    transport.close();
    throw err;
  }

  const info = () => {
    if (disposed) return lastInfo;
    if (local) return local.getConnectionInfo();
    const i = shared;
    const counters = { ...i.counters, dropped: { ...i.counters.dropped } };
    if (mirror.refused) counters.dropped[TAB_OLDER] = mirror.refused;
    if (wantConnected) {
      return {
        connected: i.connected,
        available: i.available,
        failed: i.failed,
        state: i.state,
        polling: i.polling,
        source: i.source,
        reason: i.reason,
        attempt: i.attempt,
        nextRetryInMs: remaining(i.nextRetryAt),
        lastMessageAt: i.lastMessageAt,
        counters,
      };
    }
    return {
      connected: false,
      available: false,
      failed: view.state === 'disconnected' || view.state === 'error',
      state: view.state,
      polling: false,
      source: 'none',
      reason: view.reason,
      attempt: 0,
      nextRetryInMs: null,
      lastMessageAt: i.lastMessageAt,
      counters,
    };
  };

  const feed = {
    connect() {
      if (disposed) return Promise.resolve('disconnected');
      if (local) {
        wantConnected = true;
        return local.connect();
      }
      if (wantConnected && view.state !== 'connecting') return Promise.resolve(view.state);
      const first = !wantConnected;
      wantConnected = true;
      const settled = events.waitConnect();
      if (first) send({ t: TO_WORKER.connect });
      return settled;
    },
    disconnect() {
      if (disposed) return;
      if (local) {
        wantConnected = false;
        local.disconnect();
        return;
      }
      if (wantConnected) {
        wantConnected = false;
        send({ t: TO_WORKER.disconnect });
        show({ state: 'disconnected', reason: 'user', source: 'none', attempt: shared?.attempt ?? 0, nextRetryInMs: null, at: now() });
      }
      events.settleConnect('disconnected');
    },
    getConnectionStatus() {
      if (disposed) return false;
      if (local) return local.getConnectionStatus();
      return wantConnected && shared.connected === true;
    },
    getConnectionInfo: info,
    subscribe: (event, cb) => events.subscribe(event, cb),
    getPrice(symbol) {
      if (disposed) return undefined;
      return mirror.get(String(symbol));
    },
    getPrices() {
      if (disposed) return {};
      return Object.fromEntries(mirror.book);
    },
    subscribeSymbols(symbols) {
      if (disposed) return;
      const list = checkSymbols(symbols);
      const { result } = sub.add(list);
      refuseTooMany(result);
      if (result !== 'applied') return;
      send({ t: TO_WORKER.sub, sub: sub.toJSON() });
      local?.subscribeSymbols(list);
    },
    unsubscribeSymbols(symbols) {
      if (disposed) return;
      const list = checkSymbols(symbols);
      const { result, changed: gone } = sub.remove(list);
      refuseTooMany(result);
      if (result !== 'applied') return;
      mirror.erase(gone);
      send({ t: TO_WORKER.sub, sub: sub.toJSON() });
      local?.unsubscribeSymbols(list);
    },
    startFallbackPolling(url, intervalMs) {
      if (disposed) return;
      const u = url === undefined || url === null ? '' : resolvePollUrl(url, pageLocation(), 'url');
      if (intervalMs !== undefined && !(Number.isFinite(intervalMs) && intervalMs >= 1 && intervalMs < 2 ** 31)) {
        throw new TypeError('@quantdesk/pricefeed: intervalMs must be a number of milliseconds >= 1');
      }
      manual = [u || undefined, intervalMs === undefined ? undefined : Math.round(intervalMs)];
      if (local) local.startFallbackPolling(...manual);
      else send({ t: TO_WORKER.command, name: 'startFallbackPolling', args: manual });
    },
    stopFallbackPolling() {
      if (disposed) return;
      manual = null;
      if (local) local.stopFallbackPolling();
      else send({ t: TO_WORKER.command, name: 'stopFallbackPolling' });
    },
    retryNow() {
      if (disposed) return;
      if (local) local.retryNow();
      else send({ t: TO_WORKER.command, name: 'retryNow' });
    },
    credentialsChanged() {
      if (disposed) return;
      if (local) local.credentialsChanged();
      else send({ t: TO_WORKER.command, name: 'credentialsChanged' });
    },
    dispose() {
      if (disposed) return;
      const final = info();
      lastInfo = { ...final, connected: false, available: false, failed: false, state: 'disconnected', polling: false, reason: 'disposed', nextRetryInMs: null };
      disposed = true;
      events.close();
      hooks.forEach((unhook) => unhook());
      clearInterval(watchdog);
      closeLink();
      transport.close();
      local?.dispose();
    },
  };
  return feed;
}
