// The Pro Terminal in Chromium against the real backend with --chaos: Live,
// failover to Polling, Disconnected, back to Live without a price moving
// backwards, a silent socket detected, the indicator from the keyboard, the
// chart, axe-core in every state, and a console holding only allowed lines.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait-for.mjs';
import {
  ALLOWED_CONSOLE, AMBER, GREEN, RED, displayedCount, readIndicator, screenshot, seriousA11yViolations, startStack, stateIs,
} from './stack.mjs';

describe('terminal in Chromium', { timeout: 240_000 }, () => {
  let stack;
  let page;
  let chaos;

  before(async () => {
    stack = await startStack();
    page = stack.page;
    chaos = stack.server.chaos;
    await page.goto(`${stack.server.url}/?e2e`);
  });
  after(async () => {
    await stack?.close();
  });

  const timed = async (fn, opts) => {
    const t0 = Date.now();
    const value = await waitFor(fn, opts);
    return { value, ms: Date.now() - t0 };
  };
  const moving = async (source, atLeast) => {
    const base = await displayedCount(page, source);
    return waitFor(async () => (await displayedCount(page, source)) >= base + atLeast, {
      timeoutMs: 8000,
      intervalMs: 50,
      what: `${atLeast} more displayed ${source ?? 'any'} prices`,
    });
  };
  const openDetails = async () => {
    if ((await page.getAttribute('.conn-badge', 'aria-expanded')) !== 'true') await page.click('.conn-badge');
    await waitFor(() => page.locator('.conn-details').isVisible(), { timeoutMs: 2000, what: 'details open' });
  };
  const closeDetails = async () => {
    await page.focus('.conn-badge');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 700);
    await waitFor(async () => (await page.locator('.conn-details').count()) === 0, { timeoutMs: 2000, what: 'details closed' });
  };
  const noSeriousA11y = async (where) => assert.deepEqual(await seriousA11yViolations(page), [], `axe-core in ${where}`);

  it('opens Live, green, with prices moving and a real chart; axe-core finds nothing serious, details closed or open', async () => {
    const { value } = await timed(stateIs(page, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Live' });
    assert.deepEqual(value, { state: 'connected', name: 'Price feed: Live', label: 'Live', colour: GREEN });
    await moving('ws', 20);
    // One page, one feed, one socket: the provider opened exactly one connection.
    assert.equal(stack.server.hub.stats().clients, 1);
    const rows = await page.locator('tr.quote-row').count();
    assert.ok(rows >= 3, `expected the Quote Monitor to list the simulated symbols, saw ${rows} rows`);
    // lightweight-charts drew into its canvases, and the header is BTC's.
    await waitFor(() => page.locator('.chart-host canvas').count(), { timeoutMs: 5000, what: 'chart canvases' });
    assert.equal(await page.textContent('.chart-head strong'), 'BTC');
    await noSeriousA11y('Live');
    await screenshot(page, 'live');
    await openDetails();
    await noSeriousA11y('Live with the details open');
    await closeDetails();
  });

  it('re-targets the chart from the Quote Monitor at once, with the clicked symbol\'s own price', async () => {
    for (const symbol of ['SOL', 'ETH', 'BTC', 'SOL']) {
      await page.click(`tr.quote-row[data-symbol="${symbol}"]`);
      // Read in the same task as the click's render: no tick can have helped.
      const shown = await page.evaluate(() => ({
        head: document.querySelector('.chart-head strong')?.textContent,
        last: document.querySelector('[data-field="last"]')?.textContent,
      }));
      const row = await page.evaluate((s) => document.querySelector(`tr.quote-row[data-symbol="${s}"] .price`)?.textContent, symbol);
      assert.equal(shown.head, symbol);
      // The row and the header read the same snapshot, unless a tick landed in between.
      const price = await page.evaluate((s) => window.__qdStore.getPrice(s)?.price, symbol);
      assert.ok(shown.last === row || Math.abs(Number(shown.last.replace(/,/g, '')) - price) / price < 0.01, `${symbol}: header ${shown.last}, row ${row}`);
    }
    await page.click('.chart-res-btn:has-text("1s")');
    await waitFor(() => page.evaluate(() => document.querySelector('.chart-res-btn[aria-pressed="true"]')?.textContent === '1s'), { what: '1s pressed' });
    // Hover the plot: lightweight-charts draws its crosshair and labels.
    const box = await page.locator('.chart-host').boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await moving('ws', 20); // a few seconds of 1 s candles
    await screenshot(page, 'chart');
    await page.mouse.move(5, 700);
  });

  it('fails over to Polling (amber) within 3 s when the WebSocket drops and upgrades are refused; prices keep moving', async (t) => {
    chaos.refuseWs();
    chaos.dropWs();
    const { value, ms } = await timed(stateIs(page, 'polling'), { timeoutMs: 3000, intervalMs: 50, what: 'Polling within 3 s' });
    assert.deepEqual(value, { state: 'polling', name: 'Price feed: Polling', label: 'Polling', colour: AMBER });
    t.diagnostic(`Polling ${ms} ms after the WebSocket dropped`);
    await moving('poll', 2);
    await openDetails();
    assert.equal(await page.textContent('[data-field="source"]'), 'REST polling');
    await noSeriousA11y('Polling with the details open');
    await screenshot(page, 'polling');
    await closeDetails();
  });

  it('shows Disconnected (red) when polls fail too', async (t) => {
    chaos.poll500();
    const { value, ms } = await timed(stateIs(page, 'disconnected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Disconnected' });
    assert.deepEqual(value, { state: 'disconnected', name: 'Price feed: Disconnected', label: 'Disconnected', colour: RED });
    t.diagnostic(`Disconnected ${ms} ms after polls started failing`);
    await openDetails();
    assert.match(await page.textContent('[data-field="retry"]'), /^in \d+ s$|^—$/);
    await noSeriousA11y('Disconnected with the details open');
    await screenshot(page, 'disconnected');
    await closeDetails();
  });

  it('announced each state change once, in words, in the live region beside the button', async () => {
    const region = page.locator('.conn [role="status"]');
    assert.equal(await page.locator('.conn-badge [role="status"]').count(), 0);
    assert.match(await region.textContent(), /^Price feed: Disconnected\. Polling failed too, retrying in \d+ s\.$/);
  });

  it('works from the keyboard: Tab to the indicator, Enter opens, "Retry now" dials at once, Escape closes and returns focus', async () => {
    await page.focus('.cmd-input');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('conn-badge')), true);
    assert.equal(await page.locator('.conn-details').count(), 0, 'focus alone opens nothing');
    await page.keyboard.press('Enter');
    await waitFor(() => page.locator('.conn-details').isVisible(), { timeoutMs: 2000, what: 'details on Enter' });
    const refused = stack.server.stats().rest.wsRefused;
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Retry now');
    await page.keyboard.press('Enter');
    // Upgrades are still refused: the immediate attempt shows up as one more refusal.
    await waitFor(() => stack.server.stats().rest.wsRefused > refused, { timeoutMs: 2000, what: 'a WebSocket attempt after Retry now' });
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.conn-details').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('conn-badge')), true);
    await page.keyboard.press('Space');
    await waitFor(() => page.locator('.conn-details').isVisible(), { timeoutMs: 2000, what: 'details on Space' });
    await page.keyboard.press('Space'); // focus is still on the button: it toggles them shut
    assert.equal(await page.locator('.conn-details').count(), 0);
  });

  it('returns to Live when everything is restored, and no displayed price ever moved backwards', async (t) => {
    chaos.restore();
    const { value, ms } = await timed(stateIs(page, 'connected'), { timeoutMs: 30_000, intervalMs: 100, what: 'Live again' });
    assert.equal(value.colour, GREEN);
    t.diagnostic(`Live ${ms} ms after restore`);
    await moving('ws', 20);
    const events = await page.evaluate(() => window.__qdFeedEvents);
    assert.ok(events.length > 50, `only ${events.length} displayed changes recorded`);
    const last = new Map();
    let checked = 0;
    for (const e of events) {
      const prev = last.get(e.symbol);
      if (prev && prev.seq != null && e.seq != null) {
        assert.ok(e.seq > prev.seq, `${e.symbol} went from seq ${prev.seq} (${prev.source}) back to ${e.seq} (${e.source})`);
        checked++;
      }
      if (prev) assert.ok(e.publishTime >= prev.publishTime, `${e.symbol} publishTime moved backwards`);
      last.set(e.symbol, e);
    }
    assert.ok(checked > 50, `only ${checked} consecutive pairs compared`);
    const sources = new Set(events.map((e) => e.source));
    assert.deepEqual([...sources].sort(), ['poll', 'ws']);
    await noSeriousA11y('Live again');
  });

  it('detects a silent socket (no heartbeat for 12 s) and fails over to Polling', async (t) => {
    const before = await page.evaluate(() => window.__qdStatusEvents.length);
    chaos.silenceWs();
    const { value, ms } = await timed(stateIs(page, 'polling'), { timeoutMs: 25_000, intervalMs: 100, what: 'Polling after silence' });
    assert.equal(value.colour, AMBER);
    // Not before the heartbeat timeout: the socket stayed open and silent.
    assert.ok(ms >= 11_000, `failed over after only ${ms} ms`);
    t.diagnostic(`Polling ${ms} ms after the socket went silent`);
    const reasons = await page.evaluate((n) => window.__qdStatusEvents.slice(n).map((s) => s.reason), before);
    assert.ok(reasons.includes('heartbeat_timeout'), `reasons seen: ${reasons.join(', ')}`);
    await moving('poll', 2);
    chaos.restore();
    await waitFor(stateIs(page, 'connected'), { timeoutMs: 30_000, intervalMs: 100, what: 'Live after silence' });
  });

  it('printed only allowed console lines through all of it', (t) => {
    for (const l of stack.consoleLines) t.diagnostic(`${l.type}: ${l.text}`);
    const bad = stack.consoleLines.filter((l) => !ALLOWED_CONSOLE.some((re) => re.test(l.text)));
    assert.deepEqual(bad, []);
    const ours = stack.consoleLines.filter((l) => /^price feed: /.test(l.text));
    assert.ok(ours.length >= 3, `expected the feed's state-change lines, saw ${ours.length}`);
  });
});
