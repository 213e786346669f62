/// A movable, closable window: drag it by its title bar. With `onPopOut`, a
/// title-bar button opens it in a browser window of its own.
import { useRef, type PointerEvent, type ReactNode } from 'react';
import type { WindowSpec } from './windows';

export interface TerminalWindowProps {
  spec: WindowSpec;
  title: string;
  focused: boolean;
  onFocus(id: string): void;
  onClose(id: string): void;
  onMove(id: string, x: number, y: number): void;
  onPopOut?(spec: WindowSpec): void;
  children: ReactNode;
}

export function TerminalWindow({ spec, title, focused, onFocus, onClose, onMove, onPopOut, children }: TerminalWindowProps) {
  const drag = useRef<{ dx: number; dy: number } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('button')) return;
    drag.current = { dx: e.clientX - spec.x, dy: e.clientY - spec.y };
    e.currentTarget.setPointerCapture?.(e.pointerId); // the section's capture handler has raised it
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onMove(spec.id, e.clientX - drag.current.dx, e.clientY - drag.current.dy);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    e.currentTarget.releasePointerCapture?.(e.pointerId);
  };

  return (
    <section
      className={`win${focused ? ' focused' : ''}`}
      aria-label={title}
      data-kind={spec.kind}
      style={{ left: spec.x, top: spec.y, width: spec.w, height: spec.h, zIndex: spec.z }}
      onPointerDownCapture={() => onFocus(spec.id)}
    >
      <div
        className="win-title"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <span>{title}</span>
        <span className="win-actions">
          {onPopOut && (
            <button
              type="button"
              className="win-btn win-popout"
              aria-label={`Pop out ${title}`}
              title="Open in a browser window of its own"
              onClick={() => onPopOut(spec)}
            >
              ↗
            </button>
          )}
          <button type="button" className="win-btn win-close" aria-label={`Close ${title}`} onClick={() => onClose(spec.id)}>
            ×
          </button>
        </span>
      </div>
      <div className="win-body">{children}</div>
    </section>
  );
}
