import { afterEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../web/terminal/src/session/signIn';

describe('signIn', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });
  const store = () => ({ credentialsChanged: vi.fn() });

  it('asks the dev login for a session and then tells the feed', async () => {
    const s = store();
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200 })));
    expect(await signIn(s)).toBeNull();
    expect(s.credentialsChanged).toHaveBeenCalledTimes(1);
  });

  it('says so when the server offers no dev login, or cannot be reached', async () => {
    const s = store();
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 404 })));
    expect(await signIn(s)).toMatch(/offers no sign-in here.*VITE_SIGN_IN_URL/);
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await signIn(s)).toBe('Could not reach the server to sign in.');
    expect(s.credentialsChanged).not.toHaveBeenCalled();
  });

  it('opens the configured sign-in page instead, and leaves the retry to the page regaining focus', async () => {
    const s = store();
    vi.stubEnv('VITE_SIGN_IN_URL', ' https://login.example.com/ ');
    const open = vi.fn();
    const fetchMock = vi.fn();
    vi.stubGlobal('open', open);
    vi.stubGlobal('fetch', fetchMock);
    expect(await signIn(s)).toBeNull();
    expect(open).toHaveBeenCalledWith('https://login.example.com/', '_blank', 'noopener');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(s.credentialsChanged).not.toHaveBeenCalled();
  });
});
