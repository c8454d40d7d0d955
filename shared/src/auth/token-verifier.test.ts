import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AuthenticationError } from '../errors';
import { StaticSigningSecret } from './signing-secret';
import { JoseTokenVerifier, SCOPES, type JoseVerifierOptions } from './token-verifier';

const SECRET = 'verifier-test-secret-0123456789-abcdef';
const NOW = new Date('2026-03-01T12:00:00Z');
const nowS = NOW.getTime() / 1000;
const DASHBOARD = { issuer: 'https://auth.test', audience: 'picasso-analytics-dashboard', clockToleranceSeconds: 30, now: () => NOW };

/** Signs `claims` under `header`; the defaults are a valid dashboard token issued a minute ago. */
function sign(claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }, drop: string[] = []): Promise<string> {
  const all: Record<string, unknown> = {
    iss: DASHBOARD.issuer,
    aud: DASHBOARD.audience,
    sub: 'user-1',
    jti: randomUUID(),
    tenant_id: 'FOS402334',
    tenant_hash: 'fo85e6a06dcdf4',
    scope: SCOPES.analyticsRead,
    iat: nowS - 60,
    exp: nowS + 3600,
    ...claims,
  };
  for (const k of drop) delete all[k];
  return new SignJWT(all).setProtectedHeader(header as { alg: string }).sign(new TextEncoder().encode(SECRET));
}

const verifier = (options: Partial<JoseVerifierOptions> = {}) => new JoseTokenVerifier(new StaticSigningSecret(SECRET), { ...DASHBOARD, ...options });

async function refusal(token: Promise<string>, options: Partial<JoseVerifierOptions> = {}): Promise<string> {
  const error = await verifier(options)
    .verify(await token)
    .then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as Error).message;
}

describe('the token verifier', () => {
  it('accepts a valid dashboard token and reads its principal', async () => {
    const principal = await verifier().verify(await sign({ jti: 'j-1' }));
    expect(principal).toMatchObject({ tenantId: 'FOS402334', tenantHash: 'fo85e6a06dcdf4', subject: 'user-1', tokenId: 'j-1', issuedAt: nowS - 60, expiresAt: nowS + 3600 });
  });

  it('refuses a token whose typ header is missing or names another type', async () => {
    expect(await refusal(sign({}, { alg: 'HS256' }))).toMatch(/typ/);
    expect(await refusal(sign({}, { alg: 'HS256', typ: 'at+jwt' }))).toMatch(/typ/);
  });

  it('refuses a token without iat', async () => {
    expect(await refusal(sign({}, undefined, ['iat']))).toMatch(/iat/);
  });

  it('refuses a token older than the maximum age even when its exp is still ahead', async () => {
    // Prepare: issued 13 h ago with a 24 h lifetime (the dashboard issues 12 h tokens).
    const old = sign({ iat: nowS - 13 * 3600, exp: nowS + 11 * 3600 });

    // Act + Assess
    expect(await refusal(old)).toMatch(/older than the maximum token age/);
    await expect(verifier({ maxTokenAgeSeconds: 14 * 3600 }).verify(await old)).resolves.toMatchObject({ tenantId: 'FOS402334' });
  });

  it('refuses a token issued in the future beyond the clock tolerance', async () => {
    expect(await refusal(sign({ iat: nowS + 120 }))).toMatch(/iat/);
  });

  it('verifies a chat session token with the chat audience, scope and claims', async () => {
    // Prepare: the chat path's options.
    const chat: Partial<JoseVerifierOptions> = { audience: 'picasso-chat', requiredScope: SCOPES.chat, requiredClaims: ['jti', 'session_id'], maxTokenAgeSeconds: 3600 };
    const token = sign({ aud: 'picasso-chat', scope: 'chat', session_id: 'sess_1', jti: 'j-chat' }, undefined, ['sub']);

    // Act
    const principal = await verifier(chat).verify(await token);

    // Assess
    expect(principal).toMatchObject({ tenantId: 'FOS402334', sessionId: 'sess_1', tokenId: 'j-chat', subject: '' });
    expect(await refusal(sign({ aud: 'picasso-chat', session_id: 'sess_1' }), chat)).toMatch(/chat scope/);
    expect(await refusal(sign({ aud: 'picasso-chat', scope: 'chat' }), chat)).toMatch(/session_id/);
    expect(await refusal(sign({ scope: 'chat', session_id: 'sess_1' }), chat)).toMatch(/aud/);
  });
});
