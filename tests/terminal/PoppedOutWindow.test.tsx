import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Layout } from '../../web/terminal/src/shell/popout';
import { listenForPopOuts } from '../../web/terminal/src/shell/popoutChannel';
import { PoppedOutWindow } from '../../web/terminal/src/shell/PoppedOutWindow';
import { charts } from './lightweightChartsMock';
import { renderWithFeed } from './renderWithFeed';

vi.mock('lightweight-charts', async () => (await import('./lightweightChartsMock')).lightweightChartsMock());

type Single = Extract<Layout, { type: 'single' }>;

const mount = (layout: Single) => renderWithFeed(<PoppedOutWindow layout={layout} />);

describe('PoppedOutWindow', () => {
  afterEach(() => {
    charts.length = 0;
  });

  it('shows one Quote Monitor full size with the connection indicator, and no desktop around it', async () => {
    const { push, status } = await mount({ type: 'single', kind: 'quotes', token: null });
    const main = screen.getByRole('main', { name: 'Quote Monitor' });
    expect(main.querySelector('.qm')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Price feed: Connecting' })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Command' })).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Open windows' })).toBeNull();
    expect(document.querySelector('.win')).toBeNull();
    expect(document.title).toBe('Quote Monitor · QuantDesk Pro');
    push([{ symbol: 'SOL', price: 180, seq: 1 }]);
    expect(main.querySelector('tr[data-symbol="SOL"]')).toBeTruthy();
    status({ state: 'connected', reason: 'snapshot', source: 'ws' });
    expect(screen.getByRole('button', { name: 'Price feed: Live' })).toBeTruthy();
  });

  it('shows one chart of its symbol', async () => {
    await mount({ type: 'single', kind: 'chart', symbol: 'ETH', token: null });
    expect(screen.getByRole('main', { name: 'Chart — ETH' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'ETH price chart' })).toBeTruthy();
    expect(document.title).toBe('Chart — ETH · QuantDesk Pro');
  });

  it('says it is up, with the token its opener waits for', async () => {
    const heard: string[] = [];
    const stop = listenForPopOuts((t) => heard.push(t));
    try {
      await mount({ type: 'single', kind: 'quotes', token: 'tok-7' });
      await vi.waitFor(() => expect(heard).toContain('tok-7'));
    } finally {
      stop?.();
    }
  });
});
