/// The Quote Monitor window's body: every symbol with its price, change since
/// the session opened, confidence, age and source; sortable and filterable.
import { useMemo, useState } from 'react';
import { useStoreSelector } from '../price/PriceContext';
import type { PriceSnapshot } from '../price/priceStore';
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

const selectPrices = (s: PriceSnapshot) => s.prices;
const selectMeta = (s: PriceSnapshot) => s.meta;

export interface QuoteMonitorProps {
  selected?: string | null;
  onSelectSymbol?(symbol: string): void;
  now?: () => number;
}

export function QuoteMonitor({ selected = null, onSelectSymbol, now: clock }: QuoteMonitorProps) {
  const prices = useStoreSelector(selectPrices);
  const meta = useStoreSelector(selectMeta);
  const now = useNow(AGE_TICK_MS, true, clock);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortOrder>({ key: 'symbol', dir: 1 });
  const symbols = useMemo(() => orderSymbols(prices, meta, filter, sort, now), [prices, meta, filter, sort, now]);
  const onSelect = useMemo(() => onSelectSymbol ?? (() => {}), [onSelectSymbol]);

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
      <div className="qm-scroll">
        <table className="qm-table">
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
            {symbols.map((s) => {
              const d = prices.get(s)!;
              const m = meta.get(s);
              return (
                <QuoteRow
                  key={s}
                  data={d}
                  meta={m}
                  stale={isStale(d, m, now)}
                  now={now}
                  selected={s === selected}
                  onSelect={onSelect}
                />
              );
            })}
          </tbody>
        </table>
        {prices.size === 0 && <p className="empty dim">Waiting for prices…</p>}
      </div>
    </div>
  );
}
