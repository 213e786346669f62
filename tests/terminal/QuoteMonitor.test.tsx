import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuoteMonitor, visibleRange } from '../../web/terminal/src/quotes/QuoteMonitor';
import { renderWithFeed } from './renderWithFeed';

/// refreshMs 0: these tests look at each frame; the 10-a-second bound has its own test below.
const mount = (onSelectSymbol?: (s: string) => void) => renderWithFeed(<QuoteMonitor onSelectSymbol={onSelectSymbol} refreshMs={0} />);

const row = (symbol: string) => document.querySelector(`tr[data-symbol="${symbol}"]`) as HTMLTableRowElement;
const cells = (symbol: string) => [...row(symbol).children].map((c) => c.textContent);
const order = () => [...document.querySelectorAll('tbody tr.quote-row')].map((r) => r.getAttribute('data-symbol'));

describe('QuoteMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-26T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('applies batches: price, change since the session opened, confidence, age, source', async () => {
    const { push } = await mount();
    push([
      { symbol: 'BTC', price: 67000, confidence: 12.5, seq: 1, source: 'ws' },
      { symbol: 'ETH', price: 2650.3, confidence: 1.25, seq: 1, source: 'poll' },
    ]);
    expect(cells('BTC')).toEqual(['BTC', '67,000.00', '0.00', '0.00%', '±12.50', '0s', 'WS']);
    expect(cells('ETH')).toEqual(['ETH', '2,650.30', '0.00', '0.00%', '±1.25', '0s', 'REST']);
    act(() => vi.advanceTimersByTime(2000));
    push([{ symbol: 'BTC', price: 67670, confidence: 12, seq: 2 }]);
    expect(cells('BTC')).toEqual(['BTC', '67,670.00', '+670.00', '+1.00%', '±12.00', '0s', 'WS']);
    expect(cells('ETH')[5]).toBe('2s');
    expect(row('BTC').getAttribute('data-seq')).toBe('2');
  });

  it('flashes the price cell up or down, restarting the animation on a tick at most every 150 ms', async () => {
    const { push } = await mount();
    push([{ symbol: 'SOL', price: 100, seq: 1 }]);
    const price = () => row('SOL').querySelector('.price')!.className;
    expect(price()).toBe('num price');
    push([{ symbol: 'SOL', price: 101, seq: 2 }]);
    expect(price()).toBe('num price flash-up-1');
    act(() => vi.advanceTimersByTime(150));
    push([{ symbol: 'SOL', price: 102, seq: 3 }]);
    expect(price()).toBe('num price flash-up-0');
    act(() => vi.advanceTimersByTime(150));
    push([{ symbol: 'SOL', price: 90, seq: 4 }]);
    expect(price()).toBe('num price flash-down-1');
    expect(row('SOL').children[2].className).toBe('num down');
    // 40 ms later: the tint follows the move, the running flash is not restarted.
    act(() => vi.advanceTimersByTime(40));
    push([{ symbol: 'SOL', price: 95, seq: 5 }]);
    expect(price()).toBe('num price flash-up-1');
  });

  it('dims and marks a row stale after 30 s without an update, or when the feed flags it', async () => {
    const { push } = await mount();
    push([
      { symbol: 'BTC', price: 1, seq: 1 },
      { symbol: 'ETH', price: 2, seq: 1 },
    ]);
    expect(row('BTC').classList.contains('stale')).toBe(false);
    act(() => vi.advanceTimersByTime(29_000));
    push([{ symbol: 'ETH', price: 2.1, seq: 2 }]);
    expect(row('BTC').classList.contains('stale')).toBe(false);
    act(() => vi.advanceTimersByTime(1_000));
    expect(row('BTC').classList.contains('stale')).toBe(true);
    expect(within(row('BTC')).getByText('stale')).toBeTruthy();
    expect(row('ETH').classList.contains('stale')).toBe(false);
    push([{ symbol: 'ETH', price: 2.1, seq: 2, stale: true }]);
    expect(row('ETH').classList.contains('stale')).toBe(true);
    push([{ symbol: 'BTC', price: 1.5, seq: 2 }]);
    expect(row('BTC').classList.contains('stale')).toBe(false);
  });

  it('sorts by a column, flips on a second click, and filters by symbol', async () => {
    const { push } = await mount();
    push([
      { symbol: 'BTC', price: 100, seq: 1 },
      { symbol: 'ETH', price: 50, seq: 1 },
      { symbol: 'SOL', price: 10, seq: 1 },
      { symbol: 'BONK', price: 20, seq: 1 },
    ]);
    push([
      { symbol: 'BTC', price: 101, seq: 2 }, // +1%
      { symbol: 'ETH', price: 45, seq: 2 }, // -10%
      { symbol: 'SOL', price: 12, seq: 2 }, // +20%
    ]);
    expect(order()).toEqual(['BONK', 'BTC', 'ETH', 'SOL']);
    fireEvent.click(screen.getByRole('button', { name: 'Price' }));
    expect(order()).toEqual(['SOL', 'BONK', 'ETH', 'BTC']);
    expect(screen.getByRole('columnheader', { name: /Price/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /Price/ }));
    expect(order()).toEqual(['BTC', 'ETH', 'BONK', 'SOL']);
    fireEvent.click(screen.getByRole('button', { name: 'Chg %' }));
    expect(order()).toEqual(['SOL', 'BTC', 'BONK', 'ETH']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter symbols' }), { target: { value: 'b' } });
    expect(order()).toEqual(['BTC', 'BONK']);
    expect(screen.getByText('2 / 4')).toBeTruthy();
  });

  it('selects a symbol on row click or Enter', async () => {
    const onSelect = vi.fn();
    const { push } = await mount(onSelect);
    push([{ symbol: 'ETH', price: 1, seq: 1 }]);
    fireEvent.click(row('ETH'));
    expect(onSelect).toHaveBeenCalledWith('ETH');
    fireEvent.keyDown(row('ETH'), { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledTimes(2);
    fireEvent.keyDown(row('ETH'), { key: 'x' });
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it('leaves the DOM of rows whose symbol did not change untouched', async () => {
    const { push } = await mount();
    push([
      { symbol: 'BTC', price: 1, seq: 1 },
      { symbol: 'ETH', price: 2, seq: 1 },
    ]);
    const seen: MutationRecord[] = [];
    const obs = new MutationObserver((m) => seen.push(...m));
    obs.observe(row('ETH'), { subtree: true, childList: true, characterData: true, attributes: true });
    for (let i = 2; i < 50; i++) push([{ symbol: 'BTC', price: i, seq: i }]);
    await Promise.resolve();
    obs.disconnect();
    expect(seen).toHaveLength(0);
    expect(row('BTC').getAttribute('data-seq')).toBe('49');
  });

  it('renders only the rows near the viewport, with spacers for the rest', async () => {
    const heightSpy = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('qm-scroll') ? 100 : 0;
    });
    const { push } = await mount();
    const batch = Array.from({ length: 200 }, (_, i) => ({ symbol: `S${String(i).padStart(3, '0')}`, price: 1 + i, seq: 1 }));
    push(batch);
    // 100 px / 25 px = 4 rows in view, plus 8 of overscan below.
    expect(order()).toEqual(Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(3, '0')}`));
    const scroller = document.querySelector('.qm-scroll') as HTMLElement;
    Object.defineProperty(scroller, 'scrollTop', { value: 2500, configurable: true });
    fireEvent.scroll(scroller);
    expect(order()[0]).toBe('S092');
    expect(order()).toHaveLength(20);
    const spacers = [...document.querySelectorAll('tr.spacer')] as HTMLElement[];
    expect(spacers.map((r) => r.style.height)).toEqual(['2300px', '2200px']);
    expect(row('S092').getAttribute('aria-rowindex')).toBe('94');
    heightSpy.mockRestore();
  });
});

describe('visibleRange', () => {
  it('windows by 25 px rows with 8 rows of overscan, and renders all when unmeasured', () => {
    expect(visibleRange(200, 0, 0)).toEqual([0, 200]);
    expect(visibleRange(200, 0, 100)).toEqual([0, 12]);
    expect(visibleRange(200, 2500, 100)).toEqual([92, 112]);
    expect(visibleRange(200, 10_000, 100)).toEqual([188, 200]);
    expect(visibleRange(200, 4900, 100)).toEqual([188, 200]);
    expect(visibleRange(5, 0, 1000)).toEqual([0, 5]);
  });
});

describe('QuoteMonitor when signed out', () => {
  it('says the session is missing or expired, with "Sign in", instead of waiting for prices', async () => {
    const { status } = await mount();
    expect(screen.getByText('Waiting for prices…')).toBeTruthy();
    status({ state: 'error', reason: 'unauthorized' });
    expect(screen.queryByText('Waiting for prices…')).toBeNull();
    expect(screen.getByRole('region', { name: 'Signed out' }).textContent).toContain('Your session is missing or expired');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    status({ state: 'connected', reason: 'snapshot', source: 'ws' });
    expect(screen.queryByRole('region', { name: 'Signed out' })).toBeNull();
  });
});

describe('QuoteMonitor refresh bound', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    vi.setSystemTime(new Date('2026-11-26T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows prices at most 10 times a second: the first change at once, the rest together on the first frame after the 100 ms', async () => {
    const { push, frames } = await renderWithFeed(<QuoteMonitor />);
    const shown = () => row('BTC')?.querySelector('.price')?.textContent;
    push([{ symbol: 'BTC', price: 100, seq: 1 }]);
    expect(shown()).toBe('100.00');
    act(() => vi.advanceTimersByTime(10));
    push([{ symbol: 'BTC', price: 101, seq: 2 }]);
    act(() => vi.advanceTimersByTime(50));
    push([{ symbol: 'BTC', price: 102, seq: 3 }]);
    expect(shown()).toBe('100.00'); // 60 ms after the last shown: held back
    act(() => vi.advanceTimersByTime(39));
    expect(shown()).toBe('100.00');
    act(() => vi.advanceTimersByTime(1));
    expect(shown()).toBe('100.00'); // 100 ms: waits for the frame the page renders in
    act(() => frames.run());
    expect(shown()).toBe('102.00'); // the latest, the one between skipped
    act(() => vi.advanceTimersByTime(500));
    push([{ symbol: 'BTC', price: 103, seq: 4 }]);
    expect(shown()).toBe('103.00'); // after a quiet spell: at once again
  });

  it('keeps showing prices when the wall clock is set back', async () => {
    const { push } = await renderWithFeed(<QuoteMonitor />);
    const shown = () => row('BTC')?.querySelector('.price')?.textContent;
    push([{ symbol: 'BTC', price: 100, seq: 1 }]);
    act(() => vi.advanceTimersByTime(500));
    vi.setSystemTime(new Date('2026-11-26T11:00:00Z')); // an hour back (NTP, a time zone change)
    push([{ symbol: 'BTC', price: 101, seq: 2 }]);
    expect(shown()).toBe('101.00');
  });
});
