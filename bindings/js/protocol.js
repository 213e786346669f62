// The page-worker protocol (docs/package.md, "Where the engine runs"): the
// message types, the timings of the heartbeat, and the SharedWorker's name.

/// Bumped whenever a message changes: a tab and a worker of different
/// versions (a deploy while tabs are open) never share a worker, because the
/// version is part of its name.
export const PROTOCOL_VERSION = 1;

/// The worker pings a tab it has sent nothing for this long, with the
/// latest connection info (which otherwise rides on a batch once per this
/// interval): counters and `lastMessageAt` in a tab are about this old.
export const PING_MS = 250;
/// A tab that has heard nothing from its worker for this long takes it for
/// dead; its watchdog looks every CHECK_MS, so a dead worker is noticed
/// within DEAD_AFTER_MS + CHECK_MS = 875 ms (contract §8: within 1 s).
export const DEAD_AFTER_MS = 750;
export const CHECK_MS = 125;
/// A tab that has answered no ping for this long is forgotten; with the
/// worker's PING_MS sweep that is within 4.25 s of a crash (contract §8:
/// within 5 s). A tab that closes says goodbye and is forgotten at once.
export const FORGET_AFTER_MS = 4000;
/// Links in a row that died before the worker welcomed the tab: then the
/// page runs the engine itself. Three, so a leader changing hands (which can
/// cost one or two silent links) does not push a tab off the shared feed.
export const MAX_LINK_FAILURES = 3;

/// A tab gets at most one batch per 16 ms (a 60 Hz frame), and only once
/// it has taken the one before (its `ready`): the worker keeps the latest
/// price per symbol for it meanwhile, so a busy tab is never flooded. The
/// worker's timer paces, not the tab's: a timer or an animation frame per
/// batch in the tab would double its tasks (requesting a frame per batch
/// cost ~0.6 ms of main thread each in Chromium on a page with nothing to
/// draw; bench/one-feed.mjs).
export const PACE_MS = 16;
/// A hidden tab gets at most a batch a second (the pace the browser gives a
/// background tab's timers); its synchronous reads stay a second fresh.
export const HIDDEN_PACE_MS = 1000;

/// Page -> worker.
export const TO_WORKER = Object.freeze({
  hello: 'hello', // { v, options, sub, visible, connected }
  connect: 'connect',
  disconnect: 'disconnect',
  sub: 'sub', // { sub: { mode, names } }
  visible: 'visible', // { visible }
  ready: 'ready', // the tab has taken its batch (sent as soon as it has)
  pong: 'pong',
  command: 'cmd', // { name, args }: retryNow, credentialsChanged, startFallbackPolling, stopFallbackPolling
  bye: 'bye',
});

/// Worker -> page.
export const TO_PAGE = Object.freeze({
  welcome: 'welcome', // { v, info }: the engine is loaded (and connected if the hello asked)
  state: 'state', // { info }: the answer to connect
  status: 'status', // { event, info }
  prices: 'prices', // { syms, buf, info? }: see batch_codec.js
  ping: 'ping', // { info }
  log: 'log', // { level, text }
  fatal: 'fatal', // { message }: this worker cannot run the engine
});

/// Commands a tab may send, acted on once by the shared engine.
export const COMMANDS = Object.freeze(['retryNow', 'credentialsChanged', 'startFallbackPolling', 'stopFallbackPolling']);

/** One worker per origin and pair of feed URLs (and protocol version). */
export function workerName(engine) {
  return `@quantdesk/pricefeed v${PROTOCOL_VERSION} ${engine.wsUrl} ${engine.pollUrl}`;
}
