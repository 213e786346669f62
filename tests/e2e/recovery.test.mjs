// A package that fails to load (flaky Wi-Fi, a deploy that removed the old
// hashed .wasm) recovers without a reload: the .wasm answers 404 at first,
// then the real file, and the page reaches Live by itself, or at once with
// "Retry now".
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

  /// A fresh page whose .wasm requests get 404 while `broken()` is true.
  async function pageWithBrokenWasm() {
    const page = await stack.context.newPage();
    const gate = { broken: true, requests: [] };
    await page.route('**/*.wasm', (route) => {
      gate.requests.push({ at: Date.now(), broken: gate.broken });
      return gate.broken ? route.fulfill({ status: 404, body: 'gone' }) : route.continue();
    });
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
    gate.broken = false;
    const ind = await waitFor(stateIs(page, 'connected'), { timeoutMs: 20_000, intervalMs: 50, what: 'Live after the .wasm came back' });
    assert.equal(ind.label, 'Live');
    assert.deepEqual(navigations, [], 'the page was never reloaded');
    assert.ok(gate.requests.some((r) => !r.broken), 'the real .wasm was fetched');
    await waitFor(() => page.locator('tr.quote-row').count(), { timeoutMs: 5000, what: 'prices' });
    await page.close();
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
    gate.broken = false;
    const clicked = Date.now();
    await page.click('text=Retry now');
    await waitFor(stateIs(page, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Live after Retry now' });
    const fetched = gate.requests.find((r) => !r.broken);
    assert.ok(fetched.at - clicked < due - clicked - 1000, `the .wasm came ${fetched.at - clicked} ms after the click, the reload was due in ${due - clicked} ms`);
    assert.equal((await readIndicator(page)).name, 'Price feed: Live');
    await page.close();
  });
});
