import { StrictMode, useRef } from 'react';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import {
  useConnectionStatus,
  usePrice,
  usePriceData,
  usePrices,
} from '../../web/terminal/src/price/PriceContext';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

async function waitForDispose() {
  // The provider disposes a tick after unmount (setTimeout 0).
  await act(async () => {
    await new Promise((r) => setTimeout(r, 5));
  });
}

describe('PriceProvider', () => {
  it('holds exactly one connection under StrictMode and disposes it on unmount', async () => {
    const { factory, feeds } = fakeFactory();
    const { unmount } = render(
      <StrictMode>
        <PriceProvider feedFactory={factory}>
          <p>child</p>
        </PriceProvider>
      </StrictMode>,
    );
    await act(settle);
    await waitForDispose();
    expect(feeds).toHaveLength(1);
    expect(feeds[0].connectCalls).toBe(1);
    expect(feeds[0].disposeCalls).toBe(0);
    expect(feeds[0].listenerCount).toBe(2);
    unmount();
    await waitForDispose();
    expect(feeds[0].disposeCalls).toBe(1);
    expect(feeds[0].listenerCount).toBe(0);
  });

  it('gives the feed the page-origin URLs of contract §2', async () => {
    const { factory, feeds } = fakeFactory();
    render(<PriceProvider feedFactory={factory} />);
    await act(settle);
    // jsdom's page is http://localhost:3000/.
    expect(feeds[0].options.wsUrl).toBe(`ws://${location.host}/ws`);
    expect(feeds[0].options.pollUrl).toBe(`http://${location.host}/api/oracle/prices`);
  });

  it('provides the context value the existing front end expects', async () => {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    let seen: ReturnType<typeof usePrice> | null = null;
    function Probe() {
      seen = usePrice();
      return null;
    }
    render(
      <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
        <Probe />
      </PriceProvider>,
    );
    await act(settle);
    expect(seen!.connectionStatus).toBe('connecting');
    expect(seen!.isConnected).toBe(false);
    expect(seen!.lastUpdate).toBeNull();
    act(() => {
      feeds[0].emitStatus({ state: 'connected', source: 'ws' });
      feeds[0].emitBatch([{ symbol: 'BTC', price: 67000, seq: 5 }]);
      frames.run();
    });
    expect(seen!.connectionStatus).toBe('connected');
    expect(seen!.isConnected).toBe(true);
    expect(typeof seen!.lastUpdate).toBe('number');
    expect(seen!.prices.get('BTC')?.price).toBe(67000);
    expect(seen!.getPrice('BTC')?.seq).toBe(5);
    expect(seen!.getPrice('ETH')).toBeUndefined();
  });

  it('re-renders a usePriceData consumer only when its symbol changes', async () => {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    const renders = { btc: 0 };
    function Btc() {
      const d = usePriceData('BTC');
      renders.btc++;
      return <span data-testid="btc">{d?.price ?? '-'}</span>;
    }
    render(
      <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
        <Btc />
      </PriceProvider>,
    );
    await act(settle);
    act(() => {
      feeds[0].emitBatch([{ symbol: 'BTC', price: 1, seq: 1 }]);
      frames.run();
    });
    const after = renders.btc;
    expect(screen.getByTestId('btc').textContent).toBe('1');
    act(() => {
      for (let i = 0; i < 50; i++) feeds[0].emitBatch([{ symbol: 'ETH', price: 2 + i, seq: 1 + i }]);
      frames.run();
    });
    expect(renders.btc).toBe(after);
  });

  it('usePrices returns the same array until one of its symbols changes', async () => {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    const results: unknown[] = [];
    function Pair() {
      const list = usePrices(['BTC', 'SOL']);
      const last = useRef(list);
      last.current = list;
      results.push(list);
      return <span data-testid="pair">{list.map((d) => d?.price ?? '-').join(',')}</span>;
    }
    render(
      <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
        <Pair />
      </PriceProvider>,
    );
    await act(settle);
    act(() => {
      feeds[0].emitBatch([{ symbol: 'BTC', price: 1, seq: 1 }]);
      frames.run();
    });
    expect(screen.getByTestId('pair').textContent).toBe('1,-');
    const n = results.length;
    act(() => {
      feeds[0].emitBatch([{ symbol: 'ETH', price: 9, seq: 1 }]);
      frames.run();
    });
    expect(results.length).toBe(n);
    act(() => {
      feeds[0].emitBatch([{ symbol: 'SOL', price: 3, seq: 1 }]);
      frames.run();
    });
    expect(screen.getByTestId('pair').textContent).toBe('1,3');
  });

  it('throws a clear error when a hook is used outside the provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Lost() {
      useConnectionStatus();
      return null;
    }
    function LostPrice() {
      usePrice();
      return null;
    }
    expect(() => render(<Lost />)).toThrow('inside <PriceProvider>');
    expect(() => render(<LostPrice />)).toThrow('usePrice() must be used inside <PriceProvider>');
    spy.mockRestore();
  });

  it('applies a changed symbols list to the live feed, and drops the prices it no longer wants', async () => {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    const seen: string[][] = [];
    function Probe() {
      seen.push([...usePrice().prices.keys()].sort());
      return null;
    }
    const ui = (symbols: string[]) => (
      <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame} symbols={symbols}>
        <Probe />
      </PriceProvider>
    );
    const r = render(ui(['BTC']));
    await act(settle);
    expect(feeds[0].options.symbols).toEqual(['BTC']);
    r.rerender(ui(['BTC', 'ETH']));
    expect(feeds[0].subscribed).toEqual([['BTC'], ['ETH']]);
    act(() => {
      feeds[0].emitBatch([{ symbol: 'BTC', price: 1, seq: 1 }, { symbol: 'ETH', price: 2, seq: 1 }]);
      frames.run();
    });
    expect(seen.at(-1)).toEqual(['BTC', 'ETH']);
    r.rerender(ui(['ETH']));
    expect(feeds[0].unsubscribed).toEqual([['BTC']]);
    act(() => frames.run());
    expect(seen.at(-1)).toEqual(['ETH']);
    // The same list again (a new array): nothing is sent, nothing recreated.
    r.rerender(ui(['ETH']));
    expect(feeds[0].subscribed).toHaveLength(2);
    expect(feeds).toHaveLength(1);
  });

  it('recreates the feed when feedOptions change by value, not when only their identity does', async () => {
    const { factory, feeds } = fakeFactory();
    const ui = (wsUrl: string) => (
      <PriceProvider feedFactory={factory} feedOptions={{ wsUrl, backoff: { initialMs: 500 } }}>
        <p>child</p>
      </PriceProvider>
    );
    const r = render(ui('ws://a.example/ws'));
    await act(settle);
    r.rerender(ui('ws://a.example/ws'));
    await act(settle);
    expect(feeds).toHaveLength(1);
    r.rerender(ui('ws://b.example/ws'));
    await act(settle);
    expect(feeds).toHaveLength(2);
    expect(feeds[0].disposeCalls).toBe(1);
    expect(feeds[0].listenerCount).toBe(0);
    expect(feeds[1].options.wsUrl).toBe('ws://b.example/ws');
    expect(feeds[1].options.backoff).toEqual({ initialMs: 500 });
    expect(feeds[1].connectCalls).toBe(1);
  });

  it('recreates the feed when switching between all symbols and a named list', async () => {
    const { factory, feeds } = fakeFactory();
    const ui = (symbols?: string[]) => (
      <PriceProvider feedFactory={factory} symbols={symbols}>
        <p>child</p>
      </PriceProvider>
    );
    const r = render(ui(undefined));
    await act(settle);
    expect(feeds[0].options.symbols).toBeUndefined();
    r.rerender(ui(['SOL']));
    await act(settle);
    expect(feeds).toHaveLength(2);
    expect(feeds[0].disposeCalls).toBe(1);
    expect(feeds[1].options.symbols).toEqual(['SOL']);
  });
});
