/// A small in-memory feed with the surface of contract §7, for component
/// tests: tests push batches and status events by hand and count calls.
import type {
  ConnectionInfo,
  ConnectionState,
  FeedOptions,
  PriceData,
  PriceFeed,
  StatusEvent,
} from '../../web/terminal/src/price/feedTypes';
import type { RequestFrame } from '../../web/terminal/src/price/frameScheduler';

export class FakeFeed implements PriceFeed {
  readonly options: FeedOptions;
  connectCalls = 0;
  disconnectCalls = 0;
  disposeCalls = 0;
  retryNowCalls = 0;
  credentialsChangedCalls = 0;
  subscribed: string[][] = [];
  unsubscribed: string[][] = [];
  info: ConnectionInfo = {
    connected: false,
    available: false,
    failed: false,
    state: 'connecting',
    polling: false,
    source: 'none',
    reason: '',
    attempt: 0,
    nextRetryInMs: null,
    lastMessageAt: null,
    counters: {
      wsAttempts: 0, wsMessages: 0, polls: 0, pollFailures: 0, updatesApplied: 0, batches: 0,
      logsSuppressed: 0, seqResets: 0, wsFailures: 0, dropped: {}, liveSockets: 0, pollsInFlight: 0,
      orphanedPolls: 0, heapBytes: 0, heapUsedBytes: 0, heapReservedBytes: 0,
    },
  };
  private batchCbs = new Set<(b: PriceData[]) => void>();
  private statusCbs = new Set<(e: StatusEvent) => void>();

  constructor(options: FeedOptions) {
    this.options = options;
  }

  /// Like the package: settles with the state (at once here; tests drive
  /// the state by hand).
  async connect(): Promise<ConnectionState> {
    this.connectCalls++;
    return this.info.state;
  }
  disconnect() {
    this.disconnectCalls++;
  }
  getConnectionStatus() {
    return this.info.state === 'connected';
  }
  getConnectionInfo() {
    return { ...this.info };
  }
  subscribe(event: 'market_data_update', cb: (b: PriceData[]) => void): () => void;
  subscribe(event: 'status', cb: (e: StatusEvent) => void): () => void;
  subscribe(event: string, cb: (x: never) => void): () => void {
    const set = (event === 'status' ? this.statusCbs : this.batchCbs) as Set<(x: never) => void>;
    set.add(cb);
    return () => set.delete(cb);
  }
  getPrice(): PriceData | undefined {
    return undefined;
  }
  getPrices(): Record<string, PriceData> {
    return {};
  }
  subscribeSymbols(symbols: string[]) {
    this.subscribed.push(symbols);
  }
  unsubscribeSymbols(symbols: string[]) {
    this.unsubscribed.push(symbols);
  }
  startFallbackPolling() {}
  stopFallbackPolling() {}
  retryNow() {
    this.retryNowCalls++;
  }
  credentialsChanged() {
    this.credentialsChangedCalls++;
  }
  dispose() {
    this.disposeCalls++;
  }

  get listenerCount() {
    return this.batchCbs.size + this.statusCbs.size;
  }
  emitBatch(batch: Array<Partial<PriceData> & { symbol: string; price: number }>) {
    const full = batch.map((u) => ({
      stale: false,
      confidence: 1,
      publishTime: 0,
      seq: 0,
      source: 'ws' as const,
      receivedAt: 0,
      ...u,
    }));
    for (const cb of [...this.batchCbs]) cb(full);
  }
  emitStatus(ev: Partial<StatusEvent> & { state: StatusEvent['state'] }) {
    const full: StatusEvent = {
      previous: this.info.state,
      reason: '',
      source: 'none',
      attempt: 0,
      nextRetryInMs: null,
      at: 0,
      ...ev,
    };
    this.info = { ...this.info, state: full.state, reason: full.reason, attempt: full.attempt, nextRetryInMs: full.nextRetryInMs };
    for (const cb of [...this.statusCbs]) cb(full);
  }
}

/// A factory that records every feed it made.
export function fakeFactory() {
  const feeds: FakeFeed[] = [];
  const factory = (options: FeedOptions) => {
    const f = new FakeFeed(options);
    feeds.push(f);
    return f;
  };
  return { factory, feeds };
}

/// Animation frames run by hand: `run()` fires every frame requested so far.
export function manualFrames() {
  let queue: Array<() => void> = [];
  let requests = 0;
  const requestFrame: RequestFrame = (cb) => {
    requests++;
    queue.push(cb);
    return () => {
      queue = queue.filter((q) => q !== cb);
    };
  };
  return {
    requestFrame,
    get pending() {
      return queue.length;
    },
    get requests() {
      return requests;
    },
    run() {
      const q = queue;
      queue = [];
      for (const cb of q) cb();
    },
  };
}

/// Lets the store's promise chain (factory, then attach) settle.
export async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
