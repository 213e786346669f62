/// The indicator's details popover: source, last update age, attempt,
/// next-retry countdown (ticking each second), reason, and "Retry now".
import { useEffect } from 'react';
import { useLastUpdate, usePriceStore } from '../price/PriceContext';
import type { StatusView } from '../price/priceStore';
import { formatAge, formatCountdown, sourceName } from './statusLabels';
import { useNow } from './useNow';

/// Once a second: fast enough for a countdown in whole seconds.
const TICK_MS = 1000;

export function StatusDetails({ id, status }: { id: string; status: StatusView }) {
  const store = usePriceStore();
  const lastUpdate = useLastUpdate();
  const now = useNow(TICK_MS);
  // Retries during polling bring new attempts without a state change.
  useEffect(() => store.refreshInfo(), [store, now]);
  return (
    <div id={id} className="conn-details" role="group" aria-label="Price feed details">
      <dl>
        <dt>Source</dt>
        <dd data-field="source">{sourceName(status.source)}</dd>
        <dt>Last update</dt>
        <dd data-field="age">{formatAge(lastUpdate, now)}</dd>
        <dt>Attempt</dt>
        <dd data-field="attempt">{status.attempt}</dd>
        <dt>Next retry</dt>
        <dd data-field="retry">{formatCountdown(status.nextRetryAt, now)}</dd>
        <dt>Reason</dt>
        <dd data-field="reason">{status.reason || '—'}</dd>
      </dl>
      <button type="button" className="btn" onClick={() => store.retryNow()}>
        Retry now
      </button>
    </div>
  );
}
