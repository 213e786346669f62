import { describe, expect, it, vi } from 'vitest';
import { announcePoppedOut, listenForPopOuts } from '../../web/terminal/src/shell/popoutChannel';

describe('popOutChannel', () => {
  it('tells every terminal of the origin that a pop-out is up, by its token', async () => {
    const heard: string[] = [];
    const stop = listenForPopOuts((token) => heard.push(token));
    announcePoppedOut('t-1');
    await vi.waitFor(() => expect(heard).toEqual(['t-1']));
    stop!();
    announcePoppedOut('t-2');
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['t-1']);
  });

  it('ignores messages that are not an announcement', async () => {
    const heard: string[] = [];
    const stop = listenForPopOuts((token) => heard.push(token));
    const other = new BroadcastChannel('quantdesk-terminal-popout');
    other.postMessage({ type: 'popped-out', token: 42 });
    other.postMessage('popped-out');
    other.postMessage({ type: 'popped-out', token: 'ok' });
    await vi.waitFor(() => expect(heard).toEqual(['ok']));
    other.close();
    stop!();
  });

  it('says so where BroadcastChannel is missing, so the opener does not wait', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    try {
      expect(listenForPopOuts(() => {})).toBeNull();
      expect(() => announcePoppedOut('x')).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
