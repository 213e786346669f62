// The browser's workers, each written the one way Vite (and other bundlers)
// recognise: `new SharedWorker(new URL('./worker.js', import.meta.url), ...)`
// makes the worker script a chunk of its own, with the wasm as its asset.
import { portLink } from './port_link.js';

/** A link to the SharedWorker named `name` (created by the first tab, joined by the others). */
export function sharedWorkerLink(name) {
  const worker = new SharedWorker(new URL('./worker.js', import.meta.url), { type: 'module', name });
  const link = portLink(worker.port);
  // A script that cannot load (or a worker the browser refuses) fires error here.
  worker.onerror = (e) => link.onfail?.(`the SharedWorker failed: ${e?.message ?? 'load error'}`);
  return link;
}

/** A dedicated Worker running the hub; `port()` hands it one more tab. */
export function spawnWorker(name) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name });
  let failed = null;
  const onfail = new Set();
  worker.onerror = (e) => {
    failed = `the Worker failed: ${e?.message ?? 'load error'}`;
    for (const fn of onfail) fn(failed);
  };
  return {
    /** A link to the worker's hub for one tab. */
    port() {
      const ch = new MessageChannel();
      worker.postMessage({ t: 'port' }, [ch.port2]);
      const report = (why) => link.onfail?.(why);
      const link = portLink(ch.port1, { onClose: () => onfail.delete(report) });
      onfail.add(report);
      if (failed) queueMicrotask(() => report(failed));
      return { link, port: ch.port1 };
    },
    terminate: () => worker.terminate(),
  };
}
