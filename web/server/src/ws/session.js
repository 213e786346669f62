/// One client's state: what it subscribed to, and what it owes while it is
/// too slow to write to. Knows nothing of sockets; the hub does the writing.

/// 1,000 symbols per connection (ten full subscribe frames): far more than any
/// feed here carries, and it bounds what one client can make the server hold
/// and sort on each subscribe. A client wanting more subscribes to all.
export const MAX_SESSION_SYMBOLS = 1000;
/// The window the inbound frame limit (--max-frames) counts over, like the REST limit's.
export const FRAME_WINDOW_MS = 10000;

export class Session {
  /**
   * @param {{ id: number, ip: string, origin?: string, wallet?: string, now: number }} o
   */
  constructor({ id, ip, origin, wallet, now }) {
    this.id = id;
    this.ip = ip;
    this.origin = origin;
    this.wallet = wallet;
    this.connectedAt = now;
    this.lastSeen = now;
    /** null = subscribed to nothing yet; else { all, set }: all minus set, or only set */
    this.sub = null;
    this.subKey = '';
    /** latest update per symbol held back while the client is slow; null when none */
    this.pending = null;
    this.needSnapshot = false;
    this.blockedSince = 0;
    this.counters = { framesSent: 0, updatesSent: 0, conflated: 0, badFrames: 0, maxBuffered: 0 };
    this.frameWindowStart = now;
    this.framesInWindow = 0;
  }

  /// Counts one inbound frame in a fixed window; false once more than `limit`
  /// arrived in the current one. Per session, synchronous and in arrival
  /// order, so no shared limiter keyed by connection is needed.
  admitFrame(now, limit) {
    if (now - this.frameWindowStart >= FRAME_WINDOW_MS) {
      this.frameWindowStart = now;
      this.framesInWindow = 0;
    }
    return ++this.framesInWindow <= limit;
  }

  /// symbols null = all.
  subscribe(symbols) {
    if (!symbols) this.sub = { all: true, set: new Set() };
    else if (!this.sub) this.sub = { all: false, set: new Set(symbols) };
    else if (this.sub.all) for (const s of symbols) this.sub.set.delete(s);
    else for (const s of symbols) this.sub.set.add(s);
    this.updateKey();
  }

  unsubscribe(symbols) {
    if (!symbols) this.sub = null;
    else if (this.sub?.all) for (const s of symbols) this.sub.set.add(s);
    else if (this.sub) for (const s of symbols) this.sub.set.delete(s);
    if (this.pending) for (const s of [...this.pending.keys()]) if (!this.wants(s)) this.pending.delete(s);
    this.updateKey();
  }

  /// True when applying this frame would hold more than MAX_SESSION_SYMBOLS
  /// named symbols (a subscribe list, or the exclusions from "all").
  wouldExceedCap(type, symbols) {
    if (!symbols) return false; // "all" and "nothing" hold no names
    const all = this.sub?.all ?? false;
    if (type === 'subscribe' ? all : !all) return false; // the set only shrinks
    const set = this.sub?.set;
    let n = set?.size ?? 0;
    for (const s of symbols) if (!set?.has(s)) n++;
    return n > MAX_SESSION_SYMBOLS;
  }

  wants(symbol) {
    if (!this.sub) return false;
    return this.sub.all ? !this.sub.set.has(symbol) : this.sub.set.has(symbol);
  }

  /// Sessions with equal keys get byte-identical frames, so the hub
  /// serialises each batch once per distinct subscription, not per client.
  updateKey() {
    if (!this.sub) this.subKey = '';
    else this.subKey = (this.sub.all ? '*-' : '=') + [...this.sub.set].sort().join(',');
  }

  /// Folds updates into the held-back set, latest per symbol.
  hold(updates) {
    this.pending ??= new Map();
    for (const u of updates) {
      if (this.pending.has(u.symbol)) this.counters.conflated++;
      this.pending.set(u.symbol, u);
    }
  }

  takePending() {
    const p = this.pending;
    this.pending = null;
    return p ? [...p.values()] : [];
  }
}
