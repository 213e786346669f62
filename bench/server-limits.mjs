// The reference backend's limits, measured (not a test: it prints numbers).
//   1. RSS of the server process with N idle WebSocket clients (connected, no
//      subscription: they get only heartbeats), spread over loopback
//      addresses 127.0.1.x so each stays under the per-address cap.
//   2. One address opening sockets past its cap (--max-clients-per-ip):
//      how many are admitted, how many are closed with 1013 and how fast,
//      and whether another address still gets in.
//   3. M slowloris connections (headers started, never finished) held open
//      while GET /health is timed, against the same with none; then how long
//      the server takes to cut them (--headers-timeout-ms).
// The server runs as its own process (node web/server/src/main.js) with the
// default options unless said; everything stays on 127.0.0.0/8 and stops by
// itself. Both processes need N + M file descriptors: the script says so if
// `ulimit -n` is too low (raise it in the shell that runs it).
//
// Run: node bench/server-limits.mjs [--quick] [--idle 10000] [--slowloris 1000] [--samples 200]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { request } from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { median, percentile } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { ROOT } from './lib/paths.mjs';

const MAIN = path.join(ROOT, 'web/server/src/main.js');
/// Sockets per source address: under the server's default per-address cap (200).
const PER_ADDRESS = 150;

const flag = (argv, name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fdLimit() {
  try {
    return Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))[1]);
  } catch {
    return Infinity;
  }
}

async function startServer(args) {
  const proc = spawn(process.execPath, [MAIN, '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((resolve, reject) => {
    proc.stderr.on('data', () => {
      const m = /http:\/\/localhost:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${err}`)));
  });
  proc.stdout.resume();
  return {
    proc, port,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
    },
  };
}

/// Opens one WebSocket from `localAddress`; resolves 'open' once the server
/// admitted it (a pong came back) or the close code it was refused with.
function openSocket(port, localAddress) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress });
    ws.on('error', () => {});
    ws.on('open', () => ws.send('{"type":"ping","timestamp":1}'));
    ws.on('message', (d) => { if (JSON.parse(d).type === 'pong') resolve({ ws, result: 'open' }); });
    ws.on('close', (code) => resolve({ ws, result: code }));
  });
}

/// GET /health on a fresh connection; its latency in ms.
function healthMs(port) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    request({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - t0 : NaN));
    }).on('error', reject).end();
  });
}

async function healthLatency(port, samples) {
  const ms = [];
  for (let i = 0; i < samples; i++) ms.push(await healthMs(port));
  return { median: median(ms), p95: percentile(ms, 95), failed: ms.filter((x) => !Number.isFinite(x)).length };
}

async function idleRss(n) {
  const srv = await startServer([]);
  const sockets = [];
  try {
    await sleep(500);
    const before = rssMiB(srv.proc.pid);
    const t0 = performance.now();
    for (let i = 0; i < n; i += 200) {
      const batch = [];
      for (let k = i; k < Math.min(n, i + 200); k++) batch.push(openSocket(srv.port, `127.0.1.${1 + Math.floor(k / PER_ADDRESS)}`));
      for (const { ws, result } of await Promise.all(batch)) {
        if (result !== 'open') throw new Error(`socket refused with ${result}`);
        sockets.push(ws);
      }
    }
    const connectS = (performance.now() - t0) / 1000;
    await sleep(2000); // settle past a heartbeat
    const after = rssMiB(srv.proc.pid);
    return { n, before, after, perClientKiB: ((after - before) * 1024) / n, connectS };
  } finally {
    for (const ws of sockets) ws.terminate();
    await srv.stop();
  }
}

async function perAddressCap(attempts) {
  const srv = await startServer([]);
  const sockets = [];
  try {
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: attempts }, () => openSocket(srv.port, '127.0.2.1')));
    const ms = performance.now() - t0;
    for (const r of results) sockets.push(r.ws);
    const other = await openSocket(srv.port, '127.0.2.2');
    sockets.push(other.ws);
    const count = (x) => results.filter((r) => r.result === x).length;
    return { attempts, admitted: count('open'), refused1013: count(1013), other: other.result, ms };
  } finally {
    for (const ws of sockets) ws.terminate();
    await srv.stop();
  }
}

async function slowloris(m, samples, headersTimeoutMs) {
  const srv = await startServer(['--headers-timeout-ms', String(headersTimeoutMs)]);
  const conns = [];
  try {
    const baseline = await healthLatency(srv.port, samples);
    const t0 = performance.now();
    for (let i = 0; i < m; i++) {
      conns.push(await new Promise((resolve, reject) => {
        const s = tcp({ port: srv.port, host: '127.0.0.1', localAddress: `127.0.3.${1 + (i % 250)}` }, () => {
          s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '); // and never the rest
          resolve(s);
        });
        s.on('error', reject);
        s.resume(); // read, so the server's 408 and FIN are seen
        s.closedAt = new Promise((r) => s.on('close', () => r(performance.now() - t0)));
      }));
    }
    const openedS = (performance.now() - t0) / 1000;
    const held = await healthLatency(srv.port, samples);
    const heldWhileSampling = conns.filter((s) => !s.destroyed).length;
    const closedAfter = await Promise.all(conns.map((s) => s.closedAt));
    return { m, openedS, baseline, held, heldWhileSampling, cutMedianS: median(closedAfter) / 1000, cutMaxS: Math.max(...closedAfter) / 1000 };
  } finally {
    for (const s of conns) s.destroy();
    await srv.stop();
  }
}

export async function serverLimits({ quick, argv }) {
  const idle = flag(argv, 'idle', quick ? 300 : 10_000);
  const loris = flag(argv, 'slowloris', quick ? 100 : 1_000);
  const samples = flag(argv, 'samples', quick ? 20 : 200);
  const need = Math.max(idle, loris) + 100;
  if (fdLimit() < need) throw new Error(`ulimit -n is ${fdLimit()}; ${need} needed for --idle ${idle} / --slowloris ${loris} (raise it, or pass smaller counts)`);

  const r = await idleRss(idle);
  printTable(`Server RSS with ${idle.toLocaleString('en-US')} idle WebSocket clients (heartbeats only)`,
    ['clients', 'RSS before (MiB)', 'RSS after (MiB)', 'per client (KiB)', 'connect time (s)'],
    [[r.n, r.before, r.after, r.perClientKiB, r.connectS]]);

  const c = await perAddressCap(quick ? 210 : 250);
  printTable('One address opening sockets past its cap (--max-clients-per-ip 200)',
    ['attempts', 'admitted', 'closed 1013', 'another address', 'all settled in (ms)'],
    [[c.attempts, c.admitted, c.refused1013, c.other === 'open' ? 'admitted' : `refused ${c.other}`, c.ms]]);

  const headersTimeoutMs = quick ? 2000 : 10_000; // the default is 10 s; quick mode only proves the cut happens
  const s = await slowloris(loris, samples, headersTimeoutMs);
  printTable(`GET /health while ${loris.toLocaleString('en-US')} slowloris connections are held (${samples} sequential requests each)`,
    ['', 'median (ms)', 'p95 (ms)', 'failed'],
    [['no slowloris', s.baseline.median, s.baseline.p95, s.baseline.failed],
      [`${s.heldWhileSampling} held open`, s.held.median, s.held.p95, s.held.failed]]);
  printTable(`When the server cut them (--headers-timeout-ms ${headersTimeoutMs}, checked every 1 s)`,
    ['connections', 'opened in (s)', 'cut after, median (s)', 'last cut after (s)'],
    [[s.m, s.openedS, s.cutMedianS, s.cutMaxS]]);
  if (c.admitted !== 200 || c.other !== 'open' || s.held.failed) throw new Error('a limit did not behave as documented');
}

if (isMain(import.meta.url)) runMain(() => serverLimits(benchArgs()));
