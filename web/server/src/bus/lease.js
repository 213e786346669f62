/// The publisher lease in Redis: at most one instance runs a feed onto a
/// shared bus. Two publishers would interleave two random walks with clashing
/// seqs, so a second one refuses to start instead (run it with --feed none).
///
/// The lease is a key with a TTL, renewed by its holder; if the holder dies the
/// key expires and a restarted publisher takes over. A holder that was merely
/// paused (SIGSTOP, a long GC, a frozen VM) must not publish when it wakes
/// after someone else took over, so:
/// - `held()` is false once a TTL has passed (on this process's monotonic
///   clock) since the last renewal Redis confirmed: a woken process stops
///   publishing before it has heard anything from Redis;
/// - every publish is fenced in Redis (bus/redis.js): it happens only while
///   the key still holds this lease's id;
/// - a renewal or a fenced publish that finds another id there loses the lease
///   for good (`onLost`); the instance then only relays.
/// If the key merely expired and nobody took it, the holder takes it back.

import { randomUUID } from 'node:crypto';

export const LEASE_KEY = 'qd:publisher';
/// 5 s: a crashed publisher blocks its replacement for at most this long,
/// and renewal (every TTL/3) survives a GC pause or a slow Redis.
export const LEASE_TTL_MS = 5000;
/// 250 ms between attempts while waiting for a dead holder's key to expire.
const RETRY_MS = 250;

// Renew or release only while the key is still ours (compare-and-act in Redis).
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Takes the lease, waiting up to waitMs for a dead holder's key to expire.
 * @param {{ client: object, log: Function, ttlMs?: number, waitMs?: number, now?: () => number }} o
 *   now: a monotonic clock in ms (a wall clock can jump)
 * @returns {Promise<{ id: string, key: string, held(): boolean, onLost(fn: (reason: string) => void): void,
 *   lose(reason: string): void, release(): Promise<void> }>}
 */
export async function acquirePublisherLease({ client, log, ttlMs = LEASE_TTL_MS, waitMs = ttlMs + 1000, now = () => performance.now() }) {
  const id = randomUUID();
  let validUntil = -Infinity;
  /// SET NX; the lease counts from before the request went out, so this
  /// process always believes it expired no later than Redis does.
  const take = async () => {
    const t = now();
    if ((await client.set(LEASE_KEY, id, { NX: true, PX: ttlMs })) !== 'OK') return false;
    validUntil = t + ttlMs;
    return true;
  };
  const deadline = now() + waitMs;
  while (!(await take())) {
    if (now() > deadline) {
      const holder = await client.get(LEASE_KEY);
      throw new Error(`another instance (${holder}) publishes on this Redis; run this one with --feed none`);
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
  log('publisher_lease', { id, ttlMs });

  let lost = false;
  const handlers = new Set();
  function lose(reason) {
    if (lost) return;
    lost = true;
    clearInterval(timer);
    log('publisher_lease_lost', { id, reason });
    for (const h of handlers) h(reason);
  }
  async function renew() {
    const t = now();
    try {
      if (await client.eval(RENEW, { keys: [LEASE_KEY], arguments: [id, String(ttlMs)] })) {
        validUntil = t + ttlMs;
      } else if (!lost && (await take())) {
        log('publisher_lease_retaken', { id });
      } else {
        lose('taken_over');
      }
    } catch (err) {
      // Redis unreachable: held() lapses by itself once the TTL has passed.
      log('publisher_lease_error', { error: err.message });
    }
  }
  const timer = setInterval(renew, Math.floor(ttlMs / 3));
  return {
    id,
    key: LEASE_KEY,
    held: () => !lost && now() < validUntil,
    onLost(fn) { handlers.add(fn); },
    /// Called when a fenced publish found another holder's id.
    lose,
    async release() {
      clearInterval(timer);
      if (!lost) await client.eval(RELEASE, { keys: [LEASE_KEY], arguments: [id] }).catch(() => {});
    },
  };
}
