/// Where prices would be, when the server refused the session: says so and
/// offers "Sign in", instead of "Waiting for prices…" that would never end.
import { SignInButton } from './SignInButton';

export function SignedOutNotice() {
  return (
    <section className="signed-out-notice" aria-label="Signed out">
      <p>
        <strong>Signed out.</strong> Your session is missing or expired: sign in to get live prices again.
      </p>
      <SignInButton />
    </section>
  );
}
