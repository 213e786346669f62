/// One Quote Monitor row. Memoized on its own data: at thousands of updates a
/// second, only the rows whose symbol changed in a frame re-render.
import { memo } from 'react';
import type { PriceData } from '../price/feedTypes';
import type { QuoteMeta } from '../price/priceStore';
import { change, changePct } from './quoteRows';
import { formatAgeShort, formatPercent, formatPrice, formatSigned } from './format';

export interface QuoteRowProps {
  data: PriceData;
  meta: QuoteMeta | undefined;
  stale: boolean;
  now: number;
  selected: boolean;
  /** 1-based row number in the whole sorted table (header = 1), for aria-rowindex. */
  rowIndex: number;
  onSelect(symbol: string): void;
}

function flashClass(meta: QuoteMeta | undefined): string {
  if (!meta || meta.direction === 0 || meta.flashes === 0) return '';
  // Two identical keyframes alternate per flash restart (at most one per
  // FLASH_RESTART_MS, priceStore.ts), so a class change alone restarts the
  // animation: no reflow, no timers. A faster move only changes the tint.
  return ` flash-${meta.direction > 0 ? 'up' : 'down'}-${meta.flashes % 2}`;
}

function QuoteRowView({ data, meta, stale, now, selected, rowIndex, onSelect }: QuoteRowProps) {
  const ch = change(data, meta);
  const pct = changePct(data, meta);
  const tone = ch > 0 ? 'up' : ch < 0 ? 'down' : 'flat';
  return (
    <tr
      className={`quote-row${stale ? ' stale' : ''}${selected ? ' selected' : ''}`}
      data-symbol={data.symbol}
      data-seq={data.seq}
      aria-current={selected ? 'true' : undefined}
      aria-rowindex={rowIndex}
      tabIndex={0}
      onClick={() => onSelect(data.symbol)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(data.symbol);
        }
      }}
    >
      <th scope="row" className="sym">
        {data.symbol}
        {stale && <span className="stale-tag">stale</span>}
      </th>
      <td className={`num price${flashClass(meta)}`} data-price={data.price}>
        {formatPrice(data.price)}
      </td>
      <td className={`num ${tone}`}>{formatSigned(ch, data.price)}</td>
      <td className={`num ${tone}`}>{formatPercent(pct)}</td>
      <td className="num dim">±{formatPrice(data.confidence, data.price)}</td>
      <td className="num dim">{meta ? formatAgeShort(meta.lastAt, now) : '—'}</td>
      <td className={`src src-${data.source}`}>{data.source === 'ws' ? 'WS' : 'REST'}</td>
    </tr>
  );
}

export const QuoteRow = memo(QuoteRowView);
