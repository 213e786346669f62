// The console budget of contract §2: what the engine prints during a
// 10-minute outage of each shape, starting from Live, with REST down and with
// REST up. The native engine in virtual time (bench/native/engine_sim), so
// the 10 minutes take milliseconds and the counts are exact. The contract's
// bound is 12 lines of ours per outage.
// Run: node bench/console-budget.mjs [--quick]
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { runNative } from './lib/native.mjs';
import { printTable } from './lib/table.mjs';

const SHAPES = [
  ['refused', 'refused (server gone)'],
  ['hung', 'hung handshakes'],
  ['flapping', 'flapping (accept, snapshot, drop)'],
  ['no-snapshot', 'accepts, never sends a snapshot'],
  ['silent', 'snapshot, then silence'],
];
const BUDGET = 12;

export function consoleBudget({ quick }) {
  const seconds = 600; // virtual time: the same cost in quick mode
  const rows = [];
  let over = 0;
  for (const [shape, label] of SHAPES) {
    for (const rest of ['rest-down', 'rest-up']) {
      const r = runNative(['outage', String(seconds), shape, rest]);
      if (r.logLines > BUDGET) over++;
      rows.push([label, rest === 'rest-up' ? 'up' : 'down', r.logLines, r.wsAttempts, r.polls, r.stateChanges, r.state]);
    }
  }
  printTable(`Console lines of ours in a 10-minute outage from Live, by shape (virtual time; budget ${BUDGET})${quick ? ' (quick: same run)' : ''}`,
    ['outage shape', 'REST', 'console lines', 'WebSocket attempts', 'polls', 'state changes', 'state at the end'], rows);
  if (over) throw new Error(`${over} outage shape(s) printed more than ${BUDGET} lines`);
  return rows;
}

if (isMain(import.meta.url)) runMain(async () => { consoleBudget(benchArgs()); });
