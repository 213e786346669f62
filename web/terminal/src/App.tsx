/// The Pro Terminal shell: command bar, desktop of windows, taskbar.
import { useCallback, useReducer } from 'react';
import { ChartHistoryProvider } from './chart/ChartHistory';
import { PriceChart } from './chart/PriceChart';
import { QuoteMonitor } from './quotes/QuoteMonitor';
import { CommandBar } from './shell/CommandBar';
import type { Command } from './shell/commands';
import { HelpPanel } from './shell/HelpPanel';
import { Taskbar } from './shell/Taskbar';
import { TerminalWindow } from './shell/TerminalWindow';
import { emptyWindows, topWindow, windowTitle, windowsReducer, type WindowSpec, type WindowsState } from './shell/windows';

/// Opens on the Quote Monitor and a BTC chart: what a trader looks at first.
function initialWindows(): WindowsState {
  let s = windowsReducer(emptyWindows, { type: 'open', kind: 'quotes' });
  s = windowsReducer(s, { type: 'open', kind: 'chart', symbol: 'BTC' });
  return windowsReducer(s, { type: 'move', id: s.windows[1].id, x: 712, y: 16 });
}

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
