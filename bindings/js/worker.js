// The worker's entry (contract §8): a SharedWorker's tabs arrive through
// `connect` events; a dedicated Worker (leader.js) is handed one MessagePort
// per tab. Either way every tab meets the one hub, whose engine dials with
// this worker's own WebSocket and XMLHttpRequest and hears `online` and
// `offline` from this worker's own navigator.
import { createHub } from './hub.js';
import { createLocalFeed } from './local_feed.js';
import { portLink } from './port_link.js';

const hub = createHub({ createFeed: createLocalFeed, onlineTarget: self });

self.addEventListener('connect', (e) => hub.attach(portLink(e.ports[0])));
self.addEventListener('message', (e) => {
  if (e.data?.t === 'port' && e.ports[0]) hub.attach(portLink(e.ports[0]));
});
