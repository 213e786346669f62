/// Hermes response parsing (Hermes API v2, `parsed=true`):
///   { binary: {...}, parsed: [ { id, price: { price: "6701234000000", conf: "1210000000",
///     expo: -8, publish_time: 1730340000 }, ema_price: {...}, metadata: {...} } ] }
/// Prices are integer strings scaled by 10^expo; publish_time is in seconds.

/**
 * @param {unknown} body  a parsed JSON body or SSE event
 * @param {Map<string, string>} symbolById  feed id (lower-case, no 0x) -> symbol
 * @returns {{ updates: Array<{symbol: string, price: number, confidence: number, publishTime: number}>, rejected: number }}
 */
export function parseHermesUpdate(body, symbolById) {
  const updates = [];
  let rejected = 0;
  const parsed = body && typeof body === 'object' ? body.parsed : undefined;
  if (!Array.isArray(parsed)) return { updates, rejected: 1 };
  for (const p of parsed) {
    const symbol = symbolById.get(String(p?.id ?? '').replace(/^0x/, '').toLowerCase());
    const q = p?.price;
    const expo = q?.expo;
    const price = Number(q?.price) * 10 ** expo;
    const confidence = Number(q?.conf) * 10 ** expo;
    const publishTime = Number(q?.publish_time) * 1000;
    if (!symbol || !Number.isInteger(expo) || !(price > 0) || !Number.isFinite(price) ||
        !(confidence >= 0) || !Number.isFinite(confidence) || !(publishTime > 0)) {
      rejected++;
      continue;
    }
    updates.push({ symbol, price: Number(price.toPrecision(12)), confidence: Number(confidence.toPrecision(8)), publishTime });
  }
  return { updates, rejected };
}
