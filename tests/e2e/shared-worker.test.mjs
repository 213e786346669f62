// One feed per browser (contract §8) in Chromium: the real built terminal,
// served by the real backend, open in several tabs of one browser context.
// 4 tabs hold 1 WebSocket (/health); the WebSocket killed turns every tab
// to Polling at the same moment and back to Live together; the worker
// killed through CDP is replaced and no displayed price moves backwards;
// the socket closes within 1 s of the last tab. Then the same without
// SharedWorker (a dedicated Worker shared by leader election) and without
// workers at all (each page runs its engine, as before).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait-for.mjs';
import { readIndicator, startStack } from './stack.mjs';

/// waitFor that also says how long it took: { value, ms }.
async function until(fn, options) {
  const t0 = Date.now();
  const value = await waitFor(fn, { intervalMs: 50, ...options });
  return { value, ms: Date.now() - t0 };
}

/** Opens `n` more tabs of the terminal in the stack's context (the first is stack.page). */
async function openTabs(stack, n) {
  const context = stack.page.context();
  const pages = [stack.page];
  for (let i = 1; i < n; i++) pages.push(await context.newPage());
  for (const page of pages) {
    page.on('pageerror', (e) => stack.consoleLines.push({ type: 'pageerror', text: String(e) }));
    await page.goto(`${stack.server.url}/?e2e`);
  }
  return pages;
}

const health = async (stack) => (await (await fetch(`${stack.server.url}/health`)).json()).ws;

/** Every page shows `state`; returns the wall time (page clock) each one switched to it last. */
async function allShow(pages, state, timeoutMs) {
  await until(async () => (await Promise.all(pages.map(readIndicator))).every((i) => i?.state === state), {
    timeoutMs,
    intervalMs: 50,
    what: `every tab ${state}`,
  });
  return Promise.all(pages.map((p) => p.evaluate((s) => window.__qdStatusEvents.filter((e) => e.state === s).at(-1).at, state)));
}

const spread = (times) => Math.max(...times) - Math.min(...times);

/// When each tab's feed heard a status from its worker: the MessagePort
/// handlers are wrapped to note the arrival of every status message. What a
/// tab then *shows* waits for its next animation frame, which on this shared
/// headless machine can be a second away for a tab that is not in front.
function recordStatusArrivals() {
  const desc = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    get() {
      return desc.get.call(this);
    },
    set(fn) {
      desc.set.call(
        this,
        fn &&
          function onmessage(e) {
            if (e.data?.t === 'status') (window.__qdHeard ??= []).push({ state: e.data.event.state, at: Date.now() });
            return fn.call(this, e);
          },
      );
    },
  });
}
const heardAt = (pages, state) => Promise.all(pages.map((p) => p.evaluate((s) => window.__qdHeard?.filter((h) => h.state === s).at(-1)?.at, state)));

/** No displayed price went backwards in `page` (seq strictly up, publishTime never down). */
async function checkOrdered(page) {
  const events = await page.evaluate(() => window.__qdFeedEvents);
  const last = new Map();
  let pairs = 0;
  for (const e of events) {
    const prev = last.get(e.symbol);
    if (prev && prev.seq != null && e.seq != null) {
      assert.ok(e.seq > prev.seq, `${e.symbol} went from seq ${prev.seq} back to ${e.seq}`);
      pairs++;
    }
    if (prev) assert.ok(e.publishTime >= prev.publishTime, `${e.symbol} publishTime moved backwards`);
    last.set(e.symbol, e);
  }
  return pairs;
}

/** The browser's shared workers, through CDP (playwright-core does not list them). */
async function sharedWorkers(cdp) {
  return (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'shared_worker');
}

describe('one feed per browser: SharedWorker', { timeout: 180_000 }, () => {
  let stack;
  let pages;
  let cdp;

  before(async () => {
    stack = await startStack();
    await stack.page.context().addInitScript(recordStatusArrivals);
    pages = await openTabs(stack, 4);
    cdp = await stack.page.context().newCDPSession(stack.page);
  });
  after(async () => {
    await stack?.close();
  });

  it('4 tabs hold 1 WebSocket on the server, through 1 shared worker', async (t) => {
    await allShow(pages, 'connected', 15_000);
    const ws = await health(stack);
    assert.equal(ws.clients, 1, `/health: ${JSON.stringify(ws)}`);
    assert.equal(ws.connections, 1, 'one socket ever accepted');
    const workers = await sharedWorkers(cdp);
    assert.equal(workers.length, 1);
    assert.match(workers[0].title, /^@quantdesk\/pricefeed v\d+ ws:\/\/127\.0\.0\.1:\d+\/ws http:\/\/127\.0\.0\.1:\d+\/api\/oracle\/prices$/);
    // Every tab displays prices.
    for (const page of pages) {
      await until(async () => (await page.evaluate(() => window.__qdFeedEvents.length)) >= 20, { timeoutMs: 8000, what: 'prices in every tab' });
      assert.ok((await page.locator('tr.quote-row').count()) >= 3);
    }
    t.diagnostic(`/health ws: ${JSON.stringify(ws)}`);
  });

  it('the WebSocket killed: every tab hears Polling at the same moment and shows it; restored: every tab Live', async (t) => {
    try {
      stack.server.chaos.refuseWs();
      stack.server.chaos.dropWs();
      const shown = await allShow(pages, 'polling', 3000);
      const heard = await heardAt(pages, 'polling');
      t.diagnostic(`Polling heard by the 4 tabs within ${spread(heard)} ms of each other, shown within ${spread(shown)} ms`);
      assert.ok(heard.every(Number.isFinite), `heard: ${heard}`);
      assert.ok(spread(heard) <= 100, `the tabs heard Polling ${spread(heard)} ms apart`);
      assert.equal((await health(stack)).clients, 0);
    } finally {
      stack.server.chaos.restore();
    }
    const shown = await allShow(pages, 'connected', 30_000);
    const heard = await heardAt(pages, 'connected');
    t.diagnostic(`Live heard by the 4 tabs within ${spread(heard)} ms of each other, shown within ${spread(shown)} ms`);
    assert.ok(spread(heard) <= 100, `the tabs heard Live ${spread(heard)} ms apart`);
    assert.equal((await health(stack)).clients, 1);
  });

  it('the worker killed: every tab notices, a new worker takes over, no displayed price moves backwards', async (t) => {
    const [old] = await sharedWorkers(cdp);
    const accepted = (await health(stack)).connections;
    const t0 = Date.now();
    await cdp.send('Target.closeTarget', { targetId: old.targetId });
    await until(async () => (await sharedWorkers(cdp)).some((w) => w.targetId !== old.targetId), { timeoutMs: 5000, what: 'a new shared worker' });
    await until(async () => (await health(stack)).connections > accepted, { timeoutMs: 5000, what: 'the new worker dialling' });
    const ms = Date.now() - t0;
    t.diagnostic(`a new worker dialled ${ms} ms after the old one was killed`);
    assert.ok(ms < 3000, `recovered after ${ms} ms`);
    await allShow(pages, 'connected', 10_000);
    assert.equal((await sharedWorkers(cdp)).length, 1);
    assert.equal((await health(stack)).clients, 1);
    for (const page of pages) {
      const base = await page.evaluate(() => window.__qdFeedEvents.length);
      await until(async () => (await page.evaluate(() => window.__qdFeedEvents.length)) >= base + 10, { timeoutMs: 8000, what: 'prices after the new worker' });
      assert.ok((await checkOrdered(page)) > 50);
    }
  });

  it('tabs closed one by one: the socket stays while a tab is open and closes within 1 s of the last', async (t) => {
    while (pages.length > 1) {
      await pages.pop().close();
      assert.equal((await health(stack)).clients, 1, `${pages.length} tab(s) left`);
      await allShow(pages, 'connected', 2000);
    }
    const t0 = Date.now();
    await pages.pop().close();
    const { ms } = await until(async () => (await health(stack)).clients === 0, { timeoutMs: 1000, intervalMs: 20, what: 'the socket closed' });
    t.diagnostic(`socket closed ${ms} ms after the last tab (${Date.now() - t0} ms including the close call)`);
    const bad = stack.consoleLines.filter((l) => l.type === 'pageerror');
    assert.deepEqual(bad, []);
  });
});

describe('one feed per browser without SharedWorker: a dedicated Worker and leader election', { timeout: 120_000 }, () => {
  let stack;
  let pages;

  before(async () => {
    stack = await startStack();
    await stack.page.context().addInitScript(() => {
      delete window.SharedWorker;
    });
    pages = await openTabs(stack, 3);
  });
  after(async () => {
    await stack?.close();
  });

  it('3 tabs hold 1 WebSocket; the leader closing hands the feed to another tab', async (t) => {
    await allShow(pages, 'connected', 15_000);
    assert.equal(await pages[1].evaluate(() => typeof SharedWorker), 'undefined');
    assert.equal((await health(stack)).clients, 1);
    // Whichever tab took the lock first leads: it alone runs a worker.
    const leaders = pages.filter((p) => p.workers().length === 1);
    assert.equal(leaders.length, 1, `workers per tab: ${pages.map((p) => p.workers().length)}`);
    assert.equal(pages.reduce((n, p) => n + p.workers().length, 0), 1);

    const accepted = (await health(stack)).connections;
    const t0 = Date.now();
    pages.splice(pages.indexOf(leaders[0]), 1);
    await leaders[0].close();
    await until(async () => (await health(stack)).connections > accepted && (await health(stack)).clients === 1, {
      timeoutMs: 5000,
      what: 'a new leader dialling',
    });
    t.diagnostic(`a new leader's worker dialled ${Date.now() - t0} ms after the leader tab closed`);
    await allShow(pages, 'connected', 10_000);
    assert.equal(pages.reduce((n, p) => n + p.workers().length, 0), 1, 'one worker among the tabs left');
    for (const page of pages) {
      const base = await page.evaluate(() => window.__qdFeedEvents.length);
      await until(async () => (await page.evaluate(() => window.__qdFeedEvents.length)) >= base + 10, { timeoutMs: 8000, what: 'prices after the handover' });
      await checkOrdered(page);
    }
    assert.equal((await health(stack)).clients, 1);
  });
});

describe('no workers at all: each page runs its engine', { timeout: 60_000 }, () => {
  let stack;

  before(async () => {
    stack = await startStack();
    await stack.page.context().addInitScript(() => {
      delete window.SharedWorker;
      delete window.Worker;
    });
  });
  after(async () => {
    await stack?.close();
  });

  it('2 tabs, 2 WebSockets, both Live', async () => {
    const pages = await openTabs(stack, 2);
    await allShow(pages, 'connected', 15_000);
    assert.equal((await health(stack)).clients, 2);
    for (const page of pages) assert.ok((await checkOrdered(page)) >= 0);
  });
});

describe('a worker that cannot load: the page runs the engine', { timeout: 60_000 }, () => {
  let stack;

  before(async () => {
    stack = await startStack();
    // Every SharedWorker this page makes points at a script that is not there.
    await stack.page.context().addInitScript(() => {
      const Real = window.SharedWorker;
      window.SharedWorker = class extends Real {
        constructor(url, options) {
          super('/no-such-worker.js', options);
        }
      };
    });
  });
  after(async () => {
    await stack?.close();
  });

  it('falls back to its own engine, says so once, and shows Live', async () => {
    const [page] = await openTabs(stack, 1);
    await allShow([page], 'connected', 15_000);
    assert.equal((await health(stack)).clients, 1);
    const lines = stack.consoleLines.filter((l) => /the engine runs in this page/.test(l.text));
    assert.equal(lines.length, 1, JSON.stringify(stack.consoleLines));
    // Chromium fires no `error` for a worker script answered 404 with nosniff
    // (the backend's headers): the tab's first-contact bound gives it up.
    assert.match(lines[0].text, /^price feed: the engine runs in this page \(shared-worker: .*(SharedWorker failed|no worker answered \(silent for)/);
  });
});
