// Runs every benchmark in turn, each in its own Node process, and prints their
// tables to stdout (nothing is written to disk except bench/native's build
// tree under build/). `--quick` runs each in its quick mode, which only proves
// it still works; the exit code is non-zero if any of them broke.
// Run: npm run bench   |   npm run bench:quick
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/paths.mjs';

const quick = process.argv.includes('--quick');
const flag = quick ? ['--quick'] : [];

/// In order: cheap first, the long scorecard last (its full mode includes a
/// real 10-minute outage).
const BENCHES = [
  { name: 'fault proxy tests', cmd: ['--test', 'bench/proxy/fault-proxy.test.mjs'], quickOnly: true },
  { name: 'size', cmd: ['bench/size.mjs', ...flag] },
  { name: 'memory', cmd: ['bench/memory.mjs', ...flag] },
  { name: 'console budget', cmd: ['bench/console-budget.mjs', ...flag] },
  { name: 'server limits (idle sockets, per-address cap, slowloris)', cmd: ['bench/server-limits.mjs', ...flag] },
  { name: 'ingest (Node, owned by the wasm package)', cmd: ['bench/ingest-node.mjs', ...flag], optional: 'bench/ingest-node.mjs' },
  { name: 'ingest (Chromium)', cmd: ['bench/ingest-browser.mjs', ...flag] },
  { name: 'one feed per browser (Chromium: SharedWorker vs page vs plain, sockets and memory per tab)', cmd: ['bench/one-feed.mjs', ...flag] },
  { name: 'terminal under load (Chromium)', cmd: ['bench/terminal-load.mjs', ...flag] },
  { name: 'terminal rendering cost, before and after (Chromium)', cmd: ['bench/terminal-paint.mjs', ...flag] },
  { name: 'failover scorecard', cmd: ['bench/scorecard/index.mjs', ...flag] },
];

const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? '?';
console.log(`# QuantDesk benchmarks${quick ? ' (quick mode: proves they run; numbers mean little)' : ''}`);
console.log(`machine: ${os.cpus().length} cores (nproc), ${cpu}; node ${process.version}; ${os.platform()} ${os.release()}; ${new Date().toISOString()}`);

const failed = [];
for (const b of BENCHES) {
  if (b.quickOnly && !quick) continue;
  if (b.optional && !fs.existsSync(path.join(ROOT, b.optional))) { console.log(`\n## ${b.name}: skipped (${b.optional} not present)`); continue; }
  console.log(`\n## ${b.name}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, b.cmd, { cwd: ROOT, stdio: 'inherit' });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) { failed.push(b.name); console.log(`-> ${b.name} FAILED (exit ${r.status ?? r.signal}) after ${s} s`); } else console.log(`-> ${b.name}: ${s} s`);
}
if (failed.length) { console.error(`\nbenchmarks that broke: ${failed.join(', ')}`); process.exit(1); }
