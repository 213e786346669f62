// The reconnect herd alone: the scorecard's many-clients server restart,
// ours and socket.io one after the other in one run (contract §2: the first
// retry after a healthy drop is spread over [0, 1.5 s)).
// Run: node bench/scorecard/herd.mjs [--quick]
import { benchArgs, runMain, isMain } from '../lib/args.mjs';
import { config } from './index.mjs';
import { oursSide, sioSide } from './sides.mjs';
import { crowd, printCrowd } from './crowd.mjs';

export async function herd({ quick }) {
  const cfg = config(quick);
  const ours = await crowd({ name: 'ours', setup: (o = {}) => oursSide({ quick, ...o }) }, cfg);
  const sio = await crowd({ name: 'socket.io', setup: (o = {}) => sioSide({ quick, ...o }) }, cfg);
  const run = { ours: [ours], 'socket.io': [sio] };
  printCrowd(cfg, run);
  return run;
}

if (isMain(import.meta.url)) runMain(async () => { await herd(benchArgs()); });
