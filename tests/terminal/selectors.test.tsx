// Selectors must be right on the first render after their arguments change,
// with no new price to trigger a recompute (issue 11, item 1).
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { usePriceData, usePrices } from '../../web/terminal/src/price/PriceContext';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

function One({ symbol }: { symbol: string }) {
  const d = usePriceData(symbol);
  return <span data-testid="one">{`${symbol} ${d?.price ?? '-'}`}</span>;
}

function Many({ symbols }: { symbols: string[] }) {
  const list = usePrices(symbols);
  return <span data-testid="many">{list.map((d) => d?.price ?? '-').join(',')}</span>;
}

async function mountWith(ui: (symbol: string[]) => React.ReactElement, first: string[]) {
  const { factory, feeds } = fakeFactory();
  const frames = manualFrames();
  const wrap = (s: string[]) => (
    <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
      {ui(s)}
    </PriceProvider>
  );
  const r = render(wrap(first));
  await act(settle);
  act(() => {
    feeds[0].emitBatch([
      { symbol: 'BTC', price: 67000, seq: 1 },
      { symbol: 'ETH', price: 2648.89, seq: 1 },
      { symbol: 'SOL', price: 180.5, seq: 1 },
    ]);
    frames.run();
  });
  // The feed goes quiet: nothing else will change the snapshot from here on.
  return { rerender: (s: string[]) => r.rerender(wrap(s)), frames };
}

describe('selectors re-targeted over an unchanged snapshot', () => {
  it('usePriceData shows the new symbol at once, not the old one until the next tick', async () => {
    const { rerender, frames } = await mountWith((s) => <One symbol={s[0]} />, ['ETH']);
    expect(screen.getByTestId('one').textContent).toBe('ETH 2648.89');
    rerender(['SOL']);
    expect(frames.pending).toBe(0);
    expect(screen.getByTestId('one').textContent).toBe('SOL 180.5');
    rerender(['DOGE']);
    expect(screen.getByTestId('one').textContent).toBe('DOGE -');
    rerender(['ETH']);
    expect(screen.getByTestId('one').textContent).toBe('ETH 2648.89');
  });

  it('usePrices follows a changed list at once', async () => {
    const { rerender } = await mountWith((s) => <Many symbols={s} />, ['BTC', 'ETH']);
    expect(screen.getByTestId('many').textContent).toBe('67000,2648.89');
    rerender(['SOL']);
    expect(screen.getByTestId('many').textContent).toBe('180.5');
    rerender(['ETH', 'BTC', 'XRP']);
    expect(screen.getByTestId('many').textContent).toBe('2648.89,67000,-');
  });
});
