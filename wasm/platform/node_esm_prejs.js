// --extern-pre-js: Emscripten 3.1.6's EXPORT_ES6 output still reaches for
// `require` and `__dirname` in its Node branch. Define them at module top
// level, under Node only, without a static import a bundler would follow.
var require, __dirname, __filename;
if (typeof process == 'object' && process.versions && process.versions.node && typeof window == 'undefined') {
  const moduleName = 'node:module';
  const { createRequire } = await import(/* @vite-ignore */ moduleName);
  require = createRequire(import.meta.url);
  __filename = require('node:url').fileURLToPath(import.meta.url);
  __dirname = require('node:path').dirname(__filename);
}
