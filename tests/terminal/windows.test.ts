import { describe, expect, it } from 'vitest';
import { emptyWindows, topWindow, windowTitle, windowsReducer as r } from '../../web/terminal/src/shell/windows';

describe('windowsReducer', () => {
  it('opens, cascades, raises and closes windows', () => {
    let s = r(emptyWindows, { type: 'open', kind: 'quotes' });
    s = r(s, { type: 'open', kind: 'help' });
    expect(s.windows.map((w) => [w.id, w.kind, w.x, w.y, w.z])).toEqual([
      ['w1', 'quotes', 16, 16, 1],
      ['w2', 'help', 44, 44, 2],
    ]);
    expect(topWindow(s)?.id).toBe('w2');
    s = r(s, { type: 'focus', id: 'w1' });
    expect(topWindow(s)?.id).toBe('w1');
    const same = r(s, { type: 'focus', id: 'w1' });
    expect(same).toBe(s);
    s = r(s, { type: 'close', id: 'w1' });
    expect(s.windows.map((w) => w.id)).toEqual(['w2']);
    expect(r(s, { type: 'close-all' }).windows).toEqual([]);
  });
  it('keeps one window per kind: opening a chart again re-targets and raises it', () => {
    let s = r(emptyWindows, { type: 'open', kind: 'chart', symbol: 'BTC' });
    s = r(s, { type: 'open', kind: 'quotes' });
    s = r(s, { type: 'open', kind: 'chart', symbol: 'ETH' });
    expect(s.windows).toHaveLength(2);
    expect(topWindow(s)).toMatchObject({ kind: 'chart', symbol: 'ETH' });
    expect(windowTitle(topWindow(s)!)).toBe('Chart — ETH');
  });
  it('moves a window but never above or left of the desktop', () => {
    let s = r(emptyWindows, { type: 'open', kind: 'quotes' });
    s = r(s, { type: 'move', id: 'w1', x: 300, y: -40 });
    expect(s.windows[0]).toMatchObject({ x: 300, y: 0 });
  });
});
