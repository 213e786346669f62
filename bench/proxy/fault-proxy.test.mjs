// Tests of the fault proxy against a loopback echo server.
// Run: node --test bench/proxy/fault-proxy.test.mjs
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startFaultProxy } from './fault-proxy.mjs';
import { waitFor as waitForBase } from '../../tests/lib/wait-for.mjs';

let echo;
let echoReceived = 0;
before(async () => {
  echo = net.createServer((s) => {
    s.on('data', (b) => { echoReceived += b.length; s.write(b); });
    s.on('error', () => {});
  });
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
});
after(() => new Promise((r) => echo.close(r)));

const waitFor = (cond, ms = 2000) => waitForBase(cond, { timeoutMs: ms });

function connect(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.off('error', reject); resolve(s); });
    s.once('error', reject);
  });
}

function collect(s) {
  const st = { bytes: 0, text: '', error: null, closed: false };
  s.on('data', (b) => { st.bytes += b.length; st.text += b.toString(); });
  s.on('error', (e) => { st.error = e; });
  s.on('close', () => { st.closed = true; });
  return st;
}

test('pass-through echoes bytes both ways', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  const s = await connect(p.port);
  const st = collect(s);
  s.write('hello');
  await waitFor(() => st.text === 'hello');
  assert.equal(p.stats.forwardedBytes, 10);
  s.destroy();
  await p.close();
});

test('reset destroys open connections with ECONNRESET; new ones pass', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  const s = await connect(p.port);
  const st = collect(s);
  s.write('x');
  await waitFor(() => st.bytes === 1);
  p.reset();
  await waitFor(() => st.closed);
  assert.equal(st.error?.code, 'ECONNRESET');
  assert.equal(p.stats.resets, 1);
  const s2 = await connect(p.port);
  const st2 = collect(s2);
  s2.write('again');
  await waitFor(() => st2.text === 'again');
  s2.destroy();
  await p.close();
});

test('blackhole accepts but delivers nothing either way, and stays dead after restore', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  const old = await connect(p.port);
  const oldSt = collect(old);
  old.write('a');
  await waitFor(() => oldSt.bytes === 1);
  p.blackhole();
  const before = echoReceived;
  old.write('bb');
  const fresh = await connect(p.port); // accepted: the fault looks like a live path
  fresh.write('ccc');
  await waitFor(() => p.stats.droppedBytes === 5);
  assert.equal(echoReceived, before, 'the server saw none of the black-holed bytes');
  assert.equal(oldSt.bytes, 1);
  await p.restore();
  old.write('d');
  await waitFor(() => p.stats.droppedBytes === 6);
  assert.equal(oldSt.bytes, 1, 'a connection that lost bytes stays dead');
  const s3 = await connect(p.port);
  const st3 = collect(s3);
  s3.write('ok');
  await waitFor(() => st3.text === 'ok');
  for (const s of [old, fresh, s3]) s.destroy();
  await p.close();
});

test('delay holds each chunk at least the given time and keeps order', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  p.delay(60);
  const s = await connect(p.port);
  const st = collect(s);
  const t0 = performance.now();
  s.write('1');
  s.write('2');
  await waitFor(() => st.text === '12');
  // Two one-way delays: there and back.
  assert.ok(performance.now() - t0 >= 119, `echo took ${performance.now() - t0} ms`);
  s.destroy();
  await p.close();
});

test('throttle paces bytes to the given rate', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  p.throttle(20_000);
  const s = await connect(p.port);
  const st = collect(s);
  const t0 = performance.now();
  s.write(Buffer.alloc(4000, 65));
  await waitFor(() => st.bytes === 4000);
  // 4,000 bytes each way at 20,000 B/s is at least 200 ms one way.
  assert.ok(performance.now() - t0 >= 199, `took ${performance.now() - t0} ms`);
  s.destroy();
  await p.close();
});

test('refuse makes connects fail with ECONNREFUSED on the same port; restore reopens it', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  const port = p.port;
  await p.refuse();
  await assert.rejects(connect(port), { code: 'ECONNREFUSED' });
  await p.restore();
  assert.equal(p.port, port);
  const s = await connect(port);
  s.destroy();
  await p.close();
});

test('refuse with reset also drops the open connections', async () => {
  const p = await startFaultProxy({ targetPort: echo.address().port });
  const s = await connect(p.port);
  const st = collect(s);
  await p.refuse({ reset: true });
  await waitFor(() => st.closed);
  assert.equal(st.error?.code, 'ECONNRESET');
  assert.equal(p.connections, 0);
  await p.close();
});

test('a bad target port is a clear error', async () => {
  await assert.rejects(startFaultProxy({ targetPort: 0 }), /targetPort must be a positive integer/);
});
