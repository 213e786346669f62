/// The Quote Monitor's pure logic: change since the session opened,
/// staleness, filtering and sorting. No React here.
import type { PriceData } from '../price/feedTypes';
import type { QuoteMeta } from '../price/priceStore';

/// A symbol with no update for 30 s is stale (contract §6); the UI applies the
/// same rule on its own clock so a row dims even if the feed's flag is late.
export const STALE_AFTER_MS = 30_000;

export type SortKey = 'symbol' | 'price' | 'change' | 'changePct' | 'confidence' | 'age' | 'source';
export interface SortOrder {
  key: SortKey;
  dir: 1 | -1;
}

export function change(data: PriceData, meta: QuoteMeta | undefined): number {
  return meta ? data.price - meta.open : 0;
}

export function changePct(data: PriceData, meta: QuoteMeta | undefined): number {
  return meta && meta.open > 0 ? ((data.price - meta.open) / meta.open) * 100 : 0;
}

export function isStale(data: PriceData, meta: QuoteMeta | undefined, now: number): boolean {
  return data.stale === true || (!!meta && now - meta.lastAt >= STALE_AFTER_MS);
}

function sortValue(key: SortKey, d: PriceData, m: QuoteMeta | undefined, now: number): number | string {
  switch (key) {
    case 'symbol':
      return d.symbol;
    case 'price':
      return d.price;
    case 'change':
      return change(d, m);
    case 'changePct':
      return changePct(d, m);
    case 'confidence':
      return d.confidence;
    case 'age':
      return m ? now - m.lastAt : 0;
    case 'source':
      return d.source;
  }
}

/// The symbols to show, filtered (case-insensitive substring) and sorted;
/// ties fall back to the symbol so the order never flickers.
export function orderSymbols(
  prices: ReadonlyMap<string, PriceData>,
  meta: ReadonlyMap<string, QuoteMeta>,
  filter: string,
  sort: SortOrder,
  now: number,
): string[] {
  const f = filter.trim().toUpperCase();
  const rows: Array<{ s: string; v: number | string }> = [];
  for (const [s, d] of prices) {
    if (f && !s.toUpperCase().includes(f)) continue;
    rows.push({ s, v: sortValue(sort.key, d, meta.get(s), now) });
  }
  rows.sort((a, b) => {
    const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    if (c !== 0) return c * sort.dir;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  });
  return rows.map((r) => r.s);
}

/// Clicking the sorted column flips it; another column sorts ascending,
/// except numbers people scan for the biggest first (moves), which start descending.
export function nextSort(cur: SortOrder, key: SortKey): SortOrder {
  if (cur.key === key) return { key, dir: cur.dir === 1 ? -1 : 1 };
  return { key, dir: key === 'change' || key === 'changePct' ? -1 : 1 };
}
