#!/usr/bin/env node
// Server load bench (not a test): N concurrent loopback WebSocket clients on
// the reference backend with the simulated feed at its top rate. Prints
// updates/s delivered, end-to-end latency (publishTime -> client receipt),
// seq gaps, and the server process's CPU and RSS from /proc.
//
//   node bench/server-load.mjs [--clients 500] [--seconds 8] [--ticks 100,20]
//
// Bounded: each phase runs --seconds (default 8; two phases, ~20 s total) on
// 127.0.0.1, then everything is closed.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const CLIENTS = Number(arg('clients', 500));
const SECONDS = Number(arg('seconds', 8));
const TICKS = String(arg('ticks', '100,20')).split(',').map(Number);
const RATE = 10000; // the simulated feed's top rate
const MAIN = fileURLToPath(new URL('../web/server/src/main.js', import.meta.url));
const CLK_TCK = 100; // USER_HZ on Linux

function procStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(f[11]) + Number(f[12]); // utime + stime
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  return { cpuS: cpuTicks / CLK_TCK, rss };
}

async function startServer(tickMs) {
  const proc = spawn(process.execPath, [MAIN, '--port', '0', '--rate', String(RATE), '--tick-ms', String(tickMs),
    '--rate-limit', '0', '--seed', '1', '--max-clients-per-ip', String(CLIENTS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = /"event":"listening","port":(\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  proc.stdout.resume(); // keep draining its connection logs
  return { proc, port };
}

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

async function phase(tickMs) {
  const { proc, port } = await startServer(tickMs);
  const url = `ws://127.0.0.1:${port}/ws`;
  let updates = 0;
  let frames = 0;
  let gaps = 0;
  let measuring = false;
  const latencies = [];
  const sockets = [];
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const last = new Map();
    ws.on('open', () => {
      ws.send('{"type":"subscribe","channel":"market_data"}');
      resolve();
    });
    ws.on('error', reject);
    ws.on('message', (data) => {
      const m = JSON.parse(data);
      if (m.type !== 'market_data_update' && m.type !== 'snapshot') return;
      const list = Array.isArray(m.data) ? m.data : [m.data];
      const now = Date.now();
      for (const u of list) {
        const prev = last.get(u.symbol);
        if (measuring && m.type === 'market_data_update' && prev !== undefined && u.seq !== prev + 1) gaps++;
        last.set(u.symbol, u.seq);
      }
      if (!measuring || m.type !== 'market_data_update') return;
      frames++;
      updates += list.length;
      // Sample latency on a tenth of the clients to keep the bench's own cost low.
      if (i % 10 === 0) for (const u of list) latencies.push(now - u.publishTime);
    });
    sockets.push(ws);
  })));
  const connectMs = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 1000)); // warm-up: snapshots delivered, JIT settled
  const s0 = procStat(proc.pid);
  const w0 = Date.now();
  measuring = true;
  let peakRss = s0.rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, procStat(proc.pid).rss); }, 250);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  clearInterval(sampler);
  const s1 = procStat(proc.pid);
  const wall = (Date.now() - w0) / 1000;
  const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
  for (const ws of sockets) ws.terminate();
  proc.kill('SIGTERM');
  await new Promise((r) => proc.on('exit', r));
  latencies.sort((a, b) => a - b);
  return {
    tickMs,
    clients: CLIENTS,
    connectMs,
    updatesPerS: Math.round(updates / wall),
    framesPerS: Math.round(frames / wall),
    perClientUpdatesPerS: +(updates / wall / CLIENTS).toFixed(1),
    seqGaps: gaps,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) },
    serverCpuPct: Math.round(((s1.cpuS - s0.cpuS) / wall) * 100),
    serverRssMiB: +(s1.rss / 2 ** 20).toFixed(1),
    serverPeakRssMiB: +(peakRss / 2 ** 20).toFixed(1),
    heldClients: health.ws.held,
    slowDropped: health.ws.slowDropped,
    feedRawPerS: Math.round(health.publisher.raw / health.uptimeS),
  };
}

console.log(`server-load: ${CLIENTS} clients, simulated feed at ${RATE} updates/s, ${SECONDS} s per phase, node ${process.version}`);
for (const t of TICKS) {
  const r = await phase(t);
  console.log(JSON.stringify(r));
  console.log(`  tick ${t} ms: ${r.updatesPerS.toLocaleString('en')} updates/s delivered (${r.framesPerS.toLocaleString('en')} frames/s), ` +
    `latency p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms, server CPU ${r.serverCpuPct}% of one core, RSS ${r.serverRssMiB} MiB (peak ${r.serverPeakRssMiB}), seq gaps ${r.seqGaps}`);
}
