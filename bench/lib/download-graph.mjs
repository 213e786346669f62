// Which of the package's files a browser downloads, in each mode the engine
// can run in (contract §8), read from the files themselves: Rollup parses
// every .js reachable from dist's index.js (static and dynamic imports, any
// bundler's output or none), and the code of each realm names its workers
// and its .wasm the one way the package writes them,
// `new URL('./worker.js', import.meta.url)` and `new URL('x.wasm', import.meta.url)`.
//
// A realm (the tab, or the worker) downloads the static closure of its entry
// and every dynamic import its code makes, except the fallbacks that mode does
// not take (FALLBACKS). An import this file does not know is counted in every
// mode, so a new lazy chunk cannot slip past the budget.
import fs from 'node:fs';
import path from 'node:path';
import { rollup } from 'rollup';

/// The fallbacks: dynamic imports that only some modes take, by the dist
/// file they load. local_feed.js in a tab: the engine in the page (runIn
/// 'page', or no worker); leader.js: leader election (runIn 'worker', where
/// SharedWorker is missing). The worker takes local_feed.js (its engine),
/// never leader.js.
export const FALLBACKS = ['local_feed.js', 'leader.js'];

/// The modes, and which fallbacks each realm takes. 'worker' is the leader
/// tab, which runs the dedicated Worker too (a follower tab downloads less).
export const MODES = [
  { mode: 'shared-worker', what: 'the default: the tab, and the SharedWorker every tab shares', tab: [], worker: ['local_feed.js'] },
  { mode: 'worker', what: 'no SharedWorker: the leader tab (leader election) and its dedicated Worker', tab: ['leader.js'], worker: ['local_feed.js'] },
  { mode: 'page', what: 'the engine in the page (runIn page, no workers, or workers refused)', tab: ['local_feed.js'], worker: null },
];

const WORKER_URL = /new\s+URL\(\s*["'`](\.\/[^"'`]+\.m?js)["'`]\s*,\s*import\.meta\.url\s*\)/g;
const WASM_URL = /new\s+URL\(\s*["'`]((?:\.\/)?[^"'`/]+\.wasm)["'`]\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The import graph of `dist` from `entry`: for every file reached, its static
 * and dynamic imports (absolute paths) and the workers and .wasm files its
 * code names.
 */
export async function importGraph(dist, entry = 'index.js') {
  const graph = new Map();
  const build = await rollup({
    input: path.join(dist, entry),
    // Node's own modules (the Node-only branch of the loader) are not files of dist.
    external: (id) => id.startsWith('node:'),
    onwarn() {},
    plugins: [{
      name: 'download-graph',
      moduleParsed(info) {
        graph.set(info.id, { static: info.importedIds, dynamic: info.dynamicallyImportedIds, named: [] });
      },
    }],
  });
  await build.close();
  // Workers are separate module graphs: parse each one a page names.
  for (const [file, node] of [...graph]) {
    const code = fs.readFileSync(file, 'utf8');
    const named = new Set();
    for (const [, url] of code.matchAll(WASM_URL)) named.add(path.resolve(path.dirname(file), url));
    for (const [, url] of code.matchAll(WORKER_URL)) {
      const worker = path.resolve(path.dirname(file), url);
      named.add(worker);
      if (!graph.has(worker)) for (const [f, n] of await importGraph(path.dirname(worker), path.basename(worker))) graph.set(f, n);
    }
    node.named = [...named];
  }
  return graph;
}

/** The files one realm downloads from `entry`, taking the fallbacks in `takes` and no other. */
function realm(graph, entry, takes) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const node = graph.get(file);
    if (!node) continue; // a .wasm
    queue.push(...node.static);
    for (const d of node.dynamic) {
      const name = path.basename(d);
      if (!FALLBACKS.includes(name) || takes.includes(name)) queue.push(d);
    }
    queue.push(...node.named.filter((f) => f.endsWith('.wasm')));
  }
  return seen;
}

/**
 * Per mode, the files a browser downloads (`files`): the tab's realm from
 * index.js (`tab`), and the worker's from the worker script the tab's code
 * names (`worker`, when the mode has one). A file both realms load is one
 * download: the same URL, from the same HTTP cache.
 */
export async function downloadsByMode(dist) {
  dist = path.resolve(dist);
  const graph = await importGraph(dist);
  const index = path.join(dist, 'index.js');
  const workers = [...graph.values()].flatMap((n) => n.named.filter((f) => /\.m?js$/.test(f)));
  const worker = workers[0];
  if (workers.some((w) => w !== worker)) throw new Error(`more than one worker script named: ${[...new Set(workers)].join(', ')}`);
  return MODES.map(({ mode, what, tab, worker: takes }) => {
    const inTab = realm(graph, index, tab);
    const inWorker = takes && worker ? realm(graph, worker, takes) : new Set();
    const sorted = (set) => [...set].sort();
    return { mode, what, tab: sorted(inTab), worker: sorted(inWorker), files: sorted(new Set([...inTab, ...inWorker])) };
  });
}
