/// The taskbar: one button per open window; clicking raises it.
import { windowTitle, type WindowSpec } from './windows';

export function Taskbar({
  windows,
  focusedId,
  onFocus,
}: {
  windows: WindowSpec[];
  focusedId: string | undefined;
  onFocus(id: string): void;
}) {
  return (
    <nav className="taskbar" aria-label="Open windows">
      {windows.length === 0 && <span className="dim">No windows — type QM or HELP</span>}
      {windows.map((w) => (
        <button
          key={w.id}
          type="button"
          className="task"
          aria-pressed={w.id === focusedId}
          onClick={() => onFocus(w.id)}
        >
          {windowTitle(w)}
        </button>
      ))}
    </nav>
  );
}
