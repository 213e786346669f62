import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../web/terminal/src/App';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

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
});
