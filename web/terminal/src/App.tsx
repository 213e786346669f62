/// The Pro Terminal shell: command bar, desktop of windows, taskbar.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ChartHistoryProvider } from './chart/ChartHistory';
import { PriceChart } from './chart/PriceChart';
import { QuoteMonitor } from './quotes/QuoteMonitor';
import { CommandBar } from './shell/CommandBar';
import type { Command } from './shell/commands';
import { HelpPanel } from './shell/HelpPanel';
import { Taskbar } from './shell/Taskbar';
import { canPopOut, popOutFeatures, popOutUrl } from './shell/popout';
import { listenForPopOuts } from './shell/popoutChannel';
import { TerminalWindow } from './shell/TerminalWindow';
import { emptyWindows, topWindow, windowTitle, windowsReducer, type WindowSpec, type WindowsState } from './shell/windows';

/// Opens on the Quote Monitor and a BTC chart: what a trader looks at first.
function initialWindows(): WindowsState {
  let s = windowsReducer(emptyWindows, { type: 'open', kind: 'quotes' });
  s = windowsReducer(s, { type: 'open', kind: 'chart', symbol: 'BTC' });
  return windowsReducer(s, { type: 'move', id: s.windows[1].id, x: 712, y: 16 });
}

/// A token naming one pop-out, random enough to tell this terminal's pop-outs
/// from another tab's. (crypto.randomUUID exists only in secure contexts, and
/// a terminal on a LAN address over http is not one.)
const newToken = () => Math.random().toString(36).slice(2, 12);

export function App() {
  const [state, dispatch] = useReducer(windowsReducer, undefined, initialWindows);
  const top = topWindow(state);
  const chartSymbol = state.windows.find((w) => w.kind === 'chart')?.symbol ?? null;

  const onCommand = useCallback((cmd: Command) => {
    if (cmd.type === 'open') dispatch({ type: 'open', kind: cmd.kind, symbol: cmd.symbol });
    else if (cmd.type === 'close-all') dispatch({ type: 'close-all' });
  }, []);
  const onSelectSymbol = useCallback((symbol: string) => dispatch({ type: 'open', kind: 'chart', symbol }), []);
  const onFocus = useCallback((id: string) => dispatch({ type: 'focus', id }), []);
  const onClose = useCallback((id: string) => dispatch({ type: 'close', id }), []);
  const onMove = useCallback((id: string, x: number, y: number) => dispatch({ type: 'move', id, x, y }), []);

  // Pop-outs opened here and not yet up: token -> the window to close then.
  const popOuts = useRef<Map<string, string> | null>(null);
  useEffect(() => {
    const waiting = new Map<string, string>();
    const stop = listenForPopOuts((token) => {
      const id = waiting.get(token);
      if (id === undefined) return;
      waiting.delete(token);
      dispatch({ type: 'close', id });
    });
    popOuts.current = stop ? waiting : null;
    return () => stop?.();
  }, []);
  const onPopOut = useCallback((spec: WindowSpec) => {
    const token = newToken();
    window.open(popOutUrl(spec, token, window.location.href), '_blank', popOutFeatures(spec));
    // Without a channel no pop-out can say it is up: move the window at once.
    if (popOuts.current) popOuts.current.set(token, spec.id);
    else dispatch({ type: 'close', id: spec.id });
  }, []);

  const body = (w: WindowSpec) => {
    if (w.kind === 'quotes') return <QuoteMonitor selected={chartSymbol} onSelectSymbol={onSelectSymbol} />;
    if (w.kind === 'chart') return <PriceChart symbol={w.symbol ?? 'BTC'} />;
    return <HelpPanel />;
  };

  return (
    <ChartHistoryProvider>
      <div className="app">
        <CommandBar onCommand={onCommand} />
        <main className="desktop">
          {state.windows.map((w) => (
            <TerminalWindow
              key={w.id}
              spec={w}
              title={windowTitle(w)}
              focused={w.id === top?.id}
              onFocus={onFocus}
              onClose={onClose}
              onMove={onMove}
              onPopOut={canPopOut(w.kind) ? onPopOut : undefined}
            >
              {body(w)}
            </TerminalWindow>
          ))}
        </main>
        <Taskbar windows={state.windows} focusedId={top?.id} onFocus={onFocus} />
      </div>
    </ChartHistoryProvider>
  );
}
