// The Content-Security-Policy web/pricefeed/README.md tells other apps to
// use is enough: the built terminal reaches Live under it with no violation;
// and it is really in force: without 'wasm-unsafe-eval' the engine is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait-for.mjs';
import { startStack, stateIs } from './stack.mjs';

/// As in web/pricefeed/README.md: 'wasm-unsafe-eval' to compile the engine,
/// connect-src for the .wasm fetch, the WebSocket and the polls (all on the
/// page's origin here). No 'unsafe-eval': the glue is built with
/// -sDYNAMIC_EXECUTION=0.
const POLICY = (script) => `default-src 'self'; script-src ${script}; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:`;

describe('under a strict Content-Security-Policy', { timeout: 60_000 }, () => {
  let stack;
  before(async () => {
    // A document answered by page.route() loses its address space, and
    // Chromium's local-network checks would then block the loopback socket:
    // that check is not what this test is about.
    stack = await startStack({ chaos: false }, { extraArgs: ['--disable-features=LocalNetworkAccessChecks'] });
  });
  after(async () => {
    await stack?.close();
  });

  async function openWith(policy) {
    const page = await stack.context.newPage();
    await page.route(
      (url) => url.pathname === '/',
      async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': policy } });
      },
    );
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective));
    });
    await page.goto(`${stack.server.url}/?e2e`);
    return page;
  }

  it('loads the wasm engine, draws the chart and goes Live with no violation', async () => {
    const page = await openWith(POLICY("'self' 'wasm-unsafe-eval'"));
    await waitFor(stateIs(page, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Live under the CSP' });
    await waitFor(() => page.locator('.chart-host canvas').count(), { timeoutMs: 5000, what: 'the chart' });
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await page.close();
  });

  it('is in force: without \'wasm-unsafe-eval\' the engine cannot compile', async () => {
    const page = await openWith(POLICY("'self'"));
    await waitFor(stateIs(page, 'disconnected'), { timeoutMs: 10_000, intervalMs: 50, what: 'the load to fail' });
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.ok(violations.includes('script-src'), `violations: ${violations.join(', ')}`);
    await page.close();
  });
});
