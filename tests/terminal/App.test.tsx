import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../web/terminal/src/App';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { parseLayout } from '../../web/terminal/src/shell/popout';
import { announcePoppedOut } from '../../web/terminal/src/shell/popoutChannel';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

// jsdom has no canvas: the start-up chart draws into the recording stand-in
// (tests that wait for a pop-out would otherwise let the real one load).
vi.mock('lightweight-charts', async () => (await import('./lightweightChartsMock')).lightweightChartsMock());

async function mount() {
  const { factory, feeds } = fakeFactory();
  const frames = manualFrames();
  render(
    <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
      <App />
    </PriceProvider>,
  );
  await act(settle);
  return { feed: feeds[0], frames };
}

const taskbar = () => [...screen.getByRole('navigation', { name: 'Open windows' }).querySelectorAll('button')].map((b) => b.textContent);
const command = (text: string) => {
  const input = screen.getByRole('textbox', { name: 'Command' });
  fireEvent.change(input, { target: { value: text } });
  fireEvent.submit(input.closest('form')!);
};

describe('App shell', () => {
  it('opens on the Quote Monitor and a BTC chart, with the indicator always shown', async () => {
    await mount();
    expect(taskbar()).toEqual(['Quote Monitor', 'Chart — BTC']);
    expect(screen.getByRole('button', { name: 'Price feed: Connecting' })).toBeTruthy();
  });

  it('runs commands from the command bar and reports bad ones', async () => {
    await mount();
    command('HELP');
    expect(taskbar()).toEqual(['Quote Monitor', 'Chart — BTC', 'Help']);
    command('chart eth');
    expect(taskbar()).toEqual(['Quote Monitor', 'Chart — ETH', 'Help']);
    command('NOPE');
    expect(screen.getByRole('alert').textContent).toBe('Unknown command: NOPE (try HELP)');
    command('CLOSE ALL');
    expect(taskbar()).toEqual([]);
    command('QM');
    expect(taskbar()).toEqual(['Quote Monitor']);
  });

  it('closes a window with its close button and charts a clicked row', async () => {
    const { feed, frames } = await mount();
    act(() => {
      feed.emitBatch([{ symbol: 'SOL', price: 180, seq: 1 }]);
      frames.run();
    });
    fireEvent.click(document.querySelector('tr[data-symbol="SOL"]')!);
    expect(taskbar()).toEqual(['Quote Monitor', 'Chart — SOL']);
    fireEvent.click(screen.getByRole('button', { name: 'Close Chart — SOL' }));
    expect(taskbar()).toEqual(['Quote Monitor']);
  });

  it('moves a window by dragging its title bar', async () => {
    await mount();
    const win = screen.getByRole('region', { name: 'Quote Monitor' });
    const title = win.querySelector('.win-title')!;
    fireEvent.pointerDown(title, { clientX: 20, clientY: 20, pointerId: 1 });
    fireEvent.pointerMove(title, { clientX: 120, clientY: 70, pointerId: 1 });
    fireEvent.pointerUp(title, { clientX: 120, clientY: 70, pointerId: 1 });
    expect(win.style.left).toBe('116px');
    expect(win.style.top).toBe('66px');
  });

  it('pops a window out into a browser window of its own, and closes it here once the pop-out is up', async () => {
    await mount();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    fireEvent.click(screen.getByRole('button', { name: 'Pop out Quote Monitor' }));
    expect(open).toHaveBeenCalledTimes(1);
    const [url, target, features] = open.mock.calls[0];
    expect(new URL(String(url)).origin).toBe(window.location.origin);
    const layout = parseLayout(new URL(String(url)).search);
    expect(layout).toMatchObject({ type: 'single', kind: 'quotes' });
    expect([target, features]).toEqual(['_blank', 'popup,width=680,height=440,noopener']);
    // Not before the pop-out says it is up (a blocked pop-up must take nothing away),
    // and not for another terminal's pop-out.
    expect(taskbar()).toEqual(['Quote Monitor', 'Chart — BTC']);
    announcePoppedOut('another-terminals-token');
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(taskbar()).toEqual(['Quote Monitor', 'Chart — BTC']);
    announcePoppedOut(layout.type === 'single' ? layout.token! : '');
    await vi.waitFor(() => expect(taskbar()).toEqual(['Chart — BTC']));
  });

  it('pops a chart out with its symbol; help has nothing to pop out', async () => {
    await mount();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    command('CHART SOL');
    command('HELP');
    fireEvent.click(screen.getByRole('button', { name: 'Pop out Chart — SOL' }));
    expect(parseLayout(new URL(String(open.mock.calls[0][0])).search)).toMatchObject({ kind: 'chart', symbol: 'SOL' });
    expect(open.mock.calls[0][2]).toBe('popup,width=560,height=340,noopener');
    expect(screen.queryByRole('button', { name: 'Pop out Help' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close Help' })).toBeTruthy();
  });

  it('closes the window at once where no pop-out could ever say it is up (no BroadcastChannel)', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    try {
      await mount();
      const open = vi.spyOn(window, 'open').mockReturnValue(null);
      fireEvent.click(screen.getByRole('button', { name: 'Pop out Quote Monitor' }));
      expect(open).toHaveBeenCalledTimes(1);
      expect(taskbar()).toEqual(['Chart — BTC']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
