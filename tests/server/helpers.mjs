// Shared helpers for the server tests: clients that record frames, polling
// with a deadline (never a fixed sleep), and child processes that clean up.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { waitFor as waitForBase } from '../lib/wait-for.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../web/server/src/main.js', import.meta.url));

/** Polls fn until it returns a truthy value; throws with `what` after timeoutMs (default 3000 ms). */
export const waitFor = (fn, opts = {}) => waitForBase(fn, { timeoutMs: 3000, ...opts });

/**
 * A WebSocket client that records every frame (parsed) and how it closed.
 * @returns {Promise<{ ws: WebSocket, frames: object[], closed: Promise<{code: number, reason: string}>,
 *   send(o: object|string): void, next(pred, what?, timeoutMs?): Promise<object>, close(): void }>}
 */
export async function connect(url, options = {}) {
  const ws = new WebSocket(url, options);
  const frames = [];
  let closeInfo = null;
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve((closeInfo = { code, reason: reason.toString() }))));
  ws.on('message', (d, isBinary) => frames.push(isBinary ? { binary: true } : JSON.parse(d.toString())));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
  let cursor = 0;
  return {
    ws,
    frames,
    closed,
    get closeInfo() { return closeInfo; },
    send(o) { ws.send(typeof o === 'string' ? o : JSON.stringify(o)); },
    /// The next frame (after those already consumed by next) matching pred.
    async next(pred = () => true, what = 'frame', timeoutMs = 3000) {
      return waitFor(() => {
        while (cursor < frames.length) {
          const f = frames[cursor++];
          if (pred(f)) return f;
        }
        return null;
      }, { timeoutMs, what });
    },
    close() { ws.terminate(); },
  };
}

export const subscribe = (symbols) => ({ type: 'subscribe', channel: 'market_data', ...(symbols ? { symbols } : {}) });
export const updatesOf = (frame) => (Array.isArray(frame.data) ? frame.data : [frame.data]);

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Runs `node main.js args...` and resolves once it logs `listening`.
 * @returns {Promise<{ proc, port: number, url: string, wsUrl: string, lines: object[], stop(): Promise<number|null> }>}
 */
export async function spawnServer(args, { env = {}, timeoutMs = 5000 } = {}) {
  const proc = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  let buf = '';
  proc.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try { lines.push(JSON.parse(line)); } catch { lines.push({ raw: line }); }
    }
  });
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
    const code = await exited;
    clearTimeout(t);
    return code;
  };
  try {
    const l = await waitFor(() => lines.find((x) => x.event === 'listening') || (proc.exitCode !== null && 'exit'),
      { timeoutMs, what: 'listening log line' });
    if (l === 'exit') throw new Error(`server exited ${proc.exitCode}: ${stderr}`);
    return { proc, port: l.port, url: `http://127.0.0.1:${l.port}`, wsUrl: `ws://127.0.0.1:${l.port}/ws`, lines, stop, exited, stderr: () => stderr };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * One HTTP request through node:http, which (unlike fetch) may name any Host,
 * bind a local address and shows the body as sent (no decompression).
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, localAddress?: string, body?: string }} o
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer, text: string }>}
 */
export function httpRequest(url, { method = 'GET', headers = {}, localAddress, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: b, text: b.toString() });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
