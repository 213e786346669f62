/// Chart history for every symbol the feed delivers, so switching the chart
/// to another symbol shows its past at once. Memory is bounded: a fixed
/// number of bars per resolution per symbol, and a fixed number of symbols
/// (the least recently updated is forgotten first).
import type { PriceData } from '../price/feedTypes';
import { BarRing } from './barRing';

export type Resolution = 'tick' | '1s' | '1m';

/// 600 ticks: minutes of a normal feed, 10 s of the busiest (the engine sends
/// at most one update per symbol per 16 ms flush).
export const TICK_CAPACITY = 600;
/// 600 one-second candles: the last 10 minutes.
export const SECOND_CAPACITY = 600;
/// 480 one-minute candles: the last 8 hours, a trading session.
export const MINUTE_CAPACITY = 480;
/// 256 symbols: far more than a terminal charts, while the worst case stays
/// near 17 MB (256 x 1,680 bars x 40 bytes).
export const MAX_SYMBOLS = 256;

export class SymbolHistory {
  readonly tick = new BarRing(TICK_CAPACITY, 0);
  readonly second = new BarRing(SECOND_CAPACITY, 1000);
  readonly minute = new BarRing(MINUTE_CAPACITY, 60_000);

  push(timeMs: number, price: number): void {
    this.tick.push(timeMs, price);
    this.second.push(timeMs, price);
    this.minute.push(timeMs, price);
  }

  ring(resolution: Resolution): BarRing {
    return resolution === 'tick' ? this.tick : resolution === '1s' ? this.second : this.minute;
  }

  get bytes(): number {
    return this.tick.bytes + this.second.bytes + this.minute.bytes;
  }
}

/// When a tick happened: the source's publish time, else when the feed
/// received it, else now.
function tickTime(u: PriceData, now: number): number {
  if (u.publishTime > 0) return u.publishTime;
  if (u.receivedAt > 0) return u.receivedAt;
  return now;
}

export class HistoryBook {
  readonly maxSymbols: number;
  // A Map keeps insertion order: re-inserting on update makes it an LRU.
  private readonly symbols = new Map<string, SymbolHistory>();
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(maxSymbols = MAX_SYMBOLS) {
    this.maxSymbols = Math.max(1, maxSymbols);
  }

  /// Every valid update of a batch, as the store hands them over.
  push(batch: readonly PriceData[], now: number): void {
    for (const u of batch) {
      let h = this.symbols.get(u.symbol);
      if (h) this.symbols.delete(u.symbol);
      else {
        h = new SymbolHistory();
        if (this.symbols.size >= this.maxSymbols) this.symbols.delete(this.symbols.keys().next().value!);
      }
      this.symbols.set(u.symbol, h);
      h.push(tickTime(u, now), u.price);
    }
    for (const u of batch) this.watchers.get(u.symbol)?.forEach((cb) => cb());
  }

  get(symbol: string): SymbolHistory | undefined {
    return this.symbols.get(symbol);
  }

  /// Calls `cb` after each batch that touched `symbol`.
  watch(symbol: string, cb: () => void): () => void {
    let set = this.watchers.get(symbol);
    if (!set) this.watchers.set(symbol, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
      if (set.size === 0) this.watchers.delete(symbol);
    };
  }

  get size(): number {
    return this.symbols.size;
  }

  get bytes(): number {
    let n = 0;
    for (const h of this.symbols.values()) n += h.bytes;
    return n;
  }
}
