// What a browser downloads in each mode (bench/lib/download-graph.mjs, the
// size budget's view of dist): the built package keeps its fallbacks out of
// the default path, and the graph sees an import that would pull one in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadsByMode } from '../../bench/lib/download-graph.mjs';

const DIST = fileURLToPath(new URL('../../web/pricefeed/dist', import.meta.url));
const names = (files) => files.map((f) => path.basename(f));
const byMode = async (dist) => Object.fromEntries((await downloadsByMode(dist)).map((m) => [m.mode, m]));

test('the built package: a tab in the default mode loads neither the engine nor leader election', async () => {
  const m = await byMode(DIST);
  const tab = names(m['shared-worker'].tab);
  for (const fallback of ['local_feed.js', 'leader.js', 'pricefeed_wasm.wasm']) {
    assert.ok(!tab.includes(fallback), `the default tab loads ${fallback}: ${tab.join(' ')}`);
  }
  assert.ok(tab.includes('index.js'));
  const worker = names(m['shared-worker'].worker);
  assert.ok(worker.includes('worker.js') && worker.includes('local_feed.js') && worker.includes('pricefeed_wasm.wasm'), worker.join(' '));
  assert.ok(!worker.includes('leader.js'), 'the worker never elects a leader');

  assert.ok(names(m.worker.tab).includes('leader.js'), 'the leader tab loads leader election');
  assert.ok(!names(m.worker.tab).includes('local_feed.js'));
  assert.deepEqual(names(m.page.worker), [], 'page mode has no worker');
  assert.ok(names(m.page.tab).includes('local_feed.js') && names(m.page.tab).includes('pricefeed_wasm.wasm'));
  assert.ok(!names(m.page.tab).includes('leader.js'));
});

/** A dist of a few files written for the test. */
function fakeDist(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-dist-'));
  for (const [name, code] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), code);
  return dir;
}

const WORKER = "export const w = new SharedWorker(new URL('./worker.js', import.meta.url), { type: 'module' });\n";
const ENGINE = "export const wasm = new URL('./pricefeed_wasm.wasm', import.meta.url);\n";

test('the graph: a fallback imported statically is in the default mode; a lazy one is not; an unknown lazy chunk always counts', async () => {
  const common = { 'worker.js': "import './local_feed.js';\n", 'local_feed.js': ENGINE, 'pricefeed_wasm.wasm': '', 'leader.js': 'export const l = 1;\n', 'extra.js': 'export const x = 1;\n' };
  const lazy = fakeDist({ ...common, 'index.js': `${WORKER}export const f = () => [import('./leader.js'), import('./local_feed.js'), import('./extra.js')];\n` });
  const eager = fakeDist({ ...common, 'index.js': `${WORKER}import './leader.js';\nexport const f = () => import('./local_feed.js');\n` });
  try {
    const l = await byMode(lazy);
    assert.deepEqual(names(l['shared-worker'].tab), ['extra.js', 'index.js']);
    assert.deepEqual(names(l['shared-worker'].worker), ['local_feed.js', 'pricefeed_wasm.wasm', 'worker.js']);
    assert.deepEqual(names(l.worker.tab), ['extra.js', 'index.js', 'leader.js']);
    assert.deepEqual(names(l.page.tab), ['extra.js', 'index.js', 'local_feed.js', 'pricefeed_wasm.wasm']);

    const e = await byMode(eager);
    assert.deepEqual(names(e['shared-worker'].tab), ['index.js', 'leader.js'], 'a static import is always downloaded');
  } finally {
    fs.rmSync(lazy, { recursive: true });
    fs.rmSync(eager, { recursive: true });
  }
});
