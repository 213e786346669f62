/// Every server option in one table: CLI flag, environment variable, default
/// and help text. `--help` prints this table, so the two cannot drift apart.

const int = (min, max) => (v, name) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return n;
};
const str = (v) => String(v);
const list = (v) => String(v).split(',').map((s) => s.trim()).filter(Boolean);
const bool = (v) => v === true || v === '' || v === '1' || v === 'true' || v === 'yes';
const oneOf = (...allowed) => (v, name) => {
  if (!allowed.includes(v)) throw new Error(`--${name} must be one of ${allowed.join('|')}, got ${JSON.stringify(v)}`);
  return v;
};

/** @type {Array<{name: string, key: string, env: string, def: unknown, parse: Function, flag?: boolean, help: string}>} */
export const OPTION_TABLE = [
  /// 3002: the port the existing backend and the terminal's default URL use.
  { name: 'port', key: 'port', env: 'PORT', def: 3002, parse: int(0, 65535), help: 'TCP port; 0 = any free port (the log line says which)' },
  /// Loopback by default: exposing a market-data server is a deliberate act (use a proxy).
  { name: 'host', key: 'host', env: 'HOST', def: '127.0.0.1', parse: str, help: 'address to bind' },
  { name: 'feed', key: 'feed', env: 'QD_FEED', def: 'simulated', parse: oneOf('simulated', 'pyth', 'none'), help: "price source: simulated | pyth | none (none = only relay what --redis carries)" },
  /// 20 updates/s: lively on screen, cheap; the bench runs at the 10,000 top.
  { name: 'rate', key: 'rate', env: 'QD_RATE', def: 20, parse: int(1, 10000), help: 'simulated feed: updates per second over all symbols (1..10000)' },
  { name: 'seed', key: 'seed', env: 'QD_SEED', def: undefined, parse: int(0, 2 ** 32 - 1), help: 'simulated feed: random-walk seed (default: from the clock)' },
  /// 100 ms: ten frames a second is smoother than the eye needs and bounds the
  /// frames per client per second whatever the feed rate.
  { name: 'tick-ms', key: 'tickMs', env: 'QD_TICK_MS', def: 100, parse: int(1, 60000), help: 'batching interval: updates are conflated per symbol and sent once per tick' },
  /// 5 s: CONTRACT §2; clients declare a socket dead after 12 s of silence.
  { name: 'heartbeat-ms', key: 'heartbeatMs', env: 'QD_HEARTBEAT_MS', def: 5000, parse: int(10, 600000), help: 'heartbeat frame interval' },
  /// 30 s = six heartbeats: a client that answers no ws ping for that long is gone
  /// (laptop asleep, NAT dropped) and only holds memory.
  { name: 'idle-timeout-ms', key: 'idleTimeoutMs', env: 'QD_IDLE_TIMEOUT_MS', def: 30000, parse: int(10, 3600000), help: 'terminate a client that answered no ping and sent nothing for this long' },
  { name: 'auth', key: 'auth', env: 'QD_AUTH', def: 'none', parse: oneOf('none', 'jwt'), help: 'jwt = require the qd_session cookie (HS256 JWT, secret in env QD_JWT_SECRET)' },
  { name: 'allowed-origins', key: 'allowedOrigins', env: 'QD_ALLOWED_ORIGINS', def: [], parse: list, help: 'comma-separated Origin allow-list for /ws and /api (default: allow all)' },
  { name: 'redis', key: 'redisUrl', env: 'QD_REDIS_URL', def: undefined, parse: str, help: 'redis://host:port: prices travel through Redis pub/sub (scale-out); default in-process' },
  { name: 'chaos', key: 'chaos', env: 'QD_CHAOS', def: false, parse: bool, flag: true, help: 'enable fault injection under /chaos (loopback clients only)' },
  { name: 'static', key: 'staticDir', env: 'QD_STATIC', def: undefined, parse: str, help: 'directory of the built terminal to serve (SPA fallback to index.html)' },
  { name: 'hermes-url', key: 'hermesUrl', env: 'QD_HERMES_URL', def: 'https://hermes.pyth.network', parse: str, help: 'pyth feed: Hermes base URL' },
  { name: 'pyth-ids', key: 'pythIds', env: 'QD_PYTH_IDS', def: undefined, parse: list, help: 'pyth feed: SYMBOL=feedid pairs, comma-separated (default: the existing backend\'s 12)' },
  /// 600 per 10 s per IP: a terminal polls 5 times per 10 s, so this leaves room
  /// for ~100 terminals behind one NAT while stopping a runaway loop.
  { name: 'rate-limit', key: 'rateLimit', env: 'QD_RATE_LIMIT', def: 600, parse: int(0, 1e9), help: 'REST requests per IP per 10 s before 429 (0 = off)' },
  { name: 'trust-proxy', key: 'trustProxy', env: 'QD_TRUST_PROXY', def: false, parse: bool, flag: true, help: 'take the client IP from X-Forwarded-For (only behind your own proxy)' },
  /// 10,000 sockets: far above one instance's useful load; beyond it new clients
  /// get close 1013 and back off instead of degrading everyone.
  { name: 'max-clients', key: 'maxClients', env: 'QD_MAX_CLIENTS', def: 10000, parse: int(1, 1e7), help: 'WebSocket clients beyond this are closed with 1013' },
  /// 1 MiB: ~10,000 updates queued; well past any healthy backlog, small enough
  /// that 10,000 stuck clients cannot exhaust memory.
  { name: 'slow-client-bytes', key: 'slowClientBytes', env: 'QD_SLOW_CLIENT_BYTES', def: 1 << 20, parse: int(1024, 1 << 30), help: 'per-client send backlog above which updates are conflated' },
  /// 30 s: rides out a GC pause or a Wi-Fi hiccup; a client stuck longer is dead weight.
  { name: 'slow-client-ms', key: 'slowClientMs', env: 'QD_SLOW_CLIENT_MS', def: 30000, parse: int(10, 3600000), help: 'terminate a client stuck above --slow-client-bytes for this long' },
];

export const DEFAULTS = Object.freeze(Object.fromEntries(OPTION_TABLE.map((o) => [o.key, o.def])));

/**
 * Options from argv and env (argv wins). Throws an Error with a clear message on bad input.
 * @param {string[]} argv  process.argv.slice(2)
 * @param {Record<string, string|undefined>} env
 */
export function parseOptions(argv, env = {}) {
  const out = { ...DEFAULTS, help: false };
  for (const o of OPTION_TABLE) {
    if (env[o.env] !== undefined && env[o.env] !== '') out[o.key] = o.parse(env[o.env], o.name);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') { out.help = true; continue; }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const o = m && OPTION_TABLE.find((t) => t.name === m[1]);
    if (!o) throw new Error(`unknown option ${JSON.stringify(arg)} (see --help)`);
    let value = m[2];
    if (value === undefined) {
      if (o.flag) value = true;
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new Error(`--${o.name} needs a value`);
    }
    out[o.key] = o.parse(value, o.name);
  }
  if (out.auth === 'jwt') {
    out.jwtSecret = env.QD_JWT_SECRET;
    if (!out.jwtSecret) throw new Error('--auth jwt needs the secret in env QD_JWT_SECRET');
  }
  return out;
}

export function helpText() {
  const rows = OPTION_TABLE.map((o) => {
    const flag = o.flag ? `--${o.name}` : `--${o.name} <v>`;
    const def = o.def === undefined || (Array.isArray(o.def) && !o.def.length) ? '' : ` [default: ${o.def}]`;
    return `  ${flag.padEnd(26)} ${o.help}${def}\n  ${''.padEnd(26)} env ${o.env}`;
  });
  return [
    'QuantDesk reference market-data backend (docs/server.md, docs/protocol.md)',
    '',
    'usage: node web/server/src/main.js [options]',
    '',
    ...rows,
    '  --help                     this text',
    '',
    'Endpoints: GET /api/oracle/prices, GET /health, WebSocket /ws, POST /auth/dev-login (auth jwt, loopback),',
    '           /chaos/* (with --chaos, loopback). Logs: one JSON line per event on stdout.',
    '',
  ].join('\n');
}
