// The CLI (main.js): --help, option errors, env vars, JSON log lines (one per
// connection event, none per message), clean SIGTERM, and what it refuses
// under NODE_ENV=production. (--static: static.test.mjs.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseOptions, OPTION_TABLE, DEFAULTS } from '../../web/server/src/options.js';
import { startServer } from '../../web/server/src/server.js';
import { MAIN, connect, subscribe, spawnServer, waitFor } from './helpers.mjs';

const run = (args, env = {}) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 5000 });

test('--help documents every option and its env var, and exits 0', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const o of OPTION_TABLE) {
    assert.ok(r.stdout.includes(`--${o.name}`), `--${o.name} missing from --help`);
    assert.ok(r.stdout.includes(o.env), `${o.env} missing from --help`);
  }
});

test('bad options fail with exit 2 and a clear message', () => {
  const cases = [
    [['--bogus'], /unknown option "--bogus"/],
    [['--rate', '0'], /--rate must be an integer in \[1, 10000\]/],
    [['--rate', '10001'], /--rate must be an integer/],
    [['--feed', 'magic'], /--feed must be one of simulated\|pyth\|none/],
    [['--port'], /--port needs a value/],
    [['--auth', 'jwt'], /QD_JWT_SECRET/],
  ];
  for (const [args, re] of cases) {
    const r = run(args, { QD_JWT_SECRET: '' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, re);
  }
  const r = run(['--static', '/nonexistent-dir-qd', '--port', '0']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a directory/);
});

test('parseOptions: argv beats env, defaults otherwise', () => {
  const o = parseOptions(['--rate=50', '--chaos', '--allowed-origins', 'https://a, https://b'], { QD_RATE: '7', PORT: '4000', QD_TICK_MS: '25' });
  assert.equal(o.rate, 50);
  assert.equal(o.port, 4000);
  assert.equal(o.tickMs, 25);
  assert.equal(o.chaos, true);
  assert.deepEqual(o.allowedOrigins, ['https://a', 'https://b']);
  assert.equal(o.heartbeatMs, 5000);
  assert.equal(DEFAULTS.port, 3002);
  assert.equal(DEFAULTS.host, '127.0.0.1');
  assert.equal(DEFAULTS.tickMs, 100);
});

test('--trust-proxy: bare = 1 hop, --trust-proxy N = N hops, env QD_TRUST_PROXY as before', () => {
  assert.equal(parseOptions([]).trustProxy, 0);
  assert.equal(parseOptions(['--trust-proxy']).trustProxy, 1);
  assert.equal(parseOptions(['--trust-proxy', '--chaos']).trustProxy, 1);
  assert.equal(parseOptions(['--trust-proxy', '2', '--chaos']).trustProxy, 2);
  assert.equal(parseOptions(['--trust-proxy=3']).trustProxy, 3);
  assert.equal(parseOptions([], { QD_TRUST_PROXY: '1' }).trustProxy, 1);
  assert.equal(parseOptions([], { QD_TRUST_PROXY: 'true' }).trustProxy, 1);
  assert.equal(parseOptions([], { QD_TRUST_PROXY: '2' }).trustProxy, 2);
  assert.equal(parseOptions([], { QD_TRUST_PROXY: 'false' }).trustProxy, 0);
  assert.throws(() => parseOptions(['--trust-proxy=many']), /--trust-proxy must be an integer/);
});

test('under NODE_ENV=production, --dev-login and --chaos refuse to start (exit 1, a clear message)', () => {
  const env = { NODE_ENV: 'production', QD_JWT_SECRET: 's' };
  for (const args of [['--auth', 'jwt', '--dev-login'], ['--chaos']]) {
    const r = run(['--port', '0', ...args], env);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, new RegExp(`${args.at(-1)} is refused under NODE_ENV=production`));
  }
  const r = run(['--port', '0', '--dev-login']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--dev-login needs --auth jwt/);
  assert.equal(DEFAULTS.devLogin, false);
  assert.equal(DEFAULTS.chaos, false);
});

test('main.js logs one JSON line when listening and one per connection event, none per message; SIGTERM exits 0', async () => {
  const s = await spawnServer(['--tick-ms', '10', '--rate', '500'], { env: { PORT: '0', QD_HEARTBEAT_MS: '50' } });
  try {
    const l = s.lines.find((x) => x.event === 'listening');
    assert.equal(l.host, '127.0.0.1');
    assert.ok(l.port > 0);
    await waitFor(() => s.stderr().includes(`market-data backend: http://localhost:${l.port}`), { what: 'the URL line on stderr' });
    assert.equal(l.heartbeatMs, 50, 'env var applied');
    const c = await connect(s.wsUrl);
    c.send(subscribe());
    await waitFor(() => c.frames.filter((f) => f.type === 'market_data_update').length >= 20, { what: '20 updates' });
    c.close();
    await waitFor(() => s.lines.some((x) => x.event === 'client_disconnected'), { what: 'disconnect log' });
    const events = s.lines.map((x) => x.event);
    assert.deepEqual(events, ['listening', 'client_connected', 'client_disconnected']);
    for (const x of s.lines) assert.equal(typeof x.time, 'string');
    for (const x of s.lines) assert.equal(x.level, 'info', x.event);
    assert.equal(await s.stop(), 0);
    assert.deepEqual(s.lines.slice(-2).map((x) => x.event), ['shutdown', 'closed']);
  } finally {
    await s.stop();
  }
});

test('a port in use fails with a clear message and leaves nothing running', async () => {
  const a = await startServer({ port: 0, rate: 1 });
  try {
    await assert.rejects(startServer({ port: a.port, rate: 1 }), new RegExp(`port ${a.port} on 127.0.0.1 is already in use`));
    const r = run(['--port', String(a.port)]);
    assert.equal(r.status, 1, 'the CLI exits instead of hanging on leftover timers');
    assert.match(r.stderr, /already in use/);
  } finally {
    await a.close();
  }
});
