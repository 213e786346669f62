// Memory of a browser as the machine sees it: the private memory (pages no
// other process maps) of every process of one Chromium, from /proc (Linux).
// Why not each page's JS heap: a tab's cost is also its renderer, its wasm
// memory and the worker's thread, none of which a JS heap shows. Why private
// and not PSS: PSS shares libraries out among every Chromium on the machine,
// so another checkout's browser starting would move our numbers.
import fs from 'node:fs';

function readProc(pid, file) {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
}

/** The pids of the Chromium this process started (one at a time), and all their descendants. */
export function browserPids() {
  const parent = new Map();
  const roots = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(name, 'stat');
    if (!stat) continue;
    parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    const cmd = readProc(name, 'cmdline');
    const ppid = parent.get(Number(name));
    if (ppid === process.pid && cmd?.includes('chrom') && !cmd.includes('--type=')) roots.push(Number(name));
  }
  const pids = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!pids.has(pid) && pids.has(ppid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return [...pids];
}

/** Private_Clean + Private_Dirty over `pids`, bytes. */
export function privateBytes(pids) {
  let kb = 0;
  for (const pid of pids) {
    const rollup = readProc(pid, 'smaps_rollup') ?? '';
    for (const m of rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)) kb += Number(m[1]);
  }
  return kb * 1024;
}
