import { describe, expect, it } from 'vitest';
import { canPopOut, parseLayout, popOutFeatures, popOutUrl } from '../../web/terminal/src/shell/popout';

describe('parseLayout', () => {
  it('shows the desktop without a window parameter, or with one that cannot be popped out', () => {
    expect(parseLayout('')).toEqual({ type: 'desktop' });
    expect(parseLayout('?e2e')).toEqual({ type: 'desktop' });
    expect(parseLayout('?window=help')).toEqual({ type: 'desktop' });
    expect(parseLayout('?window=nope&symbol=SOL')).toEqual({ type: 'desktop' });
  });

  it('shows one Quote Monitor, with the token its opener waits for', () => {
    expect(parseLayout('?window=quotes')).toEqual({ type: 'single', kind: 'quotes', token: null });
    expect(parseLayout('?e2e&window=quotes&popout=k3x9')).toEqual({ type: 'single', kind: 'quotes', token: 'k3x9' });
  });

  it('shows one chart of the named symbol, upper-cased; a missing or bad symbol charts BTC', () => {
    expect(parseLayout('?window=chart&symbol=sol')).toEqual({ type: 'single', kind: 'chart', symbol: 'SOL', token: null });
    expect(parseLayout('?window=chart&symbol=ETH%2FUSD')).toMatchObject({ symbol: 'ETH/USD' });
    expect(parseLayout('?window=chart')).toMatchObject({ kind: 'chart', symbol: 'BTC' });
    expect(parseLayout('?window=chart&symbol=%3Cscript%3E')).toMatchObject({ kind: 'chart', symbol: 'BTC' });
  });
});

describe('popOutUrl', () => {
  it('keeps the origin, path and other parameters, drops the hash, and names the window', () => {
    const url = new URL(popOutUrl({ kind: 'chart', symbol: 'SOL' }, 't1', 'https://desk.example/pro/?e2e#x'));
    expect(url.origin + url.pathname).toBe('https://desk.example/pro/');
    expect(url.hash).toBe('');
    expect([...url.searchParams]).toEqual([['e2e', ''], ['window', 'chart'], ['symbol', 'SOL'], ['popout', 't1']]);
  });

  it('reads back as the window it was made for', () => {
    const here = 'http://127.0.0.1:3002/?window=chart&symbol=BTC';
    expect(parseLayout(new URL(popOutUrl({ kind: 'quotes' }, 'a', here)).search)).toEqual({ type: 'single', kind: 'quotes', token: 'a' });
    expect(parseLayout(new URL(popOutUrl({ kind: 'chart', symbol: 'ETH' }, 'b', here)).search)).toEqual({
      type: 'single', kind: 'chart', symbol: 'ETH', token: 'b',
    });
  });
});

describe('pop-out windows', () => {
  it('exist for the Quote Monitor and the chart, not for help', () => {
    expect(canPopOut('quotes')).toBe(true);
    expect(canPopOut('chart')).toBe(true);
    expect(canPopOut('help')).toBe(false);
  });

  it('open as a popup of the window\'s own size, in a browsing context of their own', () => {
    expect(popOutFeatures({ w: 680, h: 440 })).toBe('popup,width=680,height=440,noopener');
  });
});
