// The native engine bench (bench/native, its own CMake project): built on
// demand into build/bench-native with -j2, then run for one JSON result.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './paths.mjs';

const NATIVE_BUILD = path.join(ROOT, 'build/bench-native');
const NATIVE_BIN = path.join(NATIVE_BUILD, 'engine_sim');

/// Configures once, builds every time (a no-op when up to date, so a bench
/// never measures a stale engine), returns the binary's path.
export function nativeBinary() {
  if (!fs.existsSync(path.join(NATIVE_BUILD, 'CMakeCache.txt'))) {
    execFileSync('cmake', ['-S', path.join(ROOT, 'bench/native'), '-B', NATIVE_BUILD, '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'ignore' });
  }
  execFileSync('cmake', ['--build', NATIVE_BUILD, '-j2'], { stdio: 'ignore' });
  return NATIVE_BIN;
}

/// Runs engine_sim with `args` and parses its one-line JSON answer.
export function runNative(args) {
  return JSON.parse(execFileSync(nativeBinary(), args, { encoding: 'utf8' }));
}
