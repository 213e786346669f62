import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { ConnectionIndicator } from '../../web/terminal/src/status/ConnectionIndicator';
import type { ConnectionState } from '../../web/terminal/src/price/feedTypes';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

async function mount() {
  const { factory, feeds } = fakeFactory();
  const frames = manualFrames();
  render(
    <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
      <ConnectionIndicator />
    </PriceProvider>,
  );
  await act(settle);
  return { feed: feeds[0], frames };
}

// jsdom reports colours as rgb().
const CASES: Array<[ConnectionState, string, string]> = [
  ['connecting', 'Connecting', 'rgb(156, 163, 175)'],
  ['connected', 'Live', 'rgb(34, 197, 94)'],
  ['polling', 'Polling', 'rgb(245, 158, 11)'],
  ['disconnected', 'Disconnected', 'rgb(239, 68, 68)'],
  ['error', 'Disconnected', 'rgb(239, 68, 68)'],
];

describe('ConnectionIndicator', () => {
  it.each(CASES)('shows %s as "%s" in %s, with text and an accessible name', async (state, label, colour) => {
    const { feed, frames } = await mount();
    if (state !== 'connecting') {
      act(() => {
        feed.emitStatus({ state, reason: 'x' });
        frames.run();
      });
    }
    const status = screen.getByRole('status', { name: `Price feed: ${label}` });
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe(label);
    const dot = status.querySelector('.conn-dot') as HTMLElement;
    expect(dot.style.backgroundColor).toBe(colour);
    expect((status.querySelector('.conn-label') as HTMLElement).style.color).toBe(colour);
  });

  it('opens the details on hover and on keyboard focus, and closes on Escape', async () => {
    await mount();
    const badge = screen.getByRole('button', { name: /Price feed/ });
    expect(screen.queryByRole('group', { name: 'Price feed details' })).toBeNull();
    fireEvent.mouseEnter(badge.parentElement!);
    expect(screen.getByRole('group', { name: 'Price feed details' })).toBeTruthy();
    fireEvent.mouseLeave(badge.parentElement!);
    expect(screen.queryByRole('group', { name: 'Price feed details' })).toBeNull();
    act(() => badge.focus());
    expect(screen.getByRole('group', { name: 'Price feed details' })).toBeTruthy();
    expect(badge.getAttribute('aria-expanded')).toBe('true');
    // Tabbing on to "Retry now" keeps it open.
    act(() => screen.getByRole('button', { name: 'Retry now' }).focus());
    expect(screen.getByRole('group', { name: 'Price feed details' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Retry now' }), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Price feed details' })).toBeNull();
  });

  it('"Retry now" calls feed.retryNow()', async () => {
    const { feed } = await mount();
    fireEvent.mouseEnter(screen.getByRole('button', { name: /Price feed/ }).parentElement!);
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(feed.retryNowCalls).toBe(1);
  });
});

describe('ConnectionIndicator details countdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-26T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('ticks the next-retry countdown and the last-update age each second', async () => {
    const { feed, frames } = await mount();
    act(() => {
      feed.emitBatch([{ symbol: 'BTC', price: 1, seq: 1 }]);
      feed.emitStatus({ state: 'polling', reason: 'ws_unreachable', source: 'poll', attempt: 3, nextRetryInMs: 5000 });
      frames.run();
    });
    fireEvent.mouseEnter(screen.getByRole('button', { name: /Price feed/ }).parentElement!);
    const field = (name: string) => document.querySelector(`[data-field="${name}"]`)!.textContent;
    expect(field('source')).toBe('REST polling');
    expect(field('attempt')).toBe('3');
    expect(field('reason')).toBe('ws_unreachable');
    expect(field('retry')).toBe('in 5 s');
    expect(field('age')).toBe('0 s ago');
    act(() => vi.advanceTimersByTime(1000));
    expect(field('retry')).toBe('in 4 s');
    expect(field('age')).toBe('1 s ago');
    act(() => vi.advanceTimersByTime(3000));
    expect(field('retry')).toBe('in 1 s');
    act(() => vi.advanceTimersByTime(2000));
    expect(field('retry')).toBe('in 0 s');
    expect(field('age')).toBe('6 s ago');
    // The feed scheduled a new attempt: the popover picks it up on its tick.
    feed.info = { ...feed.info, attempt: 4, nextRetryInMs: 8000 };
    act(() => vi.advanceTimersByTime(1000));
    act(() => frames.run());
    expect(field('attempt')).toBe('4');
    expect(field('retry')).toBe('in 8 s');
  });

  it('shows no countdown while nothing is scheduled', async () => {
    const { feed, frames } = await mount();
    act(() => {
      feed.emitStatus({ state: 'connected', source: 'ws', attempt: 0, nextRetryInMs: -1 });
      frames.run();
    });
    fireEvent.mouseEnter(screen.getByRole('button', { name: /Price feed/ }).parentElement!);
    expect(document.querySelector('[data-field="retry"]')!.textContent).toBe('—');
    expect(document.querySelector('[data-field="source"]')!.textContent).toBe('WebSocket');
    expect(document.querySelector('[data-field="age"]')!.textContent).toBe('never');
  });
});
