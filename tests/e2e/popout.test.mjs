// Pop-out windows in Chromium against the real backend: the title-bar button
// (clicked, or from the keyboard) opens the window alone in a browser window
// of its own, full size, with the connection indicator and Live prices; the
// terminal closes its own copy once the pop-out is up; axe-core finds nothing
// serious in the pop-out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait-for.mjs';
import { screenshot, seriousA11yViolations, startStack, stateIs } from './stack.mjs';

describe('pop-out windows in Chromium', { timeout: 90_000 }, () => {
  let stack;
  let page;

  before(async () => {
    stack = await startStack();
    page = stack.page;
    await page.goto(`${stack.server.url}/?e2e`);
    await waitFor(stateIs(page, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Live' });
  });
  after(async () => {
    await stack?.close();
  });

  const windowsOnDesktop = () => page.$$eval('.desktop section.win', (s) => s.map((w) => w.getAttribute('aria-label')));
  const rowsIn = (p) => p.locator('tr.quote-row').count();

  it('pops the Quote Monitor out: a new window shows it alone, full size, Live, and the terminal lets it go', async () => {
    assert.deepEqual(await windowsOnDesktop(), ['Quote Monitor', 'Chart — BTC']);
    const [popped] = await Promise.all([
      stack.context.waitForEvent('page', { timeout: 10_000 }),
      page.click('button[aria-label="Pop out Quote Monitor"]'),
    ]);
    await popped.waitForLoadState('domcontentloaded');
    const url = new URL(popped.url());
    assert.equal(url.origin, stack.server.url);
    assert.equal(url.searchParams.get('window'), 'quotes');
    await waitFor(stateIs(popped, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'the pop-out Live' });
    await waitFor(async () => (await rowsIn(popped)) >= 3, { timeoutMs: 5000, what: 'rows in the pop-out' });
    // Alone and full size: no desktop, no command line, the table as tall as the window allows.
    assert.equal(await popped.locator('.desktop, .taskbar, .cmd-input').count(), 0);
    const { body, viewport } = await popped.evaluate(() => ({
      body: document.querySelector('main.popout-body').getBoundingClientRect().toJSON(),
      viewport: { w: window.innerWidth, h: window.innerHeight },
    }));
    assert.equal(body.width, viewport.w);
    assert.ok(body.bottom === viewport.h && body.height > viewport.h * 0.8, `body ${JSON.stringify(body)} in ${JSON.stringify(viewport)}`);
    assert.equal(await popped.title(), 'Quote Monitor · QuantDesk Pro');
    // The terminal closed its own copy once the pop-out said it was up.
    await waitFor(async () => (await windowsOnDesktop()).length === 1, { timeoutMs: 5000, what: 'the Quote Monitor gone from the desktop' });
    assert.deepEqual(await windowsOnDesktop(), ['Chart — BTC']);
    assert.deepEqual(await seriousA11yViolations(popped), [], 'axe-core in the pop-out');
    await screenshot(popped, 'popout-quotes');
    await popped.close();
  });

  it('pops the chart out from the keyboard, with its symbol, drawn', async () => {
    await page.focus('button[aria-label="Pop out Chart — BTC"]');
    const [popped] = await Promise.all([stack.context.waitForEvent('page', { timeout: 10_000 }), page.keyboard.press('Enter')]);
    await popped.waitForLoadState('domcontentloaded');
    const url = new URL(popped.url());
    assert.deepEqual([url.searchParams.get('window'), url.searchParams.get('symbol')], ['chart', 'BTC']);
    await waitFor(stateIs(popped, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'the chart pop-out Live' });
    await waitFor(() => popped.locator('.chart-host canvas').count(), { timeoutMs: 5000, what: 'chart canvases' });
    assert.equal(await popped.textContent('.chart-head strong'), 'BTC');
    await waitFor(async () => (await windowsOnDesktop()).length === 0, { timeoutMs: 5000, what: 'the chart gone from the desktop' });
    await popped.close();
  });
});
