// Size: what a browser downloads for the price feed — our wasm + JS beside the
// browser bundles of socket.io-client and centrifuge from npm. Raw, gzip -9
// and brotli (quality 11, what a CDN or a build-time .br file serves).
//
// Two views of the package: every file its dist ships, and, per mode the
// engine can run in (shared-worker, worker, page), the files a browser
// downloads in that mode (bench/lib/download-graph.mjs reads them from dist's
// import graph).
//
// `--check` is the size budget `npm test` runs: it fails when any mode passes
// BUDGET_GZIP_BYTES in gzip. Sizes are deterministic for a given toolchain
// (Emscripten 3.1.6 and the pinned npm tools), so unlike a timing this can be
// a test.
//
// Run: node bench/size.mjs [--quick] [--check]   (after npm run build:wasm)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PRICEFEED_DIST, NODE_MODULES } from './lib/paths.mjs';
import { printTable } from './lib/table.mjs';
import { runMain, isMain } from './lib/args.mjs';
import { downloadsByMode } from './lib/download-graph.mjs';

/// The budget of issue 13: 50 KB (1 KB = 1,000 bytes, as everywhere in
/// docs/benchmarks.md), gzip level 9, everything a browser downloads for the
/// package in one mode, each file compressed on its own (as a server sends it).
export const BUDGET_GZIP_BYTES = 50_000;

/// Raw, gzip (zlib level 9) and brotli (quality 11) bytes of one buffer.
export function sizesOf(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

function sizes(file) {
  return sizesOf(fs.readFileSync(file));
}

function listFiles(dir, keep) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && keep(f))
    .sort();
}

/// What the package ships for a browser: every .js, .mjs and .wasm file in
/// its dist, whatever it is called (the JS layer's bundles, a worker script,
/// a new chunk). Type declarations, source maps and precompressed copies
/// (.gz, .br) are not code a browser runs, and do not match.
export function ourFiles(dist = PRICEFEED_DIST) {
  const files = listFiles(dist, (f) => /\.(wasm|m?js)$/.test(f));
  if (!files.some((f) => f.endsWith('.wasm'))) {
    throw new Error(`no .wasm in ${dist}: run \`npm run build:wasm\` first`);
  }
  return files;
}

/// The peers' browser bundles as npm ships them (already minified).
export function peerFiles() {
  return {
    'socket.io-client (dist/socket.io.min.js)': [path.join(NODE_MODULES, 'socket.io-client/dist/socket.io.min.js')],
    'centrifuge (dist/centrifuge.js, minified, JSON only)': [path.join(NODE_MODULES, 'centrifuge/dist/centrifuge.js')],
    'centrifuge (dist/centrifuge.protobuf.js)': [path.join(NODE_MODULES, 'centrifuge/dist/centrifuge.protobuf.js')],
  };
}

function add(total, s) {
  total.raw += s.raw;
  total.gzip += s.gzip;
  total.brotli += s.brotli;
}

/// Our files one by one and in total.
export function measureOurs(dist = PRICEFEED_DIST) {
  const rows = [];
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of ourFiles(dist)) {
    const s = sizes(f);
    add(total, s);
    rows.push({ name: `  ours: ${path.relative(path.dirname(dist), f)}`, ...s, part: true });
  }
  return { rows, total };
}

/// Per mode, the files a browser downloads and their total.
export async function measureModes(dist = PRICEFEED_DIST) {
  const modes = await downloadsByMode(dist);
  return modes.map(({ mode, what, files }) => {
    const total = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of files) add(total, sizes(f));
    return { mode, what, files: files.map((f) => path.basename(f)), ...total };
  });
}

export function measureSizes() {
  const { rows, total } = measureOurs();
  rows.push({ name: 'ours: @quantdesk/pricefeed, every file dist ships', ...total });
  for (const [name, files] of Object.entries(peerFiles())) {
    const t = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of files) {
      if (!fs.existsSync(f)) throw new Error(`missing ${f}: run \`npm install\``);
      add(t, sizes(f));
    }
    rows.push({ name, ...t });
  }
  return { rows, ours: total };
}

/// The budget verdict for each mode: a line to print and whether it holds.
export function checkBudget(modes, budget = BUDGET_GZIP_BYTES) {
  const fmt = (n) => n.toLocaleString('en-US');
  const lines = modes.map(({ mode, gzip }) => {
    const left = budget - gzip;
    return `size budget, ${mode}: ${fmt(gzip)} of ${fmt(budget)} bytes gzip ` +
      (left >= 0 ? `(${fmt(left)} to spare)` : `(${fmt(-left)} over): see docs/package.md, "What a browser downloads"`);
  });
  return { ok: modes.every((m) => m.gzip <= budget), lines };
}

async function main() {
  const check = process.argv.includes('--check');
  const { rows, ours } = measureSizes();
  printTable('Size (bytes; gzip = zlib level 9; brotli = quality 11)', ['what', 'raw', 'gzip', 'brotli', 'gzip vs ours'], rows.map((r) => [
    r.name, r.raw, r.gzip, r.brotli, r.part ? '' : (r.gzip / ours.gzip).toFixed(2) + 'x',
  ]));
  const modes = await measureModes();
  printTable('What a browser downloads, by mode (bytes; each file compressed on its own)', ['mode', 'files', 'raw', 'gzip', 'brotli'], modes.map((m) => [
    m.mode, m.files.join(' '), m.raw, m.gzip, m.brotli,
  ]));
  const verdict = checkBudget(modes);
  console.log(`\n${verdict.lines.join('\n')}`);
  if (check && !verdict.ok) process.exitCode = 1;
}

if (isMain(import.meta.url)) {
  runMain(async () => {
    await main();
    if (process.exitCode) throw new Error('the package is over its size budget');
  });
}
