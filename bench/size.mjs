// Size: what a browser downloads for the price feed — our wasm + JS beside the
// browser bundles of socket.io-client and centrifuge from npm. Raw and gzip -9.
// Run: node bench/size.mjs [--quick]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PRICEFEED_DIR, PRICEFEED_DIST, NODE_MODULES } from './lib/paths.mjs';
import { printTable } from './lib/table.mjs';
import { runMain, isMain } from './lib/args.mjs';

function sizes(file) {
  const buf = fs.readFileSync(file);
  return { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
}

function listFiles(dir, keep) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && keep(f));
}

/// Our shipped files: the wasm and its JS glue from dist, plus the JS layer
/// (src/*.js; type declarations and tests are not shipped to a browser).
export function ourFiles() {
  const dist = listFiles(PRICEFEED_DIST, (f) => /\.(wasm|m?js)$/.test(f));
  if (!dist.some((f) => f.endsWith('.wasm'))) {
    throw new Error(`no .wasm in ${PRICEFEED_DIST}: run \`npm run build:wasm\` first`);
  }
  const src = listFiles(path.join(PRICEFEED_DIR, 'src'), (f) => /\.m?js$/.test(f) && !/\.test\.m?js$/.test(f));
  return [...dist, ...src];
}

/// The peers' browser bundles as npm ships them (already minified).
export function peerFiles() {
  return {
    'socket.io-client (dist/socket.io.min.js)': [path.join(NODE_MODULES, 'socket.io-client/dist/socket.io.min.js')],
    'centrifuge (dist/centrifuge.js, minified, JSON only)': [path.join(NODE_MODULES, 'centrifuge/dist/centrifuge.js')],
    'centrifuge (dist/centrifuge.protobuf.js)': [path.join(NODE_MODULES, 'centrifuge/dist/centrifuge.protobuf.js')],
  };
}

export function measureSizes() {
  const rows = [];
  const ours = ourFiles();
  let total = { raw: 0, gzip: 0 };
  for (const f of ours) {
    const s = sizes(f);
    total.raw += s.raw; total.gzip += s.gzip;
    rows.push({ name: `  ours: ${path.relative(PRICEFEED_DIR, f)}`, ...s, part: true });
  }
  rows.push({ name: 'ours: @quantdesk/pricefeed (wasm + JS)', ...total });
  for (const [name, files] of Object.entries(peerFiles())) {
    const t = { raw: 0, gzip: 0 };
    for (const f of files) {
      if (!fs.existsSync(f)) throw new Error(`missing ${f}: run \`npm install\``);
      const s = sizes(f); t.raw += s.raw; t.gzip += s.gzip;
    }
    rows.push({ name, ...t });
  }
  return { rows, ours: total };
}

async function main() {
  const { rows, ours } = measureSizes();
  printTable('Size (bytes; gzip = zlib level 9)', ['what', 'raw', 'gzip', 'gzip vs ours'], rows.map((r) => [
    r.name, r.raw, r.gzip, r.part ? '' : (r.gzip / ours.gzip).toFixed(2) + 'x',
  ]));
}

if (isMain(import.meta.url)) runMain(main);
