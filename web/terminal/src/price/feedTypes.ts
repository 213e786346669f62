/// The JavaScript surface of `@quantdesk/pricefeed` (docs/contract.md §7) as
/// the terminal uses it. Declared here so the terminal type-checks and tests
/// against the contract, not against whichever build of the package is on disk.

export type ConnectionState = 'connecting' | 'connected' | 'polling' | 'disconnected' | 'error';
export type PriceSource = 'ws' | 'poll';

/// One symbol's price as the feed delivers it (contract §6).
export interface PriceData {
  symbol: string;
  price: number;
  confidence: number;
  /** The source's publish time, ms since the epoch. */
  publishTime: number;
  /** Per-symbol sequence number; null (or -1) when the source sent none. */
  seq: number | null;
  source: PriceSource;
  /** The feed's clock when it applied the update. */
  receivedAt: number;
  /** True once the symbol had no update for the feed's staleAfterMs. */
  stale?: boolean;
}

/// One connection state change (contract §3).
export interface StatusEvent {
  state: ConnectionState;
  previous: ConnectionState;
  /** Machine-readable code: ws_closed, heartbeat_timeout, poll_failed, ... */
  reason: string;
  source: PriceSource | 'none' | string;
  /** WebSocket attempts since the last healthy connection. */
  attempt: number;
  /** Until the next WebSocket attempt; -1 (or null) when none is scheduled. */
  nextRetryInMs: number | null;
  at: number;
}

export interface ConnectionInfo {
  connected: boolean;
  available: boolean;
  failed: boolean;
  state: ConnectionState;
  source: string;
  reason: string;
  attempt: number;
  nextRetryInMs: number | null;
  lastMessageAt: number | null;
  counters?: Record<string, number>;
}

export interface FeedOptions {
  wsUrl?: string;
  pollUrl?: string;
  symbols?: string[];
  logger?: Pick<Console, 'log' | 'warn' | 'error'>;
  [option: string]: unknown;
}

export interface PriceFeed {
  connect(): Promise<void>;
  disconnect(): void;
  getConnectionStatus(): boolean;
  getConnectionInfo(): ConnectionInfo;
  subscribe(event: 'market_data_update', cb: (batch: PriceData[]) => void): () => void;
  subscribe(event: 'status', cb: (event: StatusEvent) => void): () => void;
  getPrice(symbol: string): PriceData | null | undefined;
  getPrices(): PriceData[] | Record<string, PriceData> | Map<string, PriceData>;
  subscribeSymbols(symbols: string[]): void;
  unsubscribeSymbols(symbols: string[]): void;
  startFallbackPolling(url?: string, intervalMs?: number): void;
  stopFallbackPolling(): void;
  retryNow(): void;
  dispose(): void;
}

/// Creates a feed; the real one is `createPriceFeed` of the package.
export type FeedFactory = (options: FeedOptions) => PriceFeed | Promise<PriceFeed>;
