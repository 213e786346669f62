// Builds the terminal as it was at a git ref, for before/after comparisons in
// one run: `git archive <ref> web/terminal` into a temporary folder whose
// node_modules is this checkout's, then `vite build` there. The wasm package
// comes from this checkout (web/pricefeed/dist), so only the terminal differs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../lib/paths.mjs';

/// Returns { dist, commit, remove() }; throws with a clear message when the
/// ref is not in this clone (a shallow clone, a tarball): pass --before <dist>.
export function buildTerminalAt(ref) {
  let commit;
  try {
    commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--verify', '--short', `${ref}^{commit}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(`git ref ${ref} is not in this clone: pass --before <a built terminal dist> or --before-ref <ref>`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-terminal-at-'));
  try {
    const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', commit, 'web/terminal'], { maxBuffer: 64 << 20 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // Today's package runs its engine in a worker, which Vite must bundle as
    // an ES module: an older terminal's config predates that, so it is
    // merged in (the terminal's own settings are kept).
    const config = path.join(dir, 'web/terminal/vite.bench.config.mjs');
    fs.writeFileSync(config, `import { mergeConfig } from 'vite';
import base from './vite.config.ts';
export default mergeConfig(base, { worker: { format: 'es' } });
`);
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', config, '--logLevel', 'error'], {
      cwd: path.join(dir, 'web/terminal'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dist: path.join(dir, 'web/terminal/dist'), commit, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
