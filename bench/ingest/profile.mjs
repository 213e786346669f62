// Where the wasm path spends its time: a CDP CPU profile's self time grouped
// into the costs the issue asks about.

/// Category of one profile node's call frame.
export function categorize({ functionName: fn, url }) {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return 'idle / browser';
  if (/^(stringToUTF8|stringToUTF8Array|lengthBytesUTF8)$/.test(fn)) return 'string copy into the heap (JS glue)';
  if (/^(UTF8ToString|UTF8ArrayToString|readLatin1String)$/.test(fn)) return 'strings out of the heap (JS glue)';
  if (/emval|embind|Emval|invoker|Invoker|WireType|simpleReadValue|craft|dynCall|getWasmTableEntry|requireRegisteredType|__emval/.test(fn)) return 'Embind boundary (JS glue)';
  if (/\.wasm/.test(url) || /^\$|^wasm-function/.test(fn) || url.startsWith('wasm://')) return 'inside wasm (parse, book, batch)';
  if (/pricefeed_wasm\.js/.test(url)) return 'other JS glue (websocket/timer lib)';
  if (/\/pricefeed\//.test(url)) return 'package JS layer (index.js)';
  // The harness posts one MessageChannel message per frame (the stand-in for
  // the browser's own message dispatch); its cost is the same for both sides.
  if (/\/bench\//.test(url) || fn === 'postMessage') return 'bench harness + subscriber';
  return 'other';
}

/// Sums self time per category (ms) from a CDP Profiler profile.
export function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dts = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (dts[i + 1] ?? 0) / 1000;
    const cat = categorize(node.callFrame);
    self.set(cat, (self.get(cat) ?? 0) + dt);
  }
  return self;
}

/// The heaviest individual functions (for naming the hot spot precisely).
export function topFunctions(profile, n = 8) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const cf = byId.get(profile.samples[i]).callFrame;
    if (/^\((idle|program|root)\)$/.test(cf.functionName)) continue;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').pop()}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}
