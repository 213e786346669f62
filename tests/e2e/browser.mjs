// Shared setup for the browser tests: Debian's Chromium through playwright-core
// against the real backend started in-process, plus polling helpers.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/server/src/server.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = path.join(ROOT, 'web/terminal/dist');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/// The flags that work on this kind of machine (closed network, root):
/// without the background-networking ones Chromium's own connections are
/// refused many at a time and pollute the console. Playwright adds --headless
/// and a fresh --user-data-dir itself.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/// Debian's Chromium (never a downloaded browser), headless with the flags above.
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export async function startStack(serverOptions = {}) {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run \`npm run build\` first`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer({ port: 0, chaos: true, staticDir: DIST, rate: 50, tickMs: 100, ...serverOptions });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1320, height: 720 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => consoleLines.push({ type: 'pageerror', text: String(e) }));
  return {
    server,
    browser,
    page,
    consoleLines,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/// Polls `fn` until it returns a truthy value or the deadline passes; returns
/// { value, ms } with the time it took. Never a fixed sleep.
export async function until(fn, { timeoutMs, intervalMs = 50, what }) {
  const t0 = Date.now();
  let last;
  for (;;) {
    last = await fn();
    if (last) return { value: last, ms: Date.now() - t0 };
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/// What the indicator shows: its state attribute, accessible name, label and
/// the label's computed colour.
export function readIndicator(page) {
  return page.evaluate(() => {
    const root = document.querySelector('.conn');
    const status = document.querySelector('[role="status"]');
    const label = document.querySelector('.conn-label');
    return root && status && label
      ? {
          state: root.getAttribute('data-state'),
          name: status.getAttribute('aria-label'),
          label: label.textContent,
          colour: getComputedStyle(label).color,
        }
      : null;
  });
}

/// Counts of displayed price changes (from the ?e2e hook), optionally by source.
export function displayedCount(page, source) {
  return page.evaluate((src) => {
    const ev = window.__qdFeedEvents ?? [];
    return src ? ev.filter((e) => e.source === src).length : ev.length;
  }, source ?? null);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/// Lines a page may print through all the outages: the feed's own throttled
/// lines, and the browser's own failed-connection / failed-request lines,
/// which no script can silence.
export const ALLOWED_CONSOLE = [
  /^price feed: /,
  /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ws' failed/,
  /^Failed to load resource: the server responded with a status of (500|503|429)\b/,
  /^Failed to load resource: net::ERR_/,
];
