/// The indicator's details: source, last update age, attempt, next-retry
/// countdown (ticking each second), reason, and "Retry now" — or, when the
/// server refused the session, what that means and "Sign in".
import { useEffect } from 'react';
import { useLastUpdate, usePriceStore } from '../price/PriceContext';
import type { StatusView } from '../price/priceStore';
import { SignInButton } from '../session/SignInButton';
import { formatAge, formatCountdown, isSignedOut, reasonText, sourceName } from './statusLabels';
import { useNow } from './useNow';

/// Once a second: fast enough for a countdown in whole seconds.
const TICK_MS = 1000;

/// The reason in words with its code, for support calls: "WebSocket
/// unreachable (ws_unreachable)".
function reasonField(reason: string): string {
  if (!reason) return '—';
  const text = reasonText(reason);
  return text === reason ? reason : `${text} (${reason})`;
}

export function StatusDetails({ id, status }: { id: string; status: StatusView }) {
  const store = usePriceStore();
  const lastUpdate = useLastUpdate();
  const now = useNow(TICK_MS);
  // Retries during polling bring new attempts without a state change.
  useEffect(() => store.refreshInfo(), [store, now]);
  const signedOut = isSignedOut(status.reason);
  return (
    <div id={id} className="conn-details" role="group" aria-label="Price feed details">
      {signedOut && (
        <p className="signed-out">
          <strong>Signed out.</strong> Your session is missing or expired.
        </p>
      )}
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
        <dd data-field="reason">{reasonField(status.reason)}</dd>
      </dl>
      {signedOut ? (
        <SignInButton />
      ) : (
        <button type="button" className="btn" onClick={() => store.retryNow()}>
          Retry now
        </button>
      )}
    </div>
  );
}
