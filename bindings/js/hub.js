// The worker's side of contract §8: one engine (a local feed, local_feed.js)
// shared by every tab that links to this worker. It subscribes the engine to
// the union of the tabs' symbols and narrows each batch to each tab, sends
// every tab the same status at the same moment, acts once on a command from
// any tab, keeps the hidden poll interval only while every tab is hidden,
// forgets a tab that stops answering pings, and closes the socket when the
// last tab goes. Nothing here knows whether it runs in a SharedWorker, a
// dedicated Worker or (in tests) beside the tabs over a MessageChannel.
import { BatchEncoder } from './batch_codec.js';
import { COMMANDS, FORGET_AFTER_MS, HIDDEN_PACE_MS, PACE_MS, PING_MS, PROTOCOL_VERSION, TO_PAGE, TO_WORKER } from './protocol.js';
import { TabSubscription, transition, unionOf } from './subscription.js';

/**
 * @param {object} deps
 * @param {(resolved: object) => Promise<object>} deps.createFeed  createLocalFeed
 * @param {EventTarget} [deps.onlineTarget]  where `online`/`offline` come from (the worker's global)
 * @param {number} [deps.pingMs] / [deps.forgetAfterMs]  shorter in tests
 */
export function createHub({ createFeed, onlineTarget, pingMs = PING_MS, forgetAfterMs = FORGET_AFTER_MS, now = Date.now }) {
  const paceOf = (c) => (c.visible ? PACE_MS : HIDDEN_PACE_MS);
  const clients = new Set();
  /// The engine's page events: a document whose visibility is "any tab visible".
  const doc = new EventTarget();
  doc.visibilityState = 'visible';
  let engine = null; // { feed, sub: TabSubscription, options, offs }
  let starting = null; // the first engine's promise
  let failed = null; // why this worker cannot run the engine
  let timer = null;
  let generation = 0;
  let reconciling = Promise.resolve();

  const post = (c, msg, transfer) => {
    c.postedAt = now();
    try {
      c.link.post(msg, transfer);
    } catch {
      // A port closed under us: the sweep forgets it.
    }
  };
  const connected = () => [...clients].filter((c) => c.connected);

  /// The info every tab mirrors: getConnectionInfo() with the retry time as
  /// a wall-clock instant (each tab computes what is left when asked).
  function info() {
    if (!engine) return null;
    const i = engine.feed.getConnectionInfo();
    return { ...i, nextRetryAt: i.nextRetryInMs === null ? null : now() + i.nextRetryInMs };
  }

  const logger = {};
  for (const level of ['info', 'warn', 'error']) {
    logger[level] = (text) => {
      for (const c of connected()) post(c, { t: TO_PAGE.log, level, text });
    };
  }

  async function makeEngine(options, sub, gen) {
    const engineOptions = { ...options };
    if (sub.mode === 'only') engineOptions.symbols = [...sub.names];
    else delete engineOptions.symbols;
    const feed = await createFeed({ engine: engineOptions, logger, pageEvents: { window: onlineTarget, document: doc } });
    if (sub.mode === 'except') feed.unsubscribeSymbols([...sub.names]);
    const live = () => engine?.feed === feed && gen === generation;
    const offs = [
      feed.subscribe('status', (event) => {
        if (!live()) return;
        const i = info();
        for (const c of connected()) post(c, { t: TO_PAGE.status, event, info: i });
      }),
      feed.subscribe('market_data_update', (batch) => {
        if (!live()) return;
        for (const c of connected()) queue(c, batch);
      }),
    ];
    return { feed, sub, options, offs };
  }

  function dropEngine() {
    if (!engine) return;
    engine.offs.forEach((off) => off());
    engine.feed.dispose();
    engine = null;
  }

  /// Prices wait per tab (the latest per symbol) until the tab has taken the
  /// batch before and its pace has passed (protocol.js PACE_MS).
  function queue(c, batch) {
    for (const u of batch) if (c.sub.wants(u.symbol)) c.pending.set(u.symbol, u);
    flush(c);
  }
  function flush(c) {
    if (!c.ready || c.pending.size === 0 || c.paceTimer) return;
    const wait = c.sentAt + paceOf(c) - now();
    if (wait > 0) {
      c.paceTimer = setTimeout(() => {
        c.paceTimer = null;
        flush(c);
      }, wait);
      return;
    }
    const { syms, buf } = c.encoder.encode([...c.pending.values()]);
    c.pending.clear();
    c.ready = false;
    c.sentAt = now();
    const msg = { t: TO_PAGE.prices, syms, buf };
    // The info rides along once per ping interval: no ping while batches flow.
    if (c.sentAt - c.infoAt >= pingMs) {
      msg.info = info();
      c.infoAt = c.sentAt;
    }
    post(c, msg, [buf]);
  }
  function repace(c) {
    clearTimeout(c.paceTimer);
    c.paceTimer = null;
    flush(c);
  }
  /// What the engine's book holds that `c` wants and `had` did not want.
  function sendBook(c, had) {
    if (!engine) return;
    const book = engine.feed.getPrices();
    for (const symbol of Object.keys(book)) {
      if (c.sub.wants(symbol) && !(had && had.wants(symbol))) c.pending.set(symbol, book[symbol]);
    }
    flush(c);
  }

  /// The engine follows the tabs: subscribed to their union, connected while
  /// any tab is, visible while any tab is. One at a time, each from the
  /// tabs as they are when it runs.
  function reconcile() {
    reconciling = reconciling.then(follow).catch((err) => {
      failed = `the shared engine failed: ${err?.message ?? err}`;
      for (const c of clients) post(c, { t: TO_PAGE.fatal, message: failed });
    });
    return reconciling;
  }
  async function follow() {
    if (!engine) return;
    const active = connected();
    const anyVisible = active.length === 0 || active.some((c) => c.visible);
    const visibility = anyVisible ? 'visible' : 'hidden';
    if (doc.visibilityState !== visibility) {
      doc.visibilityState = visibility;
      doc.dispatchEvent(new Event('visibilitychange'));
    }
    if (active.length === 0) {
      engine.feed.disconnect(); // the socket closes with the last tab
      return;
    }
    const want = unionOf(active.map((c) => c.sub));
    const steps = transition(engine.sub, want);
    if (steps) {
      if (steps.subscribe.length) engine.feed.subscribeSymbols(steps.subscribe);
      if (steps.unsubscribe.length) engine.feed.unsubscribeSymbols(steps.unsubscribe);
      engine.sub = want;
    } else {
      // Between a named set and all the engine cannot move: a new one takes
      // over (its snapshot re-sends what the tabs hold; their mirrors drop
      // nothing newer than they have).
      const gen = ++generation;
      const { options } = engine;
      dropEngine();
      const made = await makeEngine(options, want, gen);
      if (gen !== generation) {
        made.offs.forEach((off) => off());
        made.feed.dispose();
        return;
      }
      engine = made;
    }
    engine.feed.connect();
  }

  function attach(link) {
    const c = {
      link,
      sub: new TabSubscription(undefined),
      connected: false,
      visible: true,
      ready: true,
      sentAt: -Infinity,
      paceTimer: null,
      postedAt: -Infinity,
      infoAt: -Infinity,
      pending: new Map(),
      encoder: new BatchEncoder(),
      heardAt: now(),
      hello: false,
      chain: Promise.resolve(),
    };
    clients.add(c);
    // Spoken at once, before any wasm is loaded: the tab knows this worker
    // runs (a script that never runs is the tab's first-contact bound).
    post(c, { t: TO_PAGE.ping, info: info() });
    link.onmessage = (msg) => {
      c.heardAt = now();
      // In order: a message waits for the one before (the first hello waits
      // for the wasm to load).
      c.chain = c.chain.then(() => clients.has(c) && handle(c, msg)).catch((err) => post(c, { t: TO_PAGE.fatal, message: String(err?.stack ?? err) }));
    };
    if (!timer) timer = setInterval(sweep, pingMs);
    return c;
  }

  function forget(c) {
    clients.delete(c);
    c.pending.clear();
    clearTimeout(c.paceTimer);
    try {
      c.link.close();
    } catch {
      // already closed
    }
    if (clients.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (c.connected) reconcile();
  }

  /// Forgets tabs that stopped answering; pings (with the info) the tabs
  /// that were sent nothing for a ping interval.
  function sweep() {
    const t = now();
    let i;
    for (const c of [...clients]) {
      if (t - c.heardAt > forgetAfterMs) {
        forget(c);
      } else if (t - c.postedAt >= pingMs) {
        i ??= info();
        c.infoAt = t;
        post(c, { t: TO_PAGE.ping, info: i });
      }
    }
  }

  async function handle(c, msg) {
    switch (msg?.t) {
      case TO_WORKER.hello: {
        if (msg.v !== PROTOCOL_VERSION) {
          post(c, { t: TO_PAGE.fatal, message: `protocol ${msg.v} met a worker speaking ${PROTOCOL_VERSION}` });
          return;
        }
        c.sub = TabSubscription.from(msg.sub);
        c.visible = msg.visible;
        if (failed) {
          post(c, { t: TO_PAGE.fatal, message: failed });
          return;
        }
        if (!engine) {
          // The first tab's options make the engine; later tabs share it.
          starting ??= makeEngine(msg.options, c.sub, generation).then(
            (e) => {
              engine = e;
            },
            (err) => {
              failed = `the engine could not start in the worker: ${err?.message ?? err}`;
            },
          );
          await starting;
          if (failed) {
            post(c, { t: TO_PAGE.fatal, message: failed });
            return;
          }
        }
        c.hello = true;
        if (sameOptions(msg.options) === false) {
          post(c, { t: TO_PAGE.log, level: 'warn', text: 'price feed: this tab asked for other options than the tab that started the shared engine; the shared engine keeps the first tab\'s (symbols are per tab)' });
        }
        if (msg.connected) await connect(c);
        await reconciling; // an engine being made anew for the union is there before the welcome
        if (failed) return; // the tab heard why (fatal)
        post(c, { t: TO_PAGE.welcome, v: PROTOCOL_VERSION, info: info() });
        return;
      }
      case TO_WORKER.connect:
        await connect(c);
        post(c, { t: TO_PAGE.state, info: info() });
        return;
      case TO_WORKER.disconnect:
        c.connected = false;
        c.pending.clear();
        await reconcile();
        return;
      case TO_WORKER.sub: {
        const had = c.sub;
        c.sub = TabSubscription.from(msg.sub);
        for (const s of c.pending.keys()) if (!c.sub.wants(s)) c.pending.delete(s);
        if (c.connected) {
          await reconcile();
          sendBook(c, had);
        }
        return;
      }
      case TO_WORKER.visible:
        c.visible = msg.visible;
        repace(c); // a tab coming back is not left waiting out the hidden pace
        if (c.connected) await reconcile();
        return;
      case TO_WORKER.ready:
        c.ready = true;
        flush(c);
        return;
      case TO_WORKER.command:
        if (!engine || !COMMANDS.includes(msg.name)) return;
        try {
          engine.feed[msg.name](...(msg.args ?? []));
        } catch (err) {
          // The tab checked the arguments; say so rather than lose the link.
          post(c, { t: TO_PAGE.log, level: 'error', text: `price feed: ${msg.name} failed in the worker: ${err?.message ?? err}` });
        }
        return;
      case TO_WORKER.bye:
        forget(c);
        return;
      default:
        // pong, or a message of a newer tab: being heard is all it does
    }
  }

  /// The engine is made with the first tab's options; a tab asking for
  /// others (intervals, backoff: not the URLs, which name the worker) hears so.
  function sameOptions(options) {
    if (!engine) return null;
    const key = ({ symbols, ...rest }) => JSON.stringify(rest);
    return key(options) === key(engine.options);
  }

  async function connect(c) {
    if (!c.hello || c.connected) return;
    c.connected = true;
    c.ready = true;
    await reconcile();
    sendBook(c, null);
  }

  return {
    attach,
    /** For tests: the tabs linked now, and the engine's feed. */
    get clientCount() {
      return clients.size;
    },
    get feed() {
      return engine?.feed ?? null;
    },
    /** What the engine is told: some connected tab is visible. */
    get visible() {
      return doc.visibilityState === 'visible';
    },
  };
}
