/// The Quote Monitor window's body: every symbol with its price, change since
/// the session opened, confidence, age and source; sortable and filterable.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useConnectionStatus, useThrottledSnapshot } from '../price/PriceContext';
import { SignedOutNotice } from '../session/SignedOutNotice';
import { isSignedOut } from '../status/statusLabels';
import { useNow } from '../status/useNow';
import { QuoteRow } from './QuoteRow';
import { isStale, nextSort, orderSymbols, type SortKey, type SortOrder } from './quoteRows';

const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: 'symbol', label: 'Symbol', numeric: false },
  { key: 'price', label: 'Price', numeric: true },
  { key: 'change', label: 'Chg', numeric: true },
  { key: 'changePct', label: 'Chg %', numeric: true },
  { key: 'confidence', label: 'Conf', numeric: true },
  { key: 'age', label: 'Age', numeric: true },
  { key: 'source', label: 'Src', numeric: false },
];

/// Ages are shown in whole seconds, so one refresh a second is enough.
const AGE_TICK_MS = 1000;
/// The table shows prices at most 10 times a second: a number that changes
/// faster cannot be read, and streaming grids batch their display the same
/// way (AG Grid's async transactions: every 50 ms). At 100 updates/s the
/// page's main thread went from 0.89x to 0.61x of the terminal before issue
/// 12, paints from 0.82x to 0.28x (docs/terminal.md, "What a frame costs");
/// a price is on screen at most 100 ms and a frame after it arrived, while
/// the chart, the indicator and getPrice() stay per frame.
export const QUOTE_REFRESH_MS = 100;
/// Row height in px, as styles.css fixes it: rows are windowed by it.
export const ROW_HEIGHT = 25;
/// Rows rendered beyond each edge of the viewport: a fast scroll shows rows,
/// not blanks, and small height drift never exposes a gap.
const OVERSCAN = 8;

/// The rows to render: only those in (or near) the scrolled viewport, so the
/// cost of a frame follows the window's height, not the number of symbols.
/// An unmeasured viewport (height 0: not laid out, or jsdom) renders all.
export function visibleRange(count: number, scrollTop: number, height: number): [number, number] {
  if (height <= 0) return [0, count];
  const inView = Math.ceil(height / ROW_HEIGHT);
  // Scrolled past the end (the list just shrank under a filter): show its tail.
  const lastStart = Math.max(0, count - inView - OVERSCAN);
  const start = Math.min(lastStart, Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN));
  const end = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return [start, Math.max(start + Math.min(inView, count - start), end)];
}

export interface QuoteMonitorProps {
  selected?: string | null;
  onSelectSymbol?(symbol: string): void;
  now?: () => number;
  /** The table's refresh bound (QUOTE_REFRESH_MS); 0 = every frame. */
  refreshMs?: number;
}

export function QuoteMonitor({ selected = null, onSelectSymbol, now: clock, refreshMs = QUOTE_REFRESH_MS }: QuoteMonitorProps) {
  const { prices, meta } = useThrottledSnapshot(refreshMs);
  const signedOut = isSignedOut(useConnectionStatus().reason);
  const now = useNow(AGE_TICK_MS, clock);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortOrder>({ key: 'symbol', dir: 1 });
  const symbols = useMemo(() => orderSymbols(prices, meta, filter, sort, now), [prices, meta, filter, sort, now]);
  const onSelect = useMemo(() => onSelectSymbol ?? (() => {}), [onSelectSymbol]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  const measure = useCallback(() => {
    const el = scrollRef.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, []);
  useLayoutEffect(() => {
    measure();
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);
  const [start, end] = visibleRange(symbols.length, view.top, view.height);

  return (
    <div className="qm">
      <div className="qm-tools">
        <input
          type="search"
          className="input"
          placeholder="Filter symbols"
          aria-label="Filter symbols"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="dim">
          {symbols.length} / {prices.size}
        </span>
      </div>
      {signedOut && <SignedOutNotice />}
      <div className="qm-scroll" ref={scrollRef} onScroll={measure}>
        <table className="qm-table" aria-rowcount={symbols.length + 1}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort" onClick={() => setSort((s) => nextSort(s, c.key))}>
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {start > 0 && <tr className="spacer" aria-hidden="true" style={{ height: start * ROW_HEIGHT }} />}
            {symbols.slice(start, end).map((s, i) => {
              const d = prices.get(s)!;
              const m = meta.get(s);
              return (
                <QuoteRow
                  key={s}
                  rowIndex={start + i + 2}
                  data={d}
                  meta={m}
                  stale={isStale(d, m, now)}
                  now={now}
                  selected={s === selected}
                  onSelect={onSelect}
                />
              );
            })}
            {end < symbols.length && (
              <tr className="spacer" aria-hidden="true" style={{ height: (symbols.length - end) * ROW_HEIGHT }} />
            )}
          </tbody>
        </table>
        {prices.size === 0 && !signedOut && <p className="empty dim">Waiting for prices…</p>}
      </div>
    </div>
  );
}
