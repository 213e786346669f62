/// The publisher lease in Redis: at most one instance runs a feed onto a
/// shared bus. Two publishers would interleave two random walks with clashing
/// seqs, so a second one refuses to start instead (run it with --feed none).
///
/// The lease is a key with a TTL, renewed by its holder; if the holder dies the
/// key expires and a restarted publisher takes over.

import { randomUUID } from 'node:crypto';

export const LEASE_KEY = 'qd:publisher';
/// 5 s: a crashed publisher blocks its replacement for at most this long,
/// and renewal (every TTL/3) survives a GC pause or a slow Redis.
export const LEASE_TTL_MS = 5000;

// Renew or release only while the key is still ours (compare-and-act in Redis).
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Takes the lease, waiting up to waitMs for a dead holder's key to expire.
 * @param {{ client: object, log: Function, ttlMs?: number, waitMs?: number }} o
 * @returns {Promise<{ id: string, release(): Promise<void> }>}
 */
export async function acquirePublisherLease({ client, log, ttlMs = LEASE_TTL_MS, waitMs = ttlMs + 1000 }) {
  const id = randomUUID();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const ok = await client.set(LEASE_KEY, id, { NX: true, PX: ttlMs });
    if (ok === 'OK') break;
    if (Date.now() > deadline) {
      const holder = await client.get(LEASE_KEY);
      throw new Error(`another instance (${holder}) publishes on this Redis; run this one with --feed none`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log('publisher_lease', { id, ttlMs });
  let lost = false;
  const timer = setInterval(async () => {
    try {
      const kept = await client.eval(RENEW, { keys: [LEASE_KEY], arguments: [id, String(ttlMs)] });
      if (!kept && !lost) {
        lost = true;
        log('publisher_lease_lost', { id });
      }
    } catch (err) {
      log('publisher_lease_error', { error: err.message });
    }
  }, Math.floor(ttlMs / 3));
  return {
    id,
    async release() {
      clearInterval(timer);
      await client.eval(RELEASE, { keys: [LEASE_KEY], arguments: [id] }).catch(() => {});
    },
  };
}
