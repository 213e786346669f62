import { describe, expect, it } from 'vitest';
import { resolvePollUrl, resolveWsUrl, runInFromQuery } from '../../web/terminal/src/price/feedUrls';

describe('feed URLs (contract §2)', () => {
  it('uses VITE_WEBSOCKET_URL when set', () => {
    expect(resolveWsUrl('wss://feed.example.com/ws', { protocol: 'https:', host: 'app.example.com' })).toBe(
      'wss://feed.example.com/ws',
    );
  });
  it('else dials /ws on the page origin, wss on https', () => {
    expect(resolveWsUrl(undefined, { protocol: 'https:', host: 'desk.example.com' })).toBe('wss://desk.example.com/ws');
    expect(resolveWsUrl('  ', { protocol: 'http:', host: '10.0.0.5:8080' })).toBe('ws://10.0.0.5:8080/ws');
  });
  it('polls /api/oracle/prices on the page origin', () => {
    expect(resolvePollUrl({ protocol: 'https:', host: 'desk.example.com' })).toBe(
      'https://desk.example.com/api/oracle/prices',
    );
  });
  it('takes where the engine runs from ?runIn=, and nothing else', () => {
    expect(runInFromQuery('?runIn=page')).toBe('page');
    expect(runInFromQuery('?e2e&runIn=worker')).toBe('worker');
    expect(runInFromQuery('?runIn=everywhere')).toBeUndefined();
    expect(runInFromQuery('')).toBeUndefined();
  });
});
