// The recorded stream over a real WebSocket, paced: each connection that
// subscribes gets the snapshot at once and the frames when play() says so,
// at a fixed number of frames per second (the page under test sees what a
// live feed would send, not one burst).
import { WebSocketServer } from 'ws';

/// Frames are sent in slices every TICK_MS: Node timers are not precise below
/// a few ms, and a browser reads a socket in such slices anyway.
const TICK_MS = 10;

/** Gives the stream's seqs a fresh base, so a feed that kept its book from the run before accepts every update. */
export function withSeqBase(stream, base) {
  const bump = (u) => ({ ...u, seq: u.seq + base });
  const rewrite = (text) => {
    const m = JSON.parse(text);
    m.data = Array.isArray(m.data) ? m.data.map(bump) : bump(m.data);
    return JSON.stringify(m);
  };
  return { ...stream, snapshot: rewrite(stream.snapshot), frames: stream.frames.map(rewrite), last: { ...stream.last, seq: stream.last.seq + base } };
}

export async function startPlayer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  let stream = null;
  let waiting = null; // the latest connection that subscribed
  const open = new Set();
  wss.on('connection', (ws) => {
    open.add(ws);
    ws.on('error', () => {});
    ws.on('close', () => open.delete(ws));
    ws.on('message', (m) => {
      if (!String(m).includes('"subscribe"') || !stream) return;
      ws.send(stream.snapshot);
      waiting = ws;
    });
  });
  return {
    url: `ws://127.0.0.1:${wss.address().port}/ws`,
    /** The stream the next subscriber gets. */
    load(s) {
      stream = s;
      waiting = null;
    },
    get subscribed() {
      return waiting !== null;
    },
    get openSockets() {
      return open.size;
    },
    /** Sends the frames to the subscriber at `perSecond` frames per second (Infinity: all at once). */
    play(perSecond) {
      const ws = waiting;
      const frames = stream.frames;
      if (perSecond === Infinity) {
        for (const f of frames) ws.send(f);
        return Promise.resolve();
      }
      let i = 0;
      const t0 = performance.now();
      return new Promise((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(frames.length, Math.floor(((performance.now() - t0) / 1000) * perSecond) + 1);
          while (i < due) ws.send(frames[i++]);
          if (i >= frames.length) {
            clearInterval(timer);
            resolve();
          }
        }, TICK_MS);
      });
    },
    close: () => new Promise((r) => {
      for (const ws of open) ws.terminate();
      wss.close(() => r());
    }),
  };
}
