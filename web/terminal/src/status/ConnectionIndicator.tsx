/// The always-visible connection indicator (contract §3).
import { useId, useState, type FocusEvent } from 'react';
import { useConnectionStatus } from '../price/PriceContext';
import { lookOf } from './statusLabels';
import { StatusDetails } from './StatusDetails';

export function ConnectionIndicator() {
  const status = useConnectionStatus();
  const look = lookOf(status.state);
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const detailsId = useId();
  const open = hover || focus;

  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    // Moving focus into the popover (to "Retry now") keeps it open.
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocus(false);
  };

  return (
    <div
      className={`conn tone-${look.tone}`}
      data-state={status.state}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      onFocus={() => setFocus(true)}
      onBlur={onBlur}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setFocus(false);
          setHover(false);
        }
      }}
    >
      <button
        type="button"
        className="conn-badge"
        aria-expanded={open}
        aria-controls={open ? detailsId : undefined}
      >
        <span role="status" aria-live="polite" aria-label={`Price feed: ${look.label}`} className="conn-status">
          <span className="conn-dot" aria-hidden="true" style={{ backgroundColor: look.colour }} />
          <span className="conn-label" style={{ color: look.colour }}>
            {look.label}
          </span>
        </span>
      </button>
      {open && <StatusDetails id={detailsId} status={status} />}
    </div>
  );
}
