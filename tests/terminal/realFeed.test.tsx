// The real wasm package in jsdom (where `window` exists inside Node, as in
// Vitest, Jest or Electron) against the real reference backend on port 0:
// the terminal's own provider and components, no fake anywhere.
import { act, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { startServer } from '../../web/server/src/server.js';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { ConnectionIndicator } from '../../web/terminal/src/status/ConnectionIndicator';
import { QuoteMonitor } from '../../web/terminal/src/quotes/QuoteMonitor';

describe('the real @quantdesk/pricefeed in jsdom', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  // The server's JSDoc types its hub as a bare object.
  const clients = () => (server.hub as { stats(): { clients: number } }).stats().clients;

  beforeAll(async () => {
    // jsdom 29's WebSocket is undici's, which dispatches jsdom's Event on
    // Node's EventTarget and throws on open (a jsdom-in-Vitest quirk): use
    // `ws`, as a Node program would.
    vi.stubGlobal('WebSocket', WsWebSocket);
    // jsdom's page origin (http://localhost:3000) is the one the socket and
    // the polls carry.
    server = await startServer({ port: 0, host: '127.0.0.1', rate: 50, tickMs: 50, allowedOrigins: [location.origin] });
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await server?.close();
  });

  it('loads the wasm engine, goes Live over the WebSocket and shows moving prices', async () => {
    const view = render(
      <PriceProvider feedOptions={{ wsUrl: server.wsUrl, pollUrl: `${server.url}/api/oracle/prices` }}>
        <ConnectionIndicator />
        <QuoteMonitor />
      </PriceProvider>,
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Price feed: Live' })).toBeTruthy(), { timeout: 10_000 });
    await waitFor(() => expect(document.querySelectorAll('tr.quote-row').length).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    const seqOf = () => Number(document.querySelector('tr[data-symbol="BTC"]')?.getAttribute('data-seq'));
    const first = seqOf();
    await waitFor(() => expect(seqOf()).toBeGreaterThan(first), { timeout: 5000 });
    expect(document.querySelector('tr[data-symbol="BTC"] .src')!.textContent).toBe('WS');
    expect(clients()).toBe(1);
    view.unmount();
    // The provider disposes its feed a tick after unmount: the socket closes.
    await act(() => new Promise((r) => setTimeout(r, 20)));
    await waitFor(() => expect(clients()).toBe(0), { timeout: 3000 });
  }, 20_000);
});
