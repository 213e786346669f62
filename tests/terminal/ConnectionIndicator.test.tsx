import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionIndicator } from '../../web/terminal/src/status/ConnectionIndicator';
import type { ConnectionState } from '../../web/terminal/src/price/feedTypes';
import { settle } from './fakeFeed';
import { renderWithFeed } from './renderWithFeed';

const mount = () => renderWithFeed(<ConnectionIndicator />);

const badge = () => screen.getByRole('button', { name: /^Price feed: / });
const details = () => screen.queryByRole('group', { name: 'Price feed details' });
const liveRegion = () => screen.getByRole('status');

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
    const { status } = await mount();
    if (state !== 'connecting') status({ state, reason: 'x' });
    const b = screen.getByRole('button', { name: `Price feed: ${label}` });
    expect(b.querySelector('.conn-label')!.textContent).toBe(label);
    const dot = b.querySelector('.conn-dot') as HTMLElement;
    expect(dot.style.backgroundColor).toBe(colour);
    expect((b.querySelector('.conn-label') as HTMLElement).style.color).toBe(colour);
  });

  it('is a disclosure: the button toggles the details, Escape closes them and returns focus', async () => {
    await mount();
    expect(details()).toBeNull();
    expect(badge().getAttribute('aria-expanded')).toBe('false');
    act(() => badge().focus());
    expect(details()).toBeNull(); // focus alone opens nothing: Tab passes through the bar
    fireEvent.click(badge()); // what Enter and Space do on a button
    expect(details()).toBeTruthy();
    expect(badge().getAttribute('aria-expanded')).toBe('true');
    expect(badge().getAttribute('aria-controls')).toBe(details()!.id);
    fireEvent.click(badge());
    expect(details()).toBeNull();
    fireEvent.click(badge());
    const retry = screen.getByRole('button', { name: 'Retry now' });
    act(() => retry.focus());
    fireEvent.keyDown(retry, { key: 'Escape' });
    expect(details()).toBeNull();
    expect(document.activeElement).toBe(badge());
    // ...and the keyboard opens them again from there.
    fireEvent.click(badge());
    expect(details()).toBeTruthy();
  });

  it('peeks on hover without pinning', async () => {
    await mount();
    fireEvent.mouseEnter(badge().parentElement!);
    expect(details()).toBeTruthy();
    fireEvent.mouseLeave(badge().parentElement!);
    expect(details()).toBeNull();
  });

  it('keeps the live region beside the button and announces each state change once, saying what happened', async () => {
    const { feed, status, frames } = await mount();
    expect(badge().contains(liveRegion())).toBe(false);
    expect(liveRegion().textContent).toBe('');
    status({ state: 'connected', reason: 'snapshot', source: 'ws' });
    expect(liveRegion().textContent).toBe('Price feed: Live.');
    status({ state: 'polling', reason: 'ws_unreachable', source: 'poll', attempt: 4, nextRetryInMs: 8000 });
    expect(liveRegion().textContent).toBe('Price feed: Polling. WebSocket unreachable, retrying in 8 s.');
    // A new attempt with the same state changes the details, not the announcement.
    feed.info = { ...feed.info, attempt: 5, nextRetryInMs: 15_000 };
    fireEvent.click(badge());
    expect(liveRegion().textContent).toBe('Price feed: Polling. WebSocket unreachable, retrying in 8 s.');
    status({ state: 'disconnected', reason: 'poll_failed', attempt: 5, nextRetryInMs: 1500 });
    expect(liveRegion().textContent).toBe('Price feed: Disconnected. Polling failed too, retrying in 2 s.');
    // Inside an outage the latest failure alternates (the WebSocket's, the
    // polls'): the details follow it, the announcement does not speak again.
    feed.info = { ...feed.info, state: 'disconnected', reason: 'ws_unreachable', attempt: 6, nextRetryInMs: 4000 };
    fireEvent.click(badge()); // closes the details opened above
    fireEvent.click(badge()); // opens them again: a fresh read of the info
    act(() => frames.run());
    expect(details()?.textContent).toContain('WebSocket unreachable');
    expect(liveRegion().textContent).toBe('Price feed: Disconnected. Polling failed too, retrying in 2 s.');
  });

  it('"Retry now" calls feed.retryNow()', async () => {
    const { feed } = await mount();
    fireEvent.click(badge());
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(feed.retryNowCalls).toBe(1);
  });
});

describe('ConnectionIndicator when signed out', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('stays red "Disconnected" but says the session is missing, and signs in through the dev login', async () => {
    const fetchMock = vi.fn(async () => new Response('{"ok":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const { feed, status } = await mount();
    status({ state: 'error', reason: 'unauthorized', source: 'none' });
    expect(badge().getAttribute('data-state') ?? badge().closest('.conn')!.getAttribute('data-state')).toBe('error');
    expect(screen.getByRole('button', { name: 'Price feed: Disconnected' })).toBeTruthy();
    expect(liveRegion().textContent).toBe('Price feed: Disconnected. Signed out: your session is missing or expired.');
    fireEvent.click(badge());
    expect(details()!.textContent).toContain('Your session is missing or expired.');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      await settle();
    });
    expect(fetchMock).toHaveBeenCalledWith('/auth/dev-login', expect.objectContaining({ method: 'POST' }));
    expect(feed.credentialsChangedCalls).toBe(1);
  });

  it('opens a configured sign-in page and retries when the page regains focus', async () => {
    vi.stubEnv('VITE_SIGN_IN_URL', 'https://login.example.com/?app=terminal');
    const open = vi.fn();
    vi.stubGlobal('open', open);
    const { feed, status } = await mount();
    status({ state: 'error', reason: 'unauthorized', source: 'none' });
    fireEvent.click(badge());
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(open).toHaveBeenCalledWith('https://login.example.com/?app=terminal', '_blank', 'noopener');
    expect(feed.credentialsChangedCalls).toBe(0);
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(feed.credentialsChangedCalls).toBe(1);
    // Signed in again: focus no longer touches the feed.
    status({ state: 'connected', reason: 'snapshot', source: 'ws' });
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(feed.credentialsChangedCalls).toBe(1);
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
    fireEvent.click(badge());
    const field = (name: string) => document.querySelector(`[data-field="${name}"]`)!.textContent;
    expect(field('source')).toBe('REST polling');
    expect(field('attempt')).toBe('3');
    expect(field('reason')).toBe('WebSocket unreachable (ws_unreachable)');
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
    const { status } = await mount();
    status({ state: 'connected', source: 'ws', attempt: 0, nextRetryInMs: -1 });
    fireEvent.click(badge());
    expect(document.querySelector('[data-field="retry"]')!.textContent).toBe('—');
    expect(document.querySelector('[data-field="source"]')!.textContent).toBe('WebSocket');
    expect(document.querySelector('[data-field="age"]')!.textContent).toBe('never');
  });
});
