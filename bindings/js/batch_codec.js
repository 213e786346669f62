// A batch of prices as it crosses from the worker to a tab: one Float64Array
// (transferred, not copied) of STRIDE numbers per price, and the names of
// symbols the tab has not been told about yet. A symbol's name crosses once
// per link; after that it is a number.

/// [symbol id, price, confidence, publishTime, seq (NaN = none), receivedAt, flags]
export const STRIDE = 7;
const POLL = 1;
const STALE = 2;

/** One per link, in the worker. */
export class BatchEncoder {
  constructor() {
    this.ids = new Map();
  }

  /** `prices`: PriceUpdate objects. Returns { syms, buf } with `buf` ready to transfer. */
  encode(prices) {
    const syms = [];
    const out = new Float64Array(prices.length * STRIDE);
    let k = 0;
    for (const p of prices) {
      let id = this.ids.get(p.symbol);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(p.symbol, id);
        syms.push(p.symbol);
      }
      out[k] = id;
      out[k + 1] = p.price;
      out[k + 2] = p.confidence;
      out[k + 3] = p.publishTime;
      out[k + 4] = p.seq === null ? NaN : p.seq;
      out[k + 5] = p.receivedAt;
      out[k + 6] = (p.source === 'poll' ? POLL : 0) | (p.stale ? STALE : 0);
      k += STRIDE;
    }
    return { syms, buf: out.buffer };
  }
}

/** One per link, in the tab. */
export class BatchDecoder {
  constructor() {
    this.names = [];
  }

  /** Calls `each(update)` with a fresh PriceUpdate object per record. */
  decode({ syms, buf }, each) {
    for (const s of syms) this.names.push(s);
    const a = new Float64Array(buf);
    for (let k = 0; k < a.length; k += STRIDE) {
      const seq = a[k + 4];
      const flags = a[k + 6];
      each({
        symbol: this.names[a[k]],
        price: a[k + 1],
        confidence: a[k + 2],
        publishTime: a[k + 3],
        seq: Number.isNaN(seq) ? null : seq,
        source: flags & POLL ? 'poll' : 'ws',
        receivedAt: a[k + 5],
        stale: (flags & STALE) !== 0,
      });
    }
  }
}
