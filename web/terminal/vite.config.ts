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
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  test: {
    environment: 'jsdom',
    include: ['../../tests/terminal/**/*.test.{ts,tsx}'],
    setupFiles: ['../../tests/terminal/setup.ts'],
    restoreMocks: true,
    // The wasm package is loaded by Node itself, as it would be from
    // node_modules: Vite's transform would rewrite its `new URL(.wasm,
    // import.meta.url)` to an http URL of a dev server that does not exist.
    server: { deps: { external: [/web\/pricefeed\/dist\//] } },
  },
});
