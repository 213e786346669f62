// --static through sirv (src/http/static.js) and the build's precompression
// (scripts/precompress.mjs): compressed variants by Accept-Encoding, ETag/304,
// immutable caching only for hashed assets, no dotfiles or source maps, SPA
// fallback, and the security headers every answer carries.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer } from '../../web/server/src/server.js';
import { precompress } from '../../web/server/scripts/precompress.mjs';
import { httpRequest } from './helpers.mjs';

const INDEX = '<!doctype html><title>QD</title>';
const JS = `export const x = ${JSON.stringify('price '.repeat(500))};\n`;
const WASM = Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]), Buffer.alloc(4000, 7)]);
let tmp;
let root;
let srv;

/// The root sits under an `assets` folder on purpose: index.html must still not be cached as immutable.
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'qd-static-'));
  root = join(tmp, 'assets', 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-BtidgAob.js'), JS);
  writeFileSync(join(root, 'assets', 'index-BtidgAob.js.map'), '{"version":3}');
  writeFileSync(join(root, 'assets', 'pricefeed_wasm-D-KjkwYR.wasm'), WASM);
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, '.env'), 'QD_JWT_SECRET=hunter2');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'config'), '[core]');
  precompress(root);
  srv = await startServer({ port: 0, rate: 1, staticDir: root });
});
after(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/// Raw GET (fetch would decompress and hide Content-Encoding).
const get = (path, headers = {}) => httpRequest(`${srv.url}${path}`, { headers });

test('precompress writes .br and .gz beside .js/.wasm/.css only, and they decompress to the original', () => {
  const js = join(root, 'assets', 'index-BtidgAob.js');
  assert.equal(brotliDecompressSync(readFileSync(`${js}.br`)).toString(), JS);
  assert.equal(gunzipSync(readFileSync(`${js}.gz`)).toString(), JS);
  assert.ok(existsSync(join(root, 'assets', 'pricefeed_wasm-D-KjkwYR.wasm.br')));
  assert.equal(existsSync(join(root, 'index.html.br')), false);
  assert.equal(existsSync(join(root, 'assets', 'logo.svg.br')), false);
  assert.equal(existsSync(join(root, 'assets', 'index-BtidgAob.js.map.br')), false);
});

test('the smallest variant the browser accepts is sent, with Content-Encoding and Vary', async () => {
  const path = '/assets/index-BtidgAob.js';
  const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(br.headers['content-type'], /^text\/javascript/);
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.equal(brotliDecompressSync(br.body).toString(), JS);
  const gz = await get(path, { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.body).toString(), JS);
  const plain = await get(path);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), JS);
  const wasm = await get('/assets/pricefeed_wasm-D-KjkwYR.wasm', { 'accept-encoding': 'br' });
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.deepEqual(brotliDecompressSync(wasm.body), WASM);
});

test('ETag and If-None-Match give 304, with the same caching rule', async () => {
  const first = await get('/assets/index-BtidgAob.js', { 'accept-encoding': 'br' });
  assert.ok(first.headers.etag);
  const again = await get('/assets/index-BtidgAob.js', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.match(again.headers['cache-control'], /immutable/);
  const index = await get('/');
  assert.equal((await get('/', { 'if-none-match': index.headers.etag })).status, 304);
});

test('immutable caching only for hashed assets; index.html is revalidated wherever the root sits', async () => {
  assert.equal((await get('/assets/index-BtidgAob.js')).headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal((await get('/assets/logo.svg')).headers['cache-control'], 'no-cache', 'no hash in the name');
  for (const p of ['/', '/index.html', '/markets/BTC']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.text, INDEX, p);
    assert.equal(r.headers['cache-control'], 'no-cache', p);
    assert.equal(r.headers['content-type'], 'text/html;charset=utf-8', p);
  }
});

test('dotfiles and source maps are never served (unless --source-maps); a missing asset is a 404', async () => {
  for (const p of ['/.env', '/.git/config', '/%2eenv']) {
    const r = await get(p);
    assert.ok(!r.text.includes('hunter2') && !r.text.includes('[core]'), p);
  }
  const map = await get('/assets/index-BtidgAob.js.map');
  assert.equal(map.status, 404);
  assert.equal((await get('/assets/missing-AAAAAAAA.js')).status, 404);
  const withMaps = await startServer({ port: 0, rate: 1, staticDir: root, sourceMaps: true });
  try {
    const r = await fetch(`${withMaps.url}/assets/index-BtidgAob.js.map`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '{"version":3}');
  } finally {
    await withMaps.close();
  }
});

test('traversal never leaves the root; /api and /health are still routed first', async () => {
  for (const p of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f.env']) {
    const r = await get(p);
    assert.ok(!r.text.includes('root:') && !r.text.includes('hunter2'), p);
  }
  assert.equal((await get('/api/oracle/prices')).status, 200);
  assert.equal((await get('/health')).status, 200);
  assert.equal((await fetch(`${srv.url}/index.html`, { method: 'POST' })).status, 404, 'only GET and HEAD read files');
});

test('every answer carries the security headers; the CSP allows wasm and the feed on its own origin only', async () => {
  for (const p of ['/', '/assets/index-BtidgAob.js', '/api/oracle/prices', '/nope.txt']) {
    const h = (await get(p)).headers;
    assert.equal(h['x-content-type-options'], 'nosniff', p);
    assert.equal(h['referrer-policy'], 'no-referrer', p);
    assert.equal(h['x-frame-options'], 'DENY', p);
    const csp = Object.fromEntries(h['content-security-policy'].split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(csp['script-src'], ["'self'", "'wasm-unsafe-eval'"], p);
    assert.deepEqual(csp['connect-src'], ["'self'", `ws://127.0.0.1:${srv.port}`], p);
    assert.deepEqual(csp['frame-ancestors'], ["'none'"], p);
    assert.deepEqual(csp['object-src'], ["'none'"], p);
  }
  const odd = await get('/', { host: 'a.example; script-src *' });
  assert.ok(!odd.headers['content-security-policy'].includes('script-src *'), 'a Host header cannot add a directive');
});
