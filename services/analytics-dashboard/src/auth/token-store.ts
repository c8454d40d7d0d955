/**
 * The bearer token lives in `sessionStorage` only (gone when the tab closes, never in the URL).
 *
 * Dev hand-off: `make dev` opens `http://127.0.0.1:3000/#token=<jwt>`. The fragment is never sent
 * to a server; on load we store it and immediately remove it with `history.replaceState`, so it
 * is not left in the address bar, the history entry, or a shared link.
 */
const STORAGE_KEY = 'picasso.dashboard.token';

export interface TokenClaims {
  tenant_id?: string;
  tenant_hash?: string;
  scope?: string;
  exp?: number;
  sub?: string;
}

/** Decodes a JWT's payload for display and scope checks. The API verifies the signature; we do not. */
export function decodeClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    // atob gives one char per byte; percent-encode them so decodeURIComponent reads UTF-8.
    const json = decodeURIComponent(Array.from(atob(padded), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

/** True when the token's space-separated `scope` claim contains `scope`. */
export function hasScope(claims: TokenClaims | null, scope: string): boolean {
  return typeof claims?.scope === 'string' && claims.scope.split(/\s+/).includes(scope);
}

/** True when the token carries an `exp` in the past (seconds since the epoch). */
export function isExpired(claims: TokenClaims | null, nowMs = Date.now()): boolean {
  return typeof claims?.exp === 'number' && claims.exp * 1000 <= nowMs;
}

export function readToken(storage: Storage = sessionStorage): string | null {
  return storage.getItem(STORAGE_KEY);
}

export function saveToken(token: string, storage: Storage = sessionStorage): void {
  storage.setItem(STORAGE_KEY, token.trim());
}

export function clearToken(storage: Storage = sessionStorage): void {
  storage.removeItem(STORAGE_KEY);
}

/**
 * Takes a one-time `#token=…` hand-off out of the URL: stores it and rewrites the URL without the
 * fragment (query string kept). Returns true when a token was taken.
 */
export function takeTokenFromHash(location: Location = window.location, history: History = window.history, storage: Storage = sessionStorage): boolean {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = hash.get('token');
  if (!token) return false;
  // Also collapse a doubled leading slash (`http://host//#token=…`), which would otherwise stay in every link.
  history.replaceState(history.state, '', `${location.pathname.replace(/^\/{2,}/, '/')}${location.search}`);
  saveToken(token, storage);
  return true;
}
