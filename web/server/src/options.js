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
/// A bare flag (or yes/true) = 1 hop, no/false = 0, else a count of hops.
const hops = (v, name) => {
  if (v === true || v === 'true' || v === 'yes') return 1;
  if (v === false || v === 'false' || v === 'no' || v === '') return 0;
  return int(0, 10)(v, name);
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
  { name: 'allowed-origins', key: 'allowedOrigins', env: 'QD_ALLOWED_ORIGINS', def: [], parse: list, help: "comma-separated Origin allow-list for /ws and /api (default: with --auth jwt only the page's own origin, else all)" },
  /// Off: a route that mints sessions for any wallet is for trying the terminal
  /// on one's own machine, never a default.
  { name: 'dev-login', key: 'devLogin', env: 'QD_DEV_LOGIN', def: false, parse: bool, flag: true, help: 'enable POST /auth/dev-login (with --auth jwt; direct loopback requests only; refused under NODE_ENV=production)' },
  { name: 'redis', key: 'redisUrl', env: 'QD_REDIS_URL', def: undefined, parse: str, help: 'redis://host:port: prices travel through Redis pub/sub (scale-out); default in-process' },
  /// 5 s: a crashed publisher blocks its replacement for at most this long,
  /// and renewal (every TTL/3) survives a GC pause or a slow Redis.
  { name: 'lease-ttl-ms', key: 'leaseTtlMs', env: 'QD_LEASE_TTL_MS', def: 5000, parse: int(300, 600000), help: 'with --redis: the publisher lease; a publisher not renewed within it stops publishing' },
  { name: 'chaos', key: 'chaos', env: 'QD_CHAOS', def: false, parse: bool, flag: true, help: 'enable fault injection under /chaos (direct loopback requests with header X-QD-Local only; refused under NODE_ENV=production)' },
  { name: 'static', key: 'staticDir', env: 'QD_STATIC', def: undefined, parse: str, help: 'directory of the built terminal to serve (SPA fallback to index.html)' },
  { name: 'source-maps', key: 'sourceMaps', env: 'QD_SOURCE_MAPS', def: false, parse: bool, flag: true, help: 'with --static: also serve *.map files (off: they show the source to anyone)' },
  { name: 'connect-src', key: 'connectSrc', env: 'QD_CONNECT_SRC', def: [], parse: list, help: "extra CSP connect-src sources, for a terminal built to dial a feed on another origin (default: only its own)" },
  { name: 'hermes-url', key: 'hermesUrl', env: 'QD_HERMES_URL', def: 'https://hermes.pyth.network', parse: str, help: 'pyth feed: Hermes base URL' },
  { name: 'pyth-ids', key: 'pythIds', env: 'QD_PYTH_IDS', def: undefined, parse: list, help: 'pyth feed: SYMBOL=feedid pairs, comma-separated (default: the existing backend\'s 12)' },
  /// 600 per 10 s per IP: a terminal polls 5 times per 10 s, so this leaves room
  /// for ~100 terminals behind one NAT while stopping a runaway loop.
  { name: 'rate-limit', key: 'rateLimit', env: 'QD_RATE_LIMIT', def: 600, parse: int(0, 1e9), help: 'REST requests per client address per 10 s before 429, shared by all instances on one --redis (0 = off)' },
  { name: 'trust-proxy', key: 'trustProxy', env: 'QD_TRUST_PROXY', def: 0, parse: hops, flag: true, optionalValue: true, help: 'behind N proxies of yours (bare flag = 1): the client address is the N-th X-Forwarded-For entry from the right, the page origin from X-Forwarded-Host/-Proto' },
  /// 10,000 sockets: far above one instance's useful load; beyond it new clients
  /// get close 1013 and back off instead of degrading everyone.
  { name: 'max-clients', key: 'maxClients', env: 'QD_MAX_CLIENTS', def: 10000, parse: int(1, 1e7), help: 'WebSocket clients beyond this are closed with 1013' },
  /// 200 per address: an office of traders behind one NAT, each with a tab or
  /// two, fits; one address cannot take all 10,000 slots.
  { name: 'max-clients-per-ip', key: 'maxClientsPerIp', env: 'QD_MAX_CLIENTS_PER_IP', def: 200, parse: int(1, 1e7), help: 'WebSocket clients from one address beyond this are closed with 1013' },
  /// 100 frames per 10 s: a terminal sends a subscribe per 100 symbols and a
  /// ping now and then (a dozen frames); each subscribe costs a sort and a
  /// snapshot, so a flood is cut long before it costs the other clients.
  { name: 'max-frames', key: 'maxFrames', env: 'QD_MAX_FRAMES', def: 100, parse: int(1, 1e9), help: 'inbound frames per connection per 10 s; beyond: error frame rate_limited, close 1008' },
  /// 1 MiB: ~10,000 updates queued; well past any healthy backlog.
  { name: 'slow-client-bytes', key: 'slowClientBytes', env: 'QD_SLOW_CLIENT_BYTES', def: 1 << 20, parse: int(1024, 1 << 30), help: 'per-client send backlog above which updates are conflated' },
  /// 256 MiB over all clients: 10,000 stuck clients at 1 MiB each would hold
  /// 10 GiB; past this total every client with any backlog is held back, so
  /// the held backlog stays near 256 MiB plus one frame per client.
  { name: 'max-backlog-bytes', key: 'maxBacklogBytes', env: 'QD_MAX_BACKLOG_BYTES', def: 256 << 20, parse: int(1 << 20, 2 ** 40), help: 'send backlog over all clients above which every client with a backlog is held back' },
  /// 30 s: rides out a GC pause or a Wi-Fi hiccup; a client stuck longer is dead weight.
  { name: 'slow-client-ms', key: 'slowClientMs', env: 'QD_SLOW_CLIENT_MS', def: 30000, parse: int(10, 3600000), help: 'terminate a client stuck above --slow-client-bytes for this long' },
  /// 10 s for a request's headers (Node's default is 60 s): a browser sends
  /// them in one packet; a slowloris client holds a connection until then.
  { name: 'headers-timeout-ms', key: 'headersTimeoutMs', env: 'QD_HEADERS_TIMEOUT_MS', def: 10000, parse: int(100, 600000), help: 'close a connection whose request headers took longer (408)' },
  /// 30 s for a whole request (Node's default is 300 s): no route here takes a body.
  { name: 'request-timeout-ms', key: 'requestTimeoutMs', env: 'QD_REQUEST_TIMEOUT_MS', def: 30000, parse: int(100, 3600000), help: 'close a connection whose request took longer to arrive (408)' },
  /// 5 s (Node's default, made explicit): an idle keep-alive connection between
  /// polls costs a socket; a terminal polls every 2 s while it polls at all.
  { name: 'keep-alive-timeout-ms', key: 'keepAliveTimeoutMs', env: 'QD_KEEP_ALIVE_TIMEOUT_MS', def: 5000, parse: int(0, 600000), help: 'close an idle keep-alive HTTP connection after this long' },
  /// --max-clients + 1,000 when unset: every WebSocket is a connection too, and
  /// the 1,000 leave room for polls and handshakes in flight.
  { name: 'max-connections', key: 'maxConnections', env: 'QD_MAX_CONNECTIONS', def: undefined, parse: int(1, 1e7), help: 'TCP connections beyond this are closed at once (default: --max-clients + 1000)' },
  { name: 'log-level', key: 'logLevel', env: 'QD_LOG_LEVEL', def: 'info', parse: oneOf('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'), help: 'least level logged' },
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
      if (o.optionalValue && /^\d+$/.test(argv[i + 1] ?? '')) value = argv[++i];
      else if (o.flag) value = true;
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
    const flag = o.optionalValue ? `--${o.name} [N]` : o.flag ? `--${o.name}` : `--${o.name} <v>`;
    const def = o.def === undefined || (o.flag && !o.def) || (Array.isArray(o.def) && !o.def.length) ? '' : ` [default: ${o.def}]`;
    return `  ${flag.padEnd(28)} ${o.help}${def}\n  ${''.padEnd(28)} env ${o.env}`;
  });
  return [
    'QuantDesk reference market-data backend (docs/server.md, docs/protocol.md)',
    '',
    'usage: node web/server/src/main.js [options]',
    '',
    ...rows,
    '  --help                       this text',
    '',
    'Endpoints: GET /api/oracle/prices, GET /health, WebSocket /ws, POST /auth/dev-login (with --dev-login),',
    '           /chaos/* (with --chaos). Logs: one JSON line per event on stdout (pino).',
    '',
  ].join('\n');
}
