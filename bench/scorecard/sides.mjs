// The two systems under test, each behind its own fault proxy:
//   ours  = the reference backend (web/server) + the wasm package in Node;
//   peer  = a socket.io server + socket.io-client, default options.
// Both expose the same handles so a scenario is written once.
import { startFaultProxy } from '../proxy/fault-proxy.mjs';
import { SERVER_MODULE } from '../lib/paths.mjs';
import { startSocketIoPeer } from './socketio-peer.mjs';
import { ourClient, sioClient } from './clients.mjs';
import { spawnServer } from './server-process.mjs';

/// Stream shape shared by both sides: 20 updates/s sent every 100 ms (the
/// backend's defaults), one seed.
export const STREAM = Object.freeze({ rate: 20, tickMs: 100, seed: 7 });

/// Quick mode shortens only the dead-socket timings, on both sides alike:
/// ours heartbeat 300 ms / timeout 1 s, socket.io ping 300 ms / timeout 700 ms;
/// and ours counts a socket as healthy after 200 ms instead of 10 s, so the
/// short settle before a fault still hits a healthy connection.
export function timings(quick) {
  return quick
    ? { ours: { heartbeatMs: 300, client: { heartbeatTimeoutMs: 1000, healthyAfterMs: 200 } }, sio: { server: { pingInterval: 300, pingTimeout: 700 } } }
    : { ours: { heartbeatMs: 5000, client: {} }, sio: { server: {} } };
}

/// With `ownProcess`, the server runs in a child process (the crowd: a fleet
/// of clients must not share the server's event loop); its chaos controls
/// are then unavailable, stop is a SIGKILL.
export async function oursSide({ quick = false, proxied = true, server = {}, ownProcess = false } = {}) {
  const t = timings(quick).ours;
  // Every bench client dials from 127.0.0.1: lift the per-address cap (200) above the crowd.
  const opts = { port: 0, chaos: true, ...STREAM, heartbeatMs: t.heartbeatMs, maxClientsPerIp: 100_000, ...server };
  if (ownProcess) return processSide('ours', opts, (base) => (extra = {}) => ourClient({
    wsUrl: `ws://${base}/ws`,
    pollUrl: `http://${base}/api/oracle/prices`,
    options: { ...t.client, ...extra },
  }));
  const { startServer } = await import(SERVER_MODULE);
  let srv = await startServer(opts);
  const serverPort = srv.port;
  const proxy = proxied ? await startFaultProxy({ targetPort: serverPort }) : null;
  const base = `127.0.0.1:${proxy ? proxy.port : serverPort}`;
  return {
    name: 'ours',
    proxy,
    client: (extra = {}) => ourClient({
      wsUrl: `ws://${base}/ws`,
      pollUrl: `http://${base}/api/oracle/prices`,
      options: { ...t.client, ...extra },
    }),
    /// WebSocket path down, HTTP up: refuse new upgrades, then drop the open ones.
    wsDown() { srv.chaos.refuseWs(); srv.chaos.dropWs(); },
    restore() { srv.chaos.restore(); },
    async stopServer() { await srv.close(); srv = null; },
    async startServer() { srv = await startServer({ ...opts, port: serverPort }); },
    async close() { await proxy?.close(); await srv?.close(); },
  };
}

export async function sioSide({ quick = false, proxied = true, ownProcess = false } = {}) {
  const t = timings(quick).sio;
  const opts = { port: 0, ...STREAM, serverOptions: t.server };
  if (ownProcess) return processSide('socket.io', opts, (base) => async () => sioClient(`http://${base}`));
  let peer = await startSocketIoPeer(opts);
  const serverPort = peer.port;
  const proxy = proxied ? await startFaultProxy({ targetPort: serverPort }) : null;
  const url = `http://127.0.0.1:${proxy ? proxy.port : serverPort}`;
  return {
    name: 'socket.io',
    proxy,
    client: async () => sioClient(url),
    wsDown() { peer.chaos.refuseWs(); peer.chaos.dropWs(); },
    restore() { peer.chaos.restore(); },
    async stopServer() { await peer.close(); peer = null; },
    async startServer() { peer = await startSocketIoPeer({ ...opts, port: serverPort }); },
    get serverClients() { return peer?.clients ?? 0; },
    async close() { await proxy?.close(); await peer?.close(); },
  };
}

/// A side whose server runs in its own process, unproxied.
async function processSide(name, opts, clientAt) {
  let srv = await spawnServer(name, opts);
  const port = srv.port;
  return {
    name,
    proxy: null,
    client: clientAt(`127.0.0.1:${port}`),
    async stopServer() { await srv.kill(); srv = null; },
    async startServer() { srv = await spawnServer(name, { ...opts, port }); },
    async close() { await srv?.kill(); },
  };
}
