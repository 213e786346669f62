// Command-line flags shared by the benchmarks: `--quick` (prove it still works,
// small and fast) and `--reps N`.

/// Parses process.argv into { quick, reps, json, rest }.
export function benchArgs(defaults = {}) {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick') || process.env.QD_BENCH_QUICK === '1';
  const i = argv.indexOf('--reps');
  const reps = i >= 0 ? Math.max(1, parseInt(argv[i + 1], 10) || 1) : quick ? (defaults.quickReps ?? 1) : (defaults.reps ?? 5);
  return { quick, reps, json: argv.includes('--json'), argv };
}

/// Runs an async main; prints the error and exits 1 so `bench:quick` fails loudly.
export function runMain(main) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`bench failed: ${err?.stack || err}`);
      process.exit(1);
    },
  );
}

import { pathToFileURL } from 'node:url';
/// True when the module at `url` is the script node was started with.
export function isMain(url) {
  return !!process.argv[1] && url === pathToFileURL(process.argv[1]).href;
}
