import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/// The reference backend's default address (docs/contract.md §2); the dev
/// server proxies to it so the page can keep dialling its own origin.
const BACKEND = 'http://127.0.0.1:3002';

export default defineConfig({
  plugins: [react()],
  // The wasm package locates its .wasm through `new URL(..., import.meta.url)`;
  // pre-bundling would move the JS away from the .wasm, so it is excluded.
  optimizeDeps: { exclude: ['@quantdesk/pricefeed'] },
  server: {
    port: 5173,
    strictPort: true,
    host: '127.0.0.1',
    proxy: {
      '/ws': { target: BACKEND, ws: true },
      '/api': { target: BACKEND },
    },
  },
  // terser, not Vite's default esbuild: the package's files arrive minified
  // by terser and Vite re-minifies them (the worker is bundled again with
  // the engine's glue); esbuild gave back 0.6 KB gzip of the worker alone,
  // and the whole terminal is 3.4 KB gzip smaller (docs/package.md, "What a
  // browser downloads"). terser is the root's pinned devDependency.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, minify: 'terser' },
  // The price engine runs in a module SharedWorker (@quantdesk/pricefeed,
  // contract §8) whose glue uses top-level await: Vite's default 'iife'
  // worker format cannot hold it.
  worker: { format: 'es' },
  test: {
    environment: 'jsdom',
    include: ['../../tests/terminal/**/*.test.{ts,tsx}'],
    setupFiles: ['../../tests/terminal/setup.ts'],
    restoreMocks: true,
    // An upper bound, not a speed check: the integration tests load the real
    // wasm package (and tsc) and wait on a real backend, which takes seconds
    // on a busy 2-core machine; unit tests finish in milliseconds anyway.
    testTimeout: 30_000,
    // The wasm package is loaded by Node itself, as it would be from
    // node_modules: Vite's transform would rewrite its `new URL(.wasm,
    // import.meta.url)` to an http URL of a dev server that does not exist.
    server: { deps: { external: [/web\/pricefeed\/dist\//] } },
  },
});
