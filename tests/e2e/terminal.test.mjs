// The Pro Terminal in Chromium against the real backend with --chaos: Live,
// failover to Polling, Disconnected, back to Live without a price moving
// backwards, a silent socket detected, and a console holding only allowed lines.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOWED_CONSOLE, displayedCount, readIndicator, screenshot, startStack, until } from './browser.mjs';

const GREEN = 'rgb(34, 197, 94)';
const AMBER = 'rgb(245, 158, 11)';
const RED = 'rgb(239, 68, 68)';

describe('terminal in Chromium', { timeout: 180_000 }, () => {
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

  const stateIs = (state) => async () => {
    const ind = await readIndicator(page);
    return ind?.state === state ? ind : null;
  };
  const moving = async (source, atLeast) => {
    const base = await displayedCount(page, source);
    return until(async () => (await displayedCount(page, source)) >= base + atLeast, {
      timeoutMs: 8000,
      what: `${atLeast} more displayed ${source ?? 'any'} prices`,
    });
  };

  it('opens Live, green, with prices moving', async () => {
    const { value } = await until(stateIs('connected'), { timeoutMs: 10_000, what: 'Live' });
    assert.deepEqual(value, { state: 'connected', name: 'Price feed: Live', label: 'Live', colour: GREEN });
    await moving('ws', 20);
    // One page, one feed, one socket: the provider opened exactly one connection.
    assert.equal(stack.server.hub.stats().clients, 1);
    const rows = await page.locator('tr.quote-row').count();
    assert.ok(rows >= 3, `expected the Quote Monitor to list the simulated symbols, saw ${rows} rows`);
    await screenshot(page, '1-live');
  });

  it('fails over to Polling (amber) within 3 s when the WebSocket drops and upgrades are refused; prices keep moving', async (t) => {
    chaos.refuseWs();
    chaos.dropWs();
    const { value, ms } = await until(stateIs('polling'), { timeoutMs: 3000, what: 'Polling within 3 s' });
    assert.deepEqual(value, { state: 'polling', name: 'Price feed: Polling', label: 'Polling', colour: AMBER });
    assert.ok(ms <= 3000, `Polling after ${ms} ms`);
    t.diagnostic(`Polling ${ms} ms after the WebSocket dropped`);
    await moving('poll', 2);
    await page.hover('.conn-badge');
    await until(() => page.locator('.conn-details').isVisible(), { timeoutMs: 2000, what: 'details popover' });
    const source = await page.textContent('[data-field="source"]');
    assert.equal(source, 'REST polling');
    await screenshot(page, '2-polling-details');
    await page.mouse.move(5, 700);
  });

  it('shows Disconnected (red) when polls fail too', async (t) => {
    chaos.poll500();
    const { value, ms } = await until(stateIs('disconnected'), { timeoutMs: 10_000, what: 'Disconnected' });
    assert.deepEqual(value, { state: 'disconnected', name: 'Price feed: Disconnected', label: 'Disconnected', colour: RED });
    t.diagnostic(`Disconnected ${ms} ms after polls started failing`);
    await page.hover('.conn-badge');
    const retry = await page.textContent('[data-field="retry"]');
    assert.match(retry, /^in \d+ s$|^—$/);
    await screenshot(page, '3-disconnected-details');
    await page.mouse.move(5, 700);
  });

  it('opens the details from the keyboard, and "Retry now" dials the WebSocket at once', async () => {
    await page.focus('.cmd-input');
    await page.keyboard.press('Tab');
    await until(() => page.locator('.conn-details').isVisible(), { timeoutMs: 2000, what: 'details on focus' });
    const refused = stack.server.stats().rest.wsRefused;
    await page.keyboard.press('Tab'); // to "Retry now", inside the popover: it stays open
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Retry now');
    await page.keyboard.press('Enter');
    // Upgrades are still refused: the immediate attempt shows up as one more refusal.
    await until(() => stack.server.stats().rest.wsRefused > refused, { timeoutMs: 2000, what: 'a WebSocket attempt after Retry now' });
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.conn-details').count(), 0);
  });

  it('returns to Live when everything is restored, and no displayed price ever moved backwards', async (t) => {
    chaos.restore();
    const { value, ms } = await until(stateIs('connected'), { timeoutMs: 30_000, intervalMs: 100, what: 'Live again' });
    assert.equal(value.colour, GREEN);
    t.diagnostic(`Live ${ms} ms after restore`);
    await moving('ws', 20);
    await screenshot(page, '4-live-again');
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
  });

  it('detects a silent socket (no heartbeat for 12 s) and fails over to Polling', async (t) => {
    const before = await page.evaluate(() => window.__qdStatusEvents.length);
    const t0 = Date.now();
    chaos.silenceWs();
    const { value } = await until(stateIs('polling'), { timeoutMs: 25_000, intervalMs: 100, what: 'Polling after silence' });
    const ms = Date.now() - t0;
    assert.equal(value.colour, AMBER);
    // Not before the heartbeat timeout: the socket stayed open and silent.
    assert.ok(ms >= 11_000, `failed over after only ${ms} ms`);
    t.diagnostic(`Polling ${ms} ms after the socket went silent`);
    const reasons = await page.evaluate((n) => window.__qdStatusEvents.slice(n).map((s) => s.reason), before);
    assert.ok(reasons.includes('heartbeat_timeout'), `reasons seen: ${reasons.join(', ')}`);
    await moving('poll', 2);
    await screenshot(page, '5-silent-then-polling');
    chaos.restore();
    await until(stateIs('connected'), { timeoutMs: 30_000, intervalMs: 100, what: 'Live after silence' });
    await screenshot(page, '6-live-after-silence');
  });

  it('printed only allowed console lines through all of it', (t) => {
    for (const l of stack.consoleLines) t.diagnostic(`${l.type}: ${l.text}`);
    const bad = stack.consoleLines.filter((l) => !ALLOWED_CONSOLE.some((re) => re.test(l.text)));
    assert.deepEqual(bad, []);
    const ours = stack.consoleLines.filter((l) => /^price feed: /.test(l.text));
    assert.ok(ours.length >= 3, `expected the feed's state-change lines, saw ${ours.length}`);
    console.log(`console: ${stack.consoleLines.length} lines, ${ours.length} from the feed`);
  });
});
