// The baseline: a price client written the way the existing TypeScript front
// end does it — JSON.parse each message, update a Map, notify per message.
// Kept honest: it checks what it reads, as production code would.
export class PlainPriceClient {
  constructor() {
    this.prices = new Map();
    this.listeners = new Set();
    this.dropped = 0;
    this.onmessage = (event) => this.handle(event.data);
  }
  subscribe(cb) { this.listeners.add(cb); return () => this.listeners.delete(cb); }
  handle(text) {
    let msg;
    try { msg = JSON.parse(text); } catch { this.dropped++; return; }
    if (msg?.type !== 'market_data_update' && msg?.type !== 'snapshot') return;
    const list = Array.isArray(msg.data) ? msg.data : [msg.data];
    const changed = [];
    const receivedAt = Date.now();
    for (const u of list) {
      if (typeof u?.symbol !== 'string' || !Number.isFinite(u.price) || u.price <= 0) { this.dropped++; continue; }
      const prev = this.prices.get(u.symbol);
      if (prev && prev.seq >= u.seq) { this.dropped++; continue; }
      const entry = { symbol: u.symbol, price: u.price, confidence: u.confidence, publishTime: u.publishTime, seq: u.seq, source: 'ws', receivedAt };
      this.prices.set(u.symbol, entry);
      changed.push(entry);
    }
    if (changed.length) for (const cb of this.listeners) cb(changed);
  }
}
