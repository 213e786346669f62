// @vitest-environment node
// Holds the package's hand-written index.d.ts to what index.js really returns.
// tsc checks this file (npm run typecheck): the real createPriceFeed result
// is assigned to the declared types. At run time, the names the .d.ts
// declares (read with the TypeScript compiler, not a regex) must equal the
// keys of the real objects, both ways: a method added to index.js but not
// declared fails here, as does a declared one that index.js lacks.
// (tests/node/connect.test.mjs holds the data objects: info, counters,
// status events, price updates.)
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import * as pkg from '@quantdesk/pricefeed';
import { createPriceFeed, type ConnectionInfo, type PriceFeed } from '@quantdesk/pricefeed';

const DTS = fileURLToPath(new URL('../../bindings/js/index.d.ts', import.meta.url));

function declared() {
  const program = ts.createProgram([DTS], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(DTS)!;
  const mod = checker.getSymbolAtLocation(file)!;
  const exports = checker.getExportsOfModule(mod);
  const typeOf = (name: string) => {
    const sym = exports.find((e) => e.name === name);
    if (!sym) throw new Error(`index.d.ts declares no ${name}`);
    return checker.getDeclaredTypeOfSymbol(sym);
  };
  const keys = (t: ts.Type) => checker.getPropertiesOfType(t).map((p) => p.name).sort();
  const memoryStats = exports.find((e) => e.name === 'memoryStats')!;
  const [signature] = checker.getTypeOfSymbol(memoryStats).getCallSignatures();
  const awaited = checker.getAwaitedType(signature.getReturnType())!;
  return {
    /** Values only: interfaces and type aliases have no run-time name. */
    values: exports.filter((e) => e.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Alias) && !(e.flags & ts.SymbolFlags.Type)).map((e) => e.name).sort(),
    feed: keys(typeOf('PriceFeed')),
    info: keys(typeOf('ConnectionInfo')),
    counters: keys(typeOf('FeedCounters')),
    memoryStats: keys(awaited),
  };
}

describe('index.d.ts against index.js', () => {
  it('declares exactly the exports, feed methods and fields that the real package has', async () => {
    const d = declared();
    expect(Object.keys(pkg).sort()).toEqual(d.values);

    // No connect(): nothing is dialled, the objects are only read.
    const feed: PriceFeed = await createPriceFeed({ wsUrl: 'ws://127.0.0.1:9/ws', pollUrl: '', pageEvents: false, WebSocket: WsWebSocket });
    try {
      expect(Object.keys(feed).sort()).toEqual(d.feed);
      for (const k of d.feed) expect(typeof (feed as unknown as Record<string, unknown>)[k]).toBe('function');
      const info: ConnectionInfo = feed.getConnectionInfo();
      expect(Object.keys(info).sort()).toEqual(d.info);
      expect(Object.keys(info.counters).sort()).toEqual(d.counters);
      expect(Object.keys(await pkg.memoryStats()).sort()).toEqual(d.memoryStats);
    } finally {
      feed.dispose();
    }
  });
});
