/// The REST rate limit per client address (rate-limiter-flexible): a fixed
/// 10 s window counted in this process, or, with --redis, in Redis so that N
/// instances behind a load balancer allow the limit once, not N times.

import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/// 10 s window: CONTRACT §5 counts the limit per 10 s.
export const WINDOW_S = 10;
/// Keys in Redis: qd:rl:<address>, gone when their window ends.
const KEY_PREFIX = 'qd:rl';

/**
 * @param {{ limit: number, redis?: object }} o  limit 0 = off; redis: a connected node-redis client
 * @returns {{ check(ip: string): Promise<{ ok: true } | { ok: false, retryAfterS: number }>, kind: string }}
 */
export function createRateLimiter({ limit, redis }) {
  if (!limit) return { kind: 'off', check: async () => ({ ok: true }) };
  const memory = new RateLimiterMemory({ points: limit, duration: WINDOW_S, keyPrefix: KEY_PREFIX });
  // While Redis is unreachable each instance counts alone (the in-memory
  // insurance) instead of waiting on a reconnecting client or failing open.
  const limiter = redis
    ? new RateLimiterRedis({
        storeClient: redis, useRedisPackage: true, rejectIfRedisNotReady: true,
        points: limit, duration: WINDOW_S, keyPrefix: KEY_PREFIX, insuranceLimiter: memory,
      })
    : memory;
  return {
    kind: redis ? 'redis' : 'memory',
    async check(ip) {
      try {
        await limiter.consume(ip || 'unknown');
        return { ok: true };
      } catch (res) {
        if (res instanceof Error) throw res;
        return { ok: false, retryAfterS: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      }
    },
  };
}
