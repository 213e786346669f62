// A package that fails to load (flaky Wi-Fi, a deploy that removed the old
// hashed .wasm) recovers without a reload: the .wasm answers 404 at first,
// then the real file, and the page reaches Live by itself, or at once with
// "Retry now". The backend's chaos control answers the 404 (page.route would
// not see the SharedWorker's own requests), so the default mode is tested:
// the worker cannot load the engine, the page tries it itself, fails too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait-for.mjs';
import { readIndicator, startStack, stateIs } from './stack.mjs';

describe('recovery from a failed package load', { timeout: 120_000 }, () => {
  let stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });

  /// A fresh page whose .wasm requests get 404 until `gate.fix()`.
  async function pageWithBrokenWasm() {
    stack.server.chaos.missingAssets('.wasm');
    const gate = { fix: () => stack.server.chaos.restore() };
    // A context of its own: a SharedWorker an earlier page left running
    // (its engine loaded) must not serve this page.
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.server.url}/?e2e`);
    const { state } = await waitFor(stateIs(page, 'disconnected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Disconnected' });
    assert.equal(state, 'disconnected');
    await page.click('.conn-badge');
    assert.equal(await page.textContent('[data-field="reason"]'), 'The price engine failed to load (feed_load_failed)');
    return { page, gate };
  }

  it('reaches Live on its own once the real .wasm is served, without a reload', async () => {
    const { page, gate } = await pageWithBrokenWasm();
    const navigations = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    gate.fix();
    const ind = await waitFor(stateIs(page, 'connected'), { timeoutMs: 20_000, intervalMs: 50, what: 'Live after the .wasm came back' });
    assert.equal(ind.label, 'Live');
    assert.deepEqual(navigations, [], 'the page was never reloaded');
    await waitFor(() => page.locator('tr.quote-row').count(), { timeoutMs: 5000, what: 'prices' });
    await page.context().close();
  });

  it('"Retry now" loads it again at once, before the scheduled reload', async () => {
    const { page, gate } = await pageWithBrokenWasm();
    // Let the backoff grow (1, 2, then 4 s): the next scheduled reload is seconds away.
    await waitFor(async () => /^in [3-9] s$/.test(await page.textContent('[data-field="retry"]')), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'a reload 3 s or more away',
    });
    const due = Date.now() + 1000 * Number((await page.textContent('[data-field="retry"]')).match(/\d+/)[0]);
    gate.fix();
    const clicked = Date.now();
    await page.click('text=Retry now');
    await waitFor(stateIs(page, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Live after Retry now' });
    const live = Date.now();
    assert.ok(live - clicked < due - clicked - 1000, `Live ${live - clicked} ms after the click, the reload was due in ${due - clicked} ms`);
    assert.equal((await readIndicator(page)).name, 'Price feed: Live');
    await page.context().close();
  });
});
