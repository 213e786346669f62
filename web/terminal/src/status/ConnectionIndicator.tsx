/// The always-visible connection indicator (contract §3), built as a
/// disclosure: the button shows and hides the details (click, Enter, Space),
/// Escape closes them and puts focus back on the button; hovering peeks.
/// A live region beside the button (never inside it: a button's children are
/// presentational) announces each state change once.
import { useId, useRef, useState, type FocusEvent } from 'react';
import { useConnectionStatus } from '../price/PriceContext';
import { announcement, lookOf } from './statusLabels';
import { StatusDetails } from './StatusDetails';

export function ConnectionIndicator() {
  const status = useConnectionStatus();
  const look = lookOf(status.state);
  const [pinned, setPinned] = useState(false);
  const [hover, setHover] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const detailsId = useId();
  const open = pinned || hover;

  // One announcement per change of state or reason, worded as of the change:
  // later countdown or attempt updates must not speak again.
  const key = `${status.state}|${status.reason}`;
  const [spoken, setSpoken] = useState({ key, text: announcement(status) });
  if (spoken.key !== key) setSpoken({ key, text: announcement(status) });

  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setPinned(false);
  };

  return (
    <div
      className={`conn tone-${look.tone}`}
      data-state={status.state}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      onBlur={onBlur}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setPinned(false);
          setHover(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="conn-badge"
        aria-label={`Price feed: ${look.label}`}
        aria-expanded={open}
        aria-controls={open ? detailsId : undefined}
        onClick={() => setPinned((p) => !p)}
      >
        <span className="conn-dot" aria-hidden="true" style={{ backgroundColor: look.colour }} />
        <span className="conn-label" style={{ color: look.colour }}>
          {look.label}
        </span>
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {spoken.text}
      </span>
      {open && <StatusDetails id={detailsId} status={status} />}
    </div>
  );
}
