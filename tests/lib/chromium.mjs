// The one Chromium launcher of tests/ and bench/: Debian's Chromium
// (/usr/bin/chromium, or $CHROMIUM_PATH) driven by playwright-core, never a
// downloaded browser.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/// The flags that work on this kind of machine (closed network, root):
/// without the background-networking ones Chromium's own connections are
/// refused many at a time and pollute the console. Playwright adds
/// --headless and a fresh --user-data-dir (removed on close) itself.
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/// A headless Chromium with a fresh profile; `close()` it when done.
/// `extraArgs` are added to CHROMIUM_ARGS for one test's special needs.
export async function launchChromium({ extraArgs = [] } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/// Main-thread busy time of a page so far (CDP Performance.TaskDuration), ms.
/// Needs `Performance.enable` on the session first.
export async function taskDurationMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}
