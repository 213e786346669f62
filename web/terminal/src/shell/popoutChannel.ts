/// The pop-out handshake, over a BroadcastChannel of the origin: a popped-out
/// page announces its token once it is up, and the terminal that opened it
/// closes its own copy of the window then, not before, so a pop-up the
/// browser blocked takes nothing away.

const CHANNEL = 'quantdesk-terminal-popout';

interface Announcement {
  type: 'popped-out';
  token: string;
}

const isAnnouncement = (m: unknown): m is Announcement =>
  typeof m === 'object' && m !== null && (m as Announcement).type === 'popped-out' && typeof (m as Announcement).token === 'string';

const available = () => typeof globalThis.BroadcastChannel === 'function';

/// Called by a popped-out page when it has mounted.
export function announcePoppedOut(token: string): void {
  if (!available()) return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: 'popped-out', token } satisfies Announcement);
  channel.close();
}

/// Hears every announcement of the origin; returns the stop function, or null
/// where BroadcastChannel is missing (then nothing will ever be heard).
export function listenForPopOuts(onPoppedOut: (token: string) => void): (() => void) | null {
  if (!available()) return null;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<unknown>) => {
    if (isAnnouncement(e.data)) onPoppedOut(e.data.token);
  };
  return () => channel.close();
}
