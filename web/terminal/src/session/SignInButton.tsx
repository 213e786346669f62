/// "Sign in", where the feed was refused for a missing or expired session.
import { useState } from 'react';
import { usePriceStore } from '../price/PriceContext';
import { signIn } from './signIn';

export function SignInButton() {
  const store = usePriceStore();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => void signIn(store).then(setProblem)}>
        Sign in
      </button>
      {problem && (
        <p className="signin-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
