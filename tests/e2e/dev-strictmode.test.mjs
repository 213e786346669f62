// The dev build (Vite dev server, React StrictMode's double mount active)
// against the real backend: the page must hold exactly one WebSocket.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createServer } from 'vite';
import { startServer } from '../../web/server/src/server.js';
import { launchChromium } from '../lib/chromium.mjs';
import { waitFor } from '../lib/wait-for.mjs';
import { ROOT, readIndicator } from './stack.mjs';

describe('dev server under StrictMode', { timeout: 90_000 }, () => {
  let backend;
  let vite;
  let browser;

  before(async () => {
    backend = await startServer({ port: 0, rate: 50, tickMs: 100 });
    const target = backend.url;
    const root = path.join(ROOT, 'web/terminal');
    vite = await createServer({
      root,
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'silent',
      server: {
        port: 0,
        strictPort: false,
        host: '127.0.0.1',
        proxy: { '/ws': { target, ws: true }, '/api': { target } },
      },
    });
    await vite.listen();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await vite?.close();
    await backend?.close();
  });

  it('connects Live through the dev proxy with exactly one WebSocket', async () => {
    const page = await browser.newPage();
    const url = vite.resolvedUrls.local[0];
    await page.goto(url);
    await waitFor(async () => (await readIndicator(page))?.state === 'connected', {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'Live in the dev build',
    });
    await waitFor(async () => (await page.locator('tr.quote-row').count()) >= 3, { timeoutMs: 5000, what: 'rows' });
    // One open now, and only one ever accepted: no duplicate opened and closed.
    assert.equal(backend.hub.stats().clients, 1);
    assert.equal(backend.hub.stats().connections, 1);
  });
});
