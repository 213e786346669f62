/// A vanilla store around one price feed (no React in here): React reads it
/// through useSyncExternalStore. Snapshots are immutable and change identity
/// only when data changes; however fast the feed runs, listeners hear at most
/// one notification per animation frame.
import type {
  ConnectionState,
  FeedFactory,
  FeedOptions,
  PriceData,
  PriceFeed,
  StatusEvent,
} from './feedTypes';
import { requestFrame as defaultRequestFrame, type RequestFrame } from './frameScheduler';

/// A symbol's flash restarts at most every 150 ms (a quarter of its 600 ms
/// fade): restarting a composited animation costs Chromium's main thread
/// work in the next frames, and at 1,000 updates/s restarting one per tick
/// per row cost more than the old repainted flash (docs/terminal.md,
/// "Flashes"). Faster moves still change its colour at once.
const FLASH_RESTART_MS = 150;

/// Per-symbol facts the Quote Monitor needs besides the price itself.
export interface QuoteMeta {
  /** The first price seen this session: the base of change and change %. */
  readonly open: number;
  /** Direction of the last displayed move: 1 up, -1 down, 0 none yet. */
  readonly direction: -1 | 0 | 1;
  /** Counts displayed up/down moves. */
  readonly moves: number;
  /** Counts flash restarts (at most one per FLASH_RESTART_MS); its parity restarts the flash animation. */
  readonly flashes: number;
  /** The store's clock at the last flash restart. */
  readonly flashAt: number;
  /** The store's clock when the last new update for the symbol arrived. */
  readonly lastAt: number;
}

/// The connection as the indicator shows it (contract §3).
export interface StatusView {
  readonly state: ConnectionState;
  readonly previous: ConnectionState;
  readonly reason: string;
  readonly source: string;
  readonly attempt: number;
  /** The store's clock at which the next WebSocket attempt is due; null = none. */
  readonly nextRetryAt: number | null;
  /** The store's clock when this state began. */
  readonly since: number;
}

export interface PriceSnapshot {
  readonly prices: ReadonlyMap<string, PriceData>;
  readonly meta: ReadonlyMap<string, QuoteMeta>;
  readonly status: StatusView;
  /** The store's clock when the last batch arrived; null before any. */
  readonly lastUpdate: number | null;
}

export interface StoreStats {
  batches: number;
  updates: number;
  /** Updates the store refused (no symbol, non-finite or non-positive price). */
  invalid: number;
  notifications: number;
}

export interface PriceStoreOptions {
  /** Creates the feed; the provider passes the real package's factory. */
  feedFactory: FeedFactory;
  feedOptions?: FeedOptions;
  /** Explicit symbols, or undefined for every symbol the server has. */
  symbols?: string[];
  requestFrame?: RequestFrame;
  now?: () => number;
  /** Where the store reports a feed that failed to load, and listeners that
   *  threw where `reportError` is missing; defaults to console. */
  logger?: Pick<Console, 'error'>;
  /** Jitter for the package reload backoff; defaults to Math.random. */
  random?: () => number;
}

export interface PriceStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): PriceSnapshot;
  /** Every batch as it arrives, uncoalesced: for the chart's ring buffer. */
  subscribeBatches(cb: (batch: readonly PriceData[]) => void): () => void;
  /** Takes a reference on the feed (creating and connecting it on the first);
   *  the returned release disposes it a tick after the last reference goes, so
   *  StrictMode's unmount-and-remount keeps one connection. */
  acquire(): () => void;
  getPrice(symbol: string): PriceData | undefined;
  subscribeToSymbol(symbol: string): void;
  unsubscribeFromSymbol(symbol: string): void;
  retryNow(): void;
  /** A new session cookie may exist: ends the feed's pause after a 4401. */
  credentialsChanged(): void;
  /** Applies new provider props: a changed symbol list is sent to the live
   *  feed; a switch between "all" and a list, or feed options that differ by
   *  value, replace the feed. Equal values change nothing. */
  configure(next: { symbols?: string[]; feedOptions?: FeedOptions }): void;
  /** Re-reads the feed's connection info (attempt, next retry) while the
   *  details popover is open; state changes themselves arrive as events. */
  refreshInfo(): void;
  /** The store's frame scheduler: a reader that renders on a schedule of its
   *  own (useThrottledSnapshot) renders on the same frames. */
  readonly requestFrame: RequestFrame;
  readonly stats: Readonly<StoreStats>;
}

const INITIAL_STATUS: StatusView = {
  state: 'connecting',
  previous: 'connecting',
  reason: 'starting',
  source: 'none',
  attempt: 0,
  nextRetryAt: null,
  since: 0,
};

function isValid(u: PriceData | null | undefined): u is PriceData {
  return (
    !!u &&
    typeof u.symbol === 'string' &&
    u.symbol !== '' &&
    typeof u.price === 'number' &&
    Number.isFinite(u.price) &&
    u.price > 0
  );
}

/// Reloading a package that failed to load (flaky Wi-Fi, a deploy that removed
/// the old hashed assets) follows the feed's own schedule (contract §2): 1, 2,
/// 4, 8, then 15 s, each times a factor in [0.8, 1.0] so the terminals of one
/// deploy do not all come back in the same instant.
const RELOAD_INITIAL_MS = 1000;
const RELOAD_MAX_MS = 15_000;
const RELOAD_JITTER = 0.2;

function reloadDelayMs(attempt: number, random: () => number): number {
  const nominal = Math.min(RELOAD_MAX_MS, RELOAD_INITIAL_MS * 2 ** Math.min(Math.max(0, attempt - 1), 16));
  return Math.round(nominal * (1 - RELOAD_JITTER + RELOAD_JITTER * random()));
}

/// Equality by value for options: plain objects and arrays compared member by
/// member, anything else (functions, classes such as a WebSocket
/// implementation) by identity.
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const plain = (x: unknown): x is Record<string, unknown> =>
    !!x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
  if (!plain(a) || !plain(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
}

function retryAt(now: number, nextRetryInMs: number | null | undefined): number | null {
  return typeof nextRetryInMs === 'number' && nextRetryInMs >= 0 ? now + nextRetryInMs : null;
}

export function createPriceStore(options: PriceStoreOptions): PriceStore {
  const now = options.now ?? Date.now;
  const requestFrame = options.requestFrame ?? defaultRequestFrame;
  const logger = options.logger ?? console;
  const random = options.random ?? Math.random;
  // What the provider asked for; configure() changes both.
  let symbols = options.symbols ? [...options.symbols] : undefined;
  let feedOptions: FeedOptions = { ...options.feedOptions };

  let snapshot: PriceSnapshot = {
    prices: new Map(),
    meta: new Map(),
    status: { ...INITIAL_STATUS, since: now() },
    lastUpdate: null,
  };
  const listeners = new Set<() => void>();
  const batchListeners = new Set<(batch: readonly PriceData[]) => void>();
  const stats: StoreStats = { batches: 0, updates: 0, invalid: 0, notifications: 0 };

  // Latest update per symbol since the last frame; a frame applies them all.
  let pending = new Map<string, PriceData>();
  let pendingStatus: StatusView | null = null;
  let pendingLastUpdate: number | null = null;
  let cancelFrame: (() => void) | null = null;

  const symbolRefs = new Map<string, number>();
  let feed: PriceFeed | null = null;
  let creating = false;
  let refs = 0;
  let disposeTimer: ReturnType<typeof setTimeout> | null = null;
  let feedUnsubs: Array<() => void> = [];
  // Failed package loads in a row, and the timer of the next reload.
  let loadFailures = 0;
  // Bumped by every start(): a feed that finishes loading after a newer
  // start() (a reconfigure) is disposed on arrival.
  let generations = 0;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  /// A listener's bug is reported, never allowed to stop the others or the
  /// next flush.
  function callSafely<A extends unknown[]>(fn: (...args: A) => void, ...args: A) {
    try {
      fn(...args);
    } catch (err) {
      if (typeof globalThis.reportError === 'function') globalThis.reportError(err);
      else logger.error('[quantdesk] a price store listener threw:', err);
    }
  }

  function scheduleFlush() {
    if (cancelFrame) return;
    cancelFrame = requestFrame(flush);
  }

  function flush() {
    cancelFrame = null;
    let prices = snapshot.prices;
    let meta = snapshot.meta;
    let changed = false;
    if (pending.size > 0) {
      const at = pendingLastUpdate ?? now();
      const nextPrices = new Map(prices);
      const nextMeta = new Map(meta);
      for (const [symbol, u] of pending) {
        const prev = nextPrices.get(symbol);
        if (prev && prev.seq === u.seq && prev.price === u.price && !!prev.stale === !!u.stale) continue;
        nextPrices.set(symbol, u);
        changed = true;
        const m = nextMeta.get(symbol);
        const isNew = !prev || prev.seq !== u.seq || prev.price !== u.price;
        if (!isNew && m) continue; // only the stale flag changed
        const direction: -1 | 0 | 1 = !prev || u.price === prev.price ? 0 : u.price > prev.price ? 1 : -1;
        // A wall clock set back (at < flashAt) must not hold flashes until it
        // catches up.
        const restart =
          direction !== 0 && (!m || m.flashes === 0 || at - m.flashAt >= FLASH_RESTART_MS || at < m.flashAt);
        nextMeta.set(symbol, {
          open: m?.open ?? u.price,
          direction: direction === 0 ? (m?.direction ?? 0) : direction,
          moves: (m?.moves ?? 0) + (direction === 0 ? 0 : 1),
          flashes: (m?.flashes ?? 0) + (restart ? 1 : 0),
          flashAt: restart ? at : (m?.flashAt ?? 0),
          lastAt: at,
        });
      }
      pending = new Map();
      if (changed) {
        prices = nextPrices;
        meta = nextMeta;
      }
    }
    const status = pendingStatus ?? snapshot.status;
    const lastUpdate = pendingLastUpdate ?? snapshot.lastUpdate;
    pendingStatus = null;
    pendingLastUpdate = null;
    if (!changed && status === snapshot.status && lastUpdate === snapshot.lastUpdate) return;
    snapshot = { prices, meta, status, lastUpdate };
    stats.notifications++;
    for (const l of [...listeners]) callSafely(l);
  }

  function onBatch(batch: PriceData[]) {
    if (!Array.isArray(batch)) batch = [batch as unknown as PriceData];
    stats.batches++;
    const at = now();
    const valid: PriceData[] = [];
    for (const u of batch) {
      if (!isValid(u)) {
        stats.invalid++;
        continue;
      }
      pending.set(u.symbol, u);
      valid.push(u);
    }
    stats.updates += valid.length;
    if (valid.length === 0) return;
    pendingLastUpdate = at;
    scheduleFlush();
    for (const l of [...batchListeners]) callSafely(l, valid);
  }

  function setStatus(next: StatusView) {
    pendingStatus = next;
    scheduleFlush();
  }

  function currentStatus(): StatusView {
    return pendingStatus ?? snapshot.status;
  }

  function onStatus(ev: StatusEvent) {
    const t = now();
    setStatus({
      state: ev.state,
      previous: ev.previous ?? currentStatus().state,
      reason: ev.reason ?? '',
      source: String(ev.source ?? 'none'),
      attempt: ev.attempt ?? 0,
      nextRetryAt: retryAt(t, ev.nextRetryInMs),
      since: t,
    });
  }

  function attach(f: PriceFeed) {
    feed = f;
    feedUnsubs = [
      f.subscribe('market_data_update', onBatch),
      f.subscribe('status', onStatus),
    ];
    if (symbols) {
      const wanted = new Set([...symbols, ...symbolRefs.keys()]);
      if (wanted.size > 0) f.subscribeSymbols([...wanted]);
    }
    // connect() never rejects for network failure; anything else is a bug
    // in the setup, which the indicator shows as an error.
    f.connect().catch((err: unknown) => fail('connect_failed', err));
  }

  function fail(reason: string, err: unknown, nextRetryAt: number | null = null) {
    logger.error(`[quantdesk] price feed ${reason}:`, err);
    const t = now();
    setStatus({
      // A load that will be retried is an outage, not a dead end (contract §3).
      state: nextRetryAt === null ? 'error' : 'disconnected',
      previous: currentStatus().state,
      reason,
      source: 'none',
      attempt: loadFailures,
      nextRetryAt,
      since: t,
    });
  }

  function cancelReload() {
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = null;
  }

  function start() {
    const opts: FeedOptions = { ...feedOptions };
    if (symbols) opts.symbols = [...symbols];
    cancelReload();
    const generation = ++generations;
    const onFeed = (f: PriceFeed) => {
      if (generation !== generations) {
        f.dispose(); // reconfigured while it loaded: the newer options count
        return;
      }
      creating = false;
      loadFailures = 0;
      if (refs === 0) {
        f.dispose(); // released while it loaded
        return;
      }
      attach(f);
    };
    const onError = (err: unknown) => {
      if (generation !== generations) return; // superseded by a reconfigure
      creating = false;
      if (refs === 0) return; // released while it loaded: nothing to recover
      loadFailures++;
      const delay = reloadDelayMs(loadFailures, random);
      reloadTimer = setTimeout(start, delay);
      fail('feed_load_failed', err, now() + delay);
    };
    let made: PriceFeed | Promise<PriceFeed>;
    try {
      made = options.feedFactory(opts);
    } catch (err) {
      onError(err);
      return;
    }
    // A synchronous factory attaches at once; the real one loads wasm first.
    if (made && typeof (made as Promise<PriceFeed>).then === 'function') {
      creating = true;
      (made as Promise<PriceFeed>).then(onFeed, onError);
    } else {
      onFeed(made as PriceFeed);
    }
  }

  function dropFeed() {
    if (!feed) return;
    for (const u of feedUnsubs) u();
    feedUnsubs = [];
    const f = feed;
    feed = null;
    f.dispose();
  }

  /// A new feed for new options: the old one goes at once, the new one
  /// starts if anyone holds a reference (a load in flight is superseded).
  function replaceFeed() {
    dropFeed();
    cancelReload();
    loadFailures = 0;
    setStatus({ ...INITIAL_STATUS, reason: 'reconfigured', previous: currentStatus().state, since: now() });
    generations++; // a load still in flight is disposed on arrival
    creating = false;
    if (refs > 0) start();
  }

  /// Forgets the prices of symbols nobody asks for any more, so the Quote
  /// Monitor does not keep a row that will never update again.
  function forget(gone: string[]) {
    for (const s of gone) pending.delete(s);
    const drop = gone.filter((s) => snapshot.prices.has(s));
    if (drop.length === 0) return;
    const prices = new Map(snapshot.prices);
    const meta = new Map(snapshot.meta);
    for (const s of drop) {
      prices.delete(s);
      meta.delete(s);
    }
    snapshot = { ...snapshot, prices, meta };
    stats.notifications++;
    for (const l of [...listeners]) callSafely(l);
  }

  function teardown() {
    disposeTimer = null;
    if (refs > 0) return;
    cancelReload();
    loadFailures = 0;
    if (cancelFrame) {
      cancelFrame();
      cancelFrame = null;
    }
    pending = new Map();
    pendingStatus = null;
    pendingLastUpdate = null;
    dropFeed();
    // Nothing is connected any more: a later acquire starts from Connecting,
    // never from the last state of a feed that is gone.
    if (snapshot.status.state !== INITIAL_STATUS.state || snapshot.status.reason !== INITIAL_STATUS.reason) {
      snapshot = { ...snapshot, status: { ...INITIAL_STATUS, since: now() } };
      for (const l of [...listeners]) callSafely(l);
    }
  }

  return {
    requestFrame,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    subscribeBatches(cb) {
      batchListeners.add(cb);
      return () => batchListeners.delete(cb);
    },
    acquire() {
      refs++;
      if (disposeTimer) {
        clearTimeout(disposeTimer);
        disposeTimer = null;
      }
      if (!feed && !creating) start();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        refs--;
        if (refs === 0) disposeTimer = setTimeout(teardown, 0);
      };
    },
    getPrice: (symbol) => snapshot.prices.get(symbol),
    subscribeToSymbol(symbol) {
      const n = symbolRefs.get(symbol) ?? 0;
      symbolRefs.set(symbol, n + 1);
      // With every symbol subscribed there is nothing to ask the server for.
      if (n === 0 && feed && symbols) feed.subscribeSymbols([symbol]);
    },
    unsubscribeFromSymbol(symbol) {
      const n = symbolRefs.get(symbol) ?? 0;
      if (n <= 0) return;
      if (n === 1) symbolRefs.delete(symbol);
      else symbolRefs.set(symbol, n - 1);
      const keep = symbols?.includes(symbol) ?? true;
      if (n === 1 && feed && !keep) feed.unsubscribeSymbols([symbol]);
    },
    retryNow() {
      if (feed) feed.retryNow();
      else if (!creating && refs > 0) start(); // the package itself failed to load: load it again now
    },
    configure(next) {
      const nextOptions = { ...next.feedOptions };
      const nextSymbols = next.symbols ? [...new Set(next.symbols)] : undefined;
      if (!sameValue(feedOptions, nextOptions) || !symbols !== !nextSymbols) {
        feedOptions = nextOptions;
        symbols = nextSymbols;
        replaceFeed();
        return;
      }
      if (!symbols || !nextSymbols || sameValue(symbols, nextSymbols)) return;
      const before = new Set(symbols);
      const after = new Set(nextSymbols);
      symbols = nextSymbols;
      // Symbols a component still holds (subscribeToSymbol) stay subscribed.
      const added = nextSymbols.filter((s) => !before.has(s) && !symbolRefs.has(s));
      const removed = [...before].filter((s) => !after.has(s) && !symbolRefs.has(s));
      if (feed && added.length > 0) feed.subscribeSymbols(added);
      if (feed && removed.length > 0) feed.unsubscribeSymbols(removed);
      forget(removed);
    },
    credentialsChanged() {
      feed?.credentialsChanged();
    },
    refreshInfo() {
      if (!feed) return;
      const info = feed.getConnectionInfo();
      const cur = currentStatus();
      if (!info || info.state !== cur.state) return; // a status event is on its way
      const t = now();
      const next = retryAt(t, info.nextRetryInMs);
      // A new attempt reschedules the retry; otherwise our countdown stands.
      if (info.attempt === cur.attempt && (next === null) === (cur.nextRetryAt === null)) return;
      setStatus({ ...cur, attempt: info.attempt, nextRetryAt: next, reason: info.reason || cur.reason });
    },
    stats,
  };
}
