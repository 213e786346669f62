// Runs one side's server in its own process, so a crowd of clients in the
// bench process does not share an event loop with the server they measure
// (a real fleet of terminals runs on other machines than its backend).
//   node bench/scorecard/server-process.mjs ours|socket.io '<options json>'
// prints one line {"event":"ready","port":N} on stdout once it listens; a
// SIGKILL is the crash or deploy the crowd scenario restarts it from.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_MODULE } from '../lib/paths.mjs';

const SELF = fileURLToPath(import.meta.url);

/// Starts `kind`'s server with `options` in a child process; resolves
/// { port, kill() } once it listens.
export function spawnServer(kind, options) {
  const child = spawn(process.execPath, [SELF, kind, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before it listened`)));
    child.stdout.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.includes('"ready"'));
      if (!line) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      resolve({
        port: JSON.parse(line).port,
        /// SIGKILL: every connection is reset at once, as in a crash.
        async kill() {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

async function main(kind, options) {
  if (kind === 'ours') {
    const { startServer } = await import(SERVER_MODULE);
    const srv = await startServer({ ...options, log: () => {} });
    process.stdout.write(JSON.stringify({ event: 'ready', port: srv.port }) + '\n');
  } else {
    const { startSocketIoPeer } = await import('./socketio-peer.mjs');
    const peer = await startSocketIoPeer(options);
    process.stdout.write(JSON.stringify({ event: 'ready', port: peer.port }) + '\n');
  }
}

if (process.argv[1] === SELF) await main(process.argv[2], JSON.parse(process.argv[3] ?? '{}'));
