/// Signing in again after the server refused the session (contract §4, 4401).
import type { PriceStore } from '../price/priceStore';

/// The backend's development login (web/server, `--dev-login`): sets a session
/// cookie on this origin. A real deployment names its own page instead.
const DEV_LOGIN_PATH = '/auth/dev-login';

/// The sign-in page: `VITE_SIGN_IN_URL` at build time; null = the dev login.
function signInUrl(): string | null {
  const url = (import.meta.env?.VITE_SIGN_IN_URL as string | undefined)?.trim();
  return url ? url : null;
}

/// Starts a sign-in. With a sign-in page, opens it in a new tab: the feed
/// retries when this page regains focus (useCredentialsOnFocus). Without one,
/// asks this origin's dev login for a session and retries at once. Resolves
/// to a message for the trader when that is not possible.
export async function signIn(store: Pick<PriceStore, 'credentialsChanged'>): Promise<string | null> {
  const url = signInUrl();
  if (url) {
    globalThis.open(url, '_blank', 'noopener');
    return null;
  }
  try {
    const res = await fetch(DEV_LOGIN_PATH, { method: 'POST', credentials: 'same-origin' });
    if (!res.ok) return 'This server offers no sign-in here (set VITE_SIGN_IN_URL when building the terminal).';
  } catch {
    return 'Could not reach the server to sign in.';
  }
  store.credentialsChanged();
  return null;
}
