// The package's JavaScript as a browser downloads it (docs/package.md,
// "What a browser downloads"): the readable sources in bindings/js and
// Emscripten's glue, bundled by Rollup into a few files, each minified by
// terser.
//
//   index.js       the package's entry: exactly its public exports, from page.js
//   page.js        the tab's code (createPriceFeed, the proxy to a worker) and
//                  what the worker shares with it (options, protocol, ...)
//   worker.js      the worker's entry, `new URL('./worker.js', import.meta.url)`
//   local_feed.js  the engine in this realm, with the glue: the worker's, or
//                  a page's when the engine runs in the page (imported then)
//   leader.js      leader election, imported only where SharedWorker is missing
//
// Why: small files gzip badly one by one (the 14 files of the JS layer were
// 13.3 KB gzip, the same code in these few is about 4 KB less), and the
// fallbacks are reached by dynamic import, so a tab in the default mode never
// downloads them. The worker imports the shared code from page.js, which its
// tab has already loaded from the same URL (docs/package.md says why that is
// one download). bench/size.mjs counts each mode from dist's import graph.
//
// Run by CMake (bindings/CMakeLists.txt):
//   node bindings/bundle.mjs --glue GLUE.js --out DIST [--no-minify]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { minify } from 'terser';

const SOURCES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'js');
/// Entry points, named as dist names them: index.js by the package's
/// exports, worker.js by `new URL('./worker.js', ...)`, the two fallbacks by
/// the dynamic imports in index.js (and the tests load local_feed.js for the
/// real engine).
const ENTRIES = ['index', 'worker', 'local_feed', 'leader'];
/// page.js: what the tab runs in the default mode. A module not listed here
/// lands where Rollup puts it (its entry, or a chunk of its own).
const PAGE = ['index', 'proxy_feed', 'workers', 'price_mirror', 'batch_codec', 'subscription', 'protocol', 'options',
  'feed_events', 'port_link'].map((m) => path.join(SOURCES, `${m}.js`));
/// terser's settings, as for the glue (bindings/CMakeLists.txt): ES module
/// scope, two compress passes; only the `@vite-ignore` hints stay.
const TERSER = { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: /@vite-ignore/ } };

/** The glue's specifier in local_feed.js resolves to the link's output. */
function glueAt(file) {
  return {
    name: 'pricefeed-glue',
    resolveId: (id) => (id === './pricefeed_wasm.js' ? path.resolve(file) : null),
  };
}

/**
 * Bundles into `out` and removes every other .js file there (a chunk of an
 * earlier build, a file the package no longer has), so dist holds exactly
 * what this build made. Returns the names of the files written.
 */
export async function bundle({ glue, out, minified = true }) {
  if (!fs.existsSync(glue)) throw new Error(`no glue at ${glue}: link pricefeed_wasm first`);
  const build = await rollup({
    input: Object.fromEntries(ENTRIES.map((e) => [e, path.join(SOURCES, `${e}.js`)])),
    plugins: [glueAt(glue)],
    // Each entry exports exactly what its source exports (index.js is held
    // to index.d.ts by the terminal's type test).
    preserveEntrySignatures: 'strict',
    onwarn(warning) {
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  const { output } = await build.generate({
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name].js',
    manualChunks: (id) => (PAGE.includes(id) ? 'page' : undefined),
    // Short names for what the files import from each other.
    minifyInternalExports: true,
  });
  await build.close();
  fs.mkdirSync(out, { recursive: true });
  const written = [];
  for (const chunk of output) {
    if (chunk.type !== 'chunk') throw new Error(`rollup emitted an asset: ${chunk.fileName}`);
    const code = minified ? (await minify(chunk.code, TERSER)).code : chunk.code;
    fs.writeFileSync(path.join(out, chunk.fileName), code + '\n');
    written.push(chunk.fileName);
  }
  for (const f of fs.readdirSync(out)) {
    if (/\.m?js$/.test(f) && !written.includes(f)) fs.rmSync(path.join(out, f));
  }
  return written;
}

async function main() {
  const { values } = parseArgs({
    options: {
      glue: { type: 'string' },
      out: { type: 'string' },
      'no-minify': { type: 'boolean', default: false },
    },
  });
  if (!values.glue || !values.out) throw new Error('usage: node bindings/bundle.mjs --glue GLUE.js --out DIST [--no-minify]');
  await bundle({ glue: values.glue, out: values.out, minified: !values['no-minify'] });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
