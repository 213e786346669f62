/// The window manager's state: which windows are open, where, and in which
/// stacking order. A pure reducer, so the shell's behaviour is testable
/// without a DOM.

export type WindowKind = 'quotes' | 'chart' | 'help';

export interface WindowSpec {
  id: string;
  kind: WindowKind;
  symbol?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  z: number;
}

export interface WindowsState {
  windows: WindowSpec[];
  topZ: number;
  nextId: number;
}

export type WindowAction =
  | { type: 'open'; kind: WindowKind; symbol?: string }
  | { type: 'close'; id: string }
  | { type: 'close-all' }
  | { type: 'focus'; id: string }
  | { type: 'move'; id: string; x: number; y: number };

/// Default sizes: the Quote Monitor fits ~12 rows, the chart a readable
/// 5-minute line, help its short table.
const SIZES: Record<WindowKind, { w: number; h: number }> = {
  quotes: { w: 680, h: 440 },
  chart: { w: 560, h: 340 },
  help: { w: 420, h: 220 },
};

/// New windows cascade by 28 px so none hides another exactly.
const CASCADE = 28;

export function windowTitle(w: Pick<WindowSpec, 'kind' | 'symbol'>): string {
  if (w.kind === 'quotes') return 'Quote Monitor';
  if (w.kind === 'chart') return `Chart — ${w.symbol}`;
  return 'Help';
}

export const emptyWindows: WindowsState = { windows: [], topZ: 0, nextId: 1 };

export function windowsReducer(state: WindowsState, action: WindowAction): WindowsState {
  switch (action.type) {
    case 'open': {
      // One window per kind: opening again raises it (a chart re-targets).
      const existing = state.windows.find((w) => w.kind === action.kind);
      if (existing) {
        const z = state.topZ + 1;
        return {
          ...state,
          topZ: z,
          windows: state.windows.map((w) =>
            w === existing ? { ...w, z, symbol: action.symbol ?? w.symbol } : w,
          ),
        };
      }
      const size = SIZES[action.kind];
      const n = state.windows.length;
      const z = state.topZ + 1;
      const spec: WindowSpec = {
        id: `w${state.nextId}`,
        kind: action.kind,
        symbol: action.symbol,
        x: 16 + n * CASCADE,
        y: 16 + n * CASCADE,
        ...size,
        z,
      };
      return { windows: [...state.windows, spec], topZ: z, nextId: state.nextId + 1 };
    }
    case 'close':
      return { ...state, windows: state.windows.filter((w) => w.id !== action.id) };
    case 'close-all':
      return { ...state, windows: [] };
    case 'focus': {
      const target = state.windows.find((w) => w.id === action.id);
      if (!target || target.z === state.topZ) return state;
      const z = state.topZ + 1;
      return { ...state, topZ: z, windows: state.windows.map((w) => (w === target ? { ...w, z } : w)) };
    }
    case 'move':
      return {
        ...state,
        windows: state.windows.map((w) =>
          w.id === action.id ? { ...w, x: Math.max(0, action.x), y: Math.max(0, action.y) } : w,
        ),
      };
  }
}

/// The window on top, or undefined when none is open.
export function topWindow(state: WindowsState): WindowSpec | undefined {
  let top: WindowSpec | undefined;
  for (const w of state.windows) if (!top || w.z > top.z) top = w;
  return top;
}
