// What the browser tests share: the built terminal served by the real backend
// (in-process, port 0) in Debian's Chromium, the indicator as a test reads it,
// screenshots, and the accessibility check.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer } from '../../web/server/src/server.js';
import { launchChromium } from '../lib/chromium.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = path.join(ROOT, 'web/terminal/dist');
/// Every run writes its screenshots here (git-ignored)...
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts/screenshots');
/// ...and, with QD_UPDATE_SCREENSHOTS=1, also the ones docs/terminal.md shows.
export const DOC_IMAGES = path.join(ROOT, 'docs/img');

export const GREEN = 'rgb(34, 197, 94)';
export const AMBER = 'rgb(245, 158, 11)';
export const RED = 'rgb(239, 68, 68)';

/// The backend with `serverOptions` serving the built terminal, and one page
/// (`chromium`: options for launchChromium).
export async function startStack(serverOptions = {}, chromium = {}) {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run \`npm run build\` first`);
  }
  const server = await startServer({ port: 0, host: '127.0.0.1', chaos: true, staticDir: DIST, rate: 50, tickMs: 100, ...serverOptions });
  const browser = await launchChromium(chromium);
  const context = await browser.newContext({ viewport: { width: 1320, height: 720 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => consoleLines.push({ type: 'pageerror', text: String(e) }));
  return {
    server,
    browser,
    context,
    page,
    consoleLines,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/// What the indicator shows: its state, the button's accessible name, the
/// label and its computed colour, and the live region's announcement.
export function readIndicator(page) {
  return page.evaluate(() => {
    const root = document.querySelector('.conn');
    const button = root?.querySelector('button.conn-badge');
    const label = root?.querySelector('.conn-label');
    return root && button && label
      ? {
          state: root.getAttribute('data-state'),
          name: button.getAttribute('aria-label'),
          label: label.textContent,
          colour: getComputedStyle(label).color,
        }
      : null;
  });
}

/// A condition for waitFor: the indicator in `state`.
export const stateIs = (page, state) => async () => {
  const ind = await readIndicator(page);
  return ind?.state === state ? ind : null;
};

/// Counts of displayed price changes (from the ?e2e hook), optionally by source.
export function displayedCount(page, source) {
  return page.evaluate((src) => {
    const ev = window.__qdFeedEvents ?? [];
    return src ? ev.filter((e) => e.source === src).length : ev.length;
  }, source ?? null);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.QD_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOC_IMAGES, { recursive: true });
    copyFileSync(file, path.join(DOC_IMAGES, `terminal-${name}.png`));
  }
}

/// axe-core's serious and critical findings on the page as it is now.
export async function seriousA11yViolations(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
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
