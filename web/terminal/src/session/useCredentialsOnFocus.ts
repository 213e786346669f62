import { useEffect } from 'react';
import type { PriceStore } from '../price/priceStore';

/// While signed out, coming back to this page (from a sign-in tab) tells the
/// feed the credentials may have changed: it retries at once instead of
/// waiting out the 5-minute auth pause (contract §4).
export function useCredentialsOnFocus(store: PriceStore, signedOut: boolean): void {
  useEffect(() => {
    if (!signedOut) return;
    const retry = () => store.credentialsChanged();
    window.addEventListener('focus', retry);
    return () => window.removeEventListener('focus', retry);
  }, [store, signedOut]);
}
