import { useId, useState, type FormEvent } from 'react';
import { decodeClaims, isExpired } from '../auth/token-store';

/**
 * The token entry screen. The token is handed to `onSignIn` (which keeps it in session storage);
 * the form never submits to a URL, so the token cannot end up in one.
 */
export function SignIn({ message, onSignIn }: { message?: string; onSignIn(token: string): void }) {
  const inputId = useId();
  const errorId = useId();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    const claims = decodeClaims(value);
    if (!claims) return setError('That does not look like an access token (a JWT: three parts separated by dots).');
    if (isExpired(claims)) return setError('That token has expired. Ask for a new one.');
    if (!claims.tenant_id && !claims.tenant_hash) return setError('That token does not name a tenant.');
    setError(null);
    onSignIn(value);
  };

  return (
    <main className="sign-in" id="main">
      <h1>Picasso Analytics</h1>
      <form onSubmit={submit} noValidate method="post" aria-describedby={message ? 'sign-in-message' : undefined}>
        <h2>Sign in</h2>
        {message && (
          <p id="sign-in-message" className="note" role="status">
            {message}
          </p>
        )}
        <label htmlFor={inputId}>Access token</label>
        <input id={inputId} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? errorId : undefined} data-testid="token-input" required />
        <p className="hint">Paste the token you were given. It stays in this browser tab only and is forgotten when you close it or sign out.</p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="sign-in">
          Sign in
        </button>
      </form>
    </main>
  );
}
