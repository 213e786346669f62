// Types for @quantdesk/pricefeed (docs/contract.md §7). Hand-written:
// Emscripten 3.1.6 cannot emit .d.ts files.

/** Connection states of contract §3. */
export type ConnectionState = 'connecting' | 'connected' | 'polling' | 'disconnected' | 'error';
/** Where a price or the current data came from. */
export type PriceSource = 'ws' | 'poll';
export type StatusSource = PriceSource | 'none';

/** One symbol's price as the engine's book holds it (contract §6). */
export interface PriceUpdate {
  symbol: string;
  price: number;
  confidence: number;
  /** The source's publish time, ms since the epoch. */
  publishTime: number;
  /** Per-symbol sequence; null when the source sent none. */
  seq: number | null;
  source: PriceSource;
  /** The wall clock (ms since the epoch) when it was applied. */
  receivedAt: number;
  /** No update for staleAfterMs. */
  stale: boolean;
}

/** One event per state change (contract §3). */
export interface StatusEvent {
  state: ConnectionState;
  previous: ConnectionState;
  /** A short machine-readable code: ws_closed, ws_unreachable, heartbeat_timeout, unauthorized, forbidden_origin, server_overloaded, poll_failed, bad_config, user, ... */
  reason: string;
  source: StatusSource;
  /** WebSocket attempts since the last healthy connection. */
  attempt: number;
  /** Until the next WebSocket attempt; null = none scheduled. */
  nextRetryInMs: number | null;
  /** The wall clock, ms since the epoch. */
  at: number;
}

export interface FeedCounters {
  wsAttempts: number;
  wsMessages: number;
  polls: number;
  pollFailures: number;
  updatesApplied: number;
  batches: number;
  logsSuppressed: number;
  /** Lower seqs accepted because their publishTime is newer (a server restart). */
  seqResets: number;
  /** WebSocket attempts that failed plus open sockets that dropped. */
  wsFailures: number;
  /** Dropped messages/updates by reason (stale, malformed, oversized, ...). */
  dropped: Record<string, number>;
  /** WebSockets the adapter has not deleted yet. */
  liveSockets: number;
  pollsInFlight: number;
  /** Abandoned polls whose request has not completed yet (all feeds). */
  orphanedPolls: number;
  /** Wasm memory size in bytes (grows, never shrinks). */
  heapBytes: number;
  /** Bytes malloc'd in the wasm heap right now (every live allocation: book, buffers, options). */
  heapUsedBytes: number;
  /** Bytes malloc has taken from wasm memory so far (its high-water mark; a freed big frame still counts). */
  heapReservedBytes: number;
}

export interface ConnectionInfo {
  /** The WebSocket is open and delivering data. */
  connected: boolean;
  /** Some source delivers data (state connected or polling). */
  available: boolean;
  /** No source delivers data (state disconnected or error). */
  failed: boolean;
  state: ConnectionState;
  /** Fallback polling is engaged (its polls may be failing). */
  polling: boolean;
  source: StatusSource;
  reason: string;
  attempt: number;
  /** Time left until the next WebSocket attempt; null = none scheduled. */
  nextRetryInMs: number | null;
  /** Last message of any kind from any source, ms since the epoch; null = never. */
  lastMessageAt: number | null;
  counters: FeedCounters;
}

export interface BackoffOptions {
  /** First retry delay. Default 1000. */
  initialMs?: number;
  /** Cap. Default 15000. */
  maxMs?: number;
  /** Default 2 (1, 2, 4, 8, 15 s). */
  multiplier?: number;
  /** Each delay is multiplied by a uniform factor in [1 - jitter, 1]. Default 0.2; 0 = exact schedule. */
  jitter?: number;
}

export interface Logger {
  info?(line: string): void;
  warn?(line: string): void;
  error?(line: string): void;
  log?(line: string): void;
}

export interface PriceFeedOptions {
  /** Default: `/ws` on the page's origin (ws:/wss: to match); outside a page ws://localhost:3002/ws. Relative URLs resolve against the page; '' = polling only. */
  wsUrl?: string;
  /** Default: `/api/oracle/prices` on the page's origin; outside a page http://localhost:3002/api/oracle/prices; '' = no polling fallback. */
  pollUrl?: string;
  /** Symbols to subscribe to (1-32 of A-Z a-z 0-9 . _ / -, at most 1,000); omitted = all, [] = none. */
  symbols?: string[];
  /** Default 2000. */
  pollIntervalMs?: number;
  /** Default 10000. */
  hiddenPollIntervalMs?: number;
  /** A poll slower than this is abandoned. Default 5000. */
  pollTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Default 1. */
  fallbackAfterAttempts?: number;
  /** Default 3000. */
  fallbackAfterMs?: number;
  /** Default 10000. */
  connectTimeoutMs?: number;
  /** An open socket without a usable snapshot by then is a failed attempt. Default 5000. */
  snapshotTimeoutMs?: number;
  /** After a healthy connection drops, the first WebSocket retry waits a random delay in [0, this). Default 1500. */
  reconnectSpreadMs?: number;
  /** A 429/503's Retry-After holds polls back at most this long. Default 60000. */
  maxRetryAfterMs?: number;
  /** Default 12000. */
  heartbeatTimeoutMs?: number;
  /** Default 30000. */
  staleAfterMs?: number;
  /** Default 10000. */
  healthyAfterMs?: number;
  /** After a 4401/4403 refusal. Default 300000. */
  authRetryAfterMs?: number;
  /** Price batches are delivered at most once per this. Default 16. */
  flushIntervalMs?: number;
  /** Default 1 MiB. */
  maxMessageBytes?: number;
  /** First console summary window. Default 60000. */
  logWindowMs?: number;
  /** Receives the engine's throttled lines. Default console. */
  logger?: Logger;
  /** WebSocket implementation (Node: the `ws` package): the engine dials with it even where a global exists; installed as the global only where none exists. One per JS realm: the last one passed serves every feed. */
  WebSocket?: unknown;
  /** XMLHttpRequest implementation, installed as the global only where none exists (Node: the `xhr2` package). */
  XMLHttpRequest?: unknown;
  /** Where `online`/`offline` (window) and `visibilitychange` (document) come from; default the page's globals; false = none. */
  pageEvents?: false | { window?: EventTarget; document?: EventTarget & { visibilityState: string } };
}

export interface PriceFeed {
  /** Resolves with the state once it is not `connecting` (data flows, the fallback engaged, or nothing can: at once when already so); never rejects for network failure. */
  connect(): Promise<ConnectionState>;
  disconnect(): void;
  /** True while the WebSocket is connected. */
  getConnectionStatus(): boolean;
  getConnectionInfo(): ConnectionInfo;
  /** Batched: one call per flush with every symbol that changed. Returns the unsubscribe function. */
  subscribe(event: 'market_data_update', cb: (batch: PriceUpdate[]) => void): () => void;
  subscribe(event: 'status', cb: (event: StatusEvent) => void): () => void;
  getPrice(symbol: string): PriceUpdate | undefined;
  /** Every symbol in the book, keyed by symbol. */
  getPrices(): Record<string, PriceUpdate>;
  /** Adds symbols (in the all-symbols mode: takes them out of the exclusions). Throws a TypeError for a malformed symbol, a RangeError past 1,000 named symbols (nothing changes). */
  subscribeSymbols(symbols: string[]): void;
  /** Removes symbols (in the all-symbols mode: excludes them); their prices leave the book. Unsubscribing the last named symbol leaves an empty set: nothing arrives. */
  unsubscribeSymbols(symbols: string[]): void;
  /** Forces polling on; url/intervalMs default to the configured ones. */
  startFallbackPolling(url?: string, intervalMs?: number): void;
  /** Ends a manual start; the automatic fallback goes on wherever it is engaged. */
  stopFallbackPolling(): void;
  /** Retries the WebSocket now and resets the backoff. */
  retryNow(): void;
  /** New credentials (a fresh session cookie): ends an auth refusal's pause. */
  credentialsChanged(): void;
  /** Frees the wasm object; safe to call twice; no callback fires afterwards. */
  dispose(): void;
}

export declare const DEFAULT_WS_URL: string;
export declare const DEFAULT_POLL_URL: string;
/** The most symbols one subscription may name (the server's limit). */
export declare const MAX_NAMED_SYMBOLS: number;
export declare function resolveWsUrl(url?: string | null, location?: Location | null): string;
export declare function resolvePollUrl(url?: string | null, location?: Location | null): string;
export declare function loadPriceFeedModule(): Promise<unknown>;
export declare function memoryStats(): Promise<{ heapBytes: number; heapUsedBytes: number; heapReservedBytes: number; orphanedPolls: number }>;
export declare function createPriceFeed(options?: PriceFeedOptions): Promise<PriceFeed>;
export default createPriceFeed;
