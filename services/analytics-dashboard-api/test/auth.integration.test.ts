import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { cacheKey } from '@picasso/shared';
import { generateKeyPair, SignJWT } from 'jose';
import { ALLOWED_ORIGIN, type Json, ATLAS, claimsOf, FOSTER, startApi, TEST_AUTH, type ApiUnderTest } from './api-harness';

const ROUTE = '/conversations/summary?range=7d';
const now = () => Math.floor(Date.now() / 1000);

/** Signs arbitrary claims/header, to forge the tokens an attacker would send. */
async function forge(options: { alg?: string; typ?: string | null; key?: CryptoKey | Uint8Array; claims?: Record<string, unknown>; drop?: string[] } = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    tenant_id: FOSTER.tenant_id,
    tenant_hash: FOSTER.tenant_hash,
    scope: 'analytics:read',
    sub: 'user-1',
    jti: randomUUID(),
    iss: TEST_AUTH.issuer,
    aud: TEST_AUTH.audience,
    iat: now(),
    exp: now() + 3600,
    ...options.claims,
  };
  for (const k of options.drop ?? []) delete claims[k];
  const typ = options.typ === undefined ? 'JWT' : options.typ;
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', ...(typ === null ? {} : { typ }) }).sign(options.key ?? new TextEncoder().encode(TEST_AUTH.secret));
}

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('dashboard API authentication', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi();
    // A fresh cache item, so an accepted token gets a 200 without touching rollups or the lake.
    const updated = new Date();
    await api.env.doc.send(
      new PutCommand({
        TableName: api.env.names.dashboardCacheTable,
        Item: {
          ...cacheKey(FOSTER.tenant_id, 'conversations_summary', '7d'),
          data: { total_conversations: 5, total_messages: 12, avg_response_time_seconds: 1.2, avg_first_token_seconds: 0.8, after_hours_count: 1, after_hours_percentage: 20 },
          range_start: '2025-01-01',
          range_end: '2025-01-07',
          updated_at: updated.toISOString(),
          ttl: Math.floor(updated.getTime() / 1000) + 86400,
        },
      }),
    );
  });
  afterAll(() => api.close());

  const expectInvalidToken = (res: { status: number; headers: Headers; body: Json }, message: RegExp) => {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(res.body).toEqual({ error: 'unauthorized', message: expect.stringMatching(message), request_id: expect.any(String) });
  };

  it('accepts a valid token and answers its own tenant', async () => {
    // Act
    const res = await api.call(ROUTE, { token: await api.tokenFor() });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.tenant_id).toBe(FOSTER.tenant_id);
  });

  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    expectInvalidToken(await api.call(ROUTE), /missing bearer token/);
  });

  it('refuses an Authorization header that is not a bearer JWT', async () => {
    expectInvalidToken(await api.call(ROUTE, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), /Bearer <token>/);
  });

  it('refuses an expired token', async () => {
    // Prepare: expired an hour ago, beyond the 30 s clock tolerance.
    const token = await api.tokenFor(FOSTER, { now: new Date(Date.now() - 13 * 3600_000) });

    // Act + Assess
    expectInvalidToken(await api.call(ROUTE, { token }), /expired/);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    // Prepare: valid claims, no signature.
    const signed = await api.tokenFor();
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${signed.split('.')[1]}.`;

    // Act + Assess
    expectInvalidToken(await api.call(ROUTE, { token }), /algorithm|malformed/);
  });

  it('refuses a token signed with the right secret but another HMAC algorithm (HS512)', async () => {
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ alg: 'HS512' }) }), /algorithm/);
  });

  it('refuses an RS256 token (algorithm pinned to HS256)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ alg: 'RS256', key: privateKey }) }), /algorithm/);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await forge({ key: new TextEncoder().encode('another-secret-0123456789-abcdefghijk') });
    expectInvalidToken(await api.call(ROUTE, { token }), /signature/);
  });

  it('refuses a token for another audience', async () => {
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ claims: { aud: 'some-other-api' } }) }), /aud/);
  });

  it('refuses a token from another issuer', async () => {
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ claims: { iss: 'https://evil.example' } }) }), /iss/);
  });

  it('refuses a token without tenant claims', async () => {
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ drop: ['tenant_id'] }) }), /tenant/);
  });

  it('refuses a token revoked by its jti', async () => {
    // Prepare
    const token = await api.tokenFor();
    const { jti, exp } = claimsOf(token);
    await api.revoke(token, jti, exp);

    // Act + Assess
    expectInvalidToken(await api.call(ROUTE, { token }), /revoked/);
  });

  it('keeps refusing a revoked token during the clock-skew window after its exp', async () => {
    // Prepare: a token that expired 10 s ago, which the 30 s clock tolerance still accepts.
    const token = await api.tokenFor(FOSTER, { now: new Date(Date.now() - 3610_000), lifetimeSeconds: 3600 });
    const { jti, exp } = claimsOf(token);
    expect(exp).toBeLessThan(now());
    expect((await api.call(ROUTE, { token })).status).toBe(200);

    // Act: revoked as POST /revoke would, with the token's own exp.
    await api.revoke(token, jti, exp);

    // Assess
    expectInvalidToken(await api.call(ROUTE, { token }), /revoked/);
  });

  it('refuses a token without a typ header, or with another type', async () => {
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ typ: null }) }), /typ/);
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ typ: 'at+jwt' }) }), /typ/);
  });

  it('refuses a token without iat, and one older than the maximum token age whatever its exp', async () => {
    expectInvalidToken(await api.call(ROUTE, { token: await forge({ drop: ['iat'] }) }), /iat/);
    const old = await forge({ claims: { iat: now() - 13 * 3600, exp: now() + 11 * 3600 } });
    expectInvalidToken(await api.call(ROUTE, { token: old }), /maximum token age/);
  });

  it('refuses a token without jti revoked by the hash of the token itself', async () => {
    // Prepare
    const token = await forge({ drop: ['jti'] });
    await api.revoke(token, undefined, now() + 3600);

    // Act + Assess
    expectInvalidToken(await api.call(ROUTE, { token }), /revoked/);
  });

  it('ignores a blacklist item whose TTL has passed (DynamoDB deletes expired items late)', async () => {
    // Prepare: an item left behind after its ttl; the token it named is long gone, this jti reused.
    const token = await api.tokenFor();
    await api.putBlacklistItem(token, claimsOf(token).jti, now() - 60);

    // Act
    const res = await api.call(ROUTE, { token });

    // Assess
    expect(res.status).toBe(200);
  });

  it('refuses to read another tenant named by tenant_id with 403', async () => {
    // Act
    const res = await api.call(`${ROUTE}&tenant_id=${ATLAS.tenant_id}`, { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'forbidden', message: expect.stringMatching(/tenant_id does not match/), request_id: expect.any(String) });
  });

  it('refuses to read another tenant named by tenant_hash with 403', async () => {
    const res = await api.call(`${ROUTE}&tenant_hash=${ATLAS.tenant_hash}`, { token: await api.tokenFor(FOSTER) });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/tenant_hash does not match/);
  });

  it('tolerates tenant parameters that name the token’s own tenant', async () => {
    const res = await api.call(`${ROUTE}&tenant_id=${FOSTER.tenant_id}&tenant_hash=${FOSTER.tenant_hash}`, { token: await api.tokenFor(FOSTER) });
    expect(res.status).toBe(200);
    expect(res.body.tenant_id).toBe(FOSTER.tenant_id);
  });

  it('refuses a validly signed token for a tenant that has no configuration with 403', async () => {
    const res = await api.call(ROUTE, { token: await api.tokenFor({ tenant_id: 'GHOST0001', tenant_hash: 'gh0000000000' }) });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/no configuration/);
  });

  it('refuses a token without the analytics:read scope with 403', async () => {
    const res = await api.call(ROUTE, { token: await forge({ claims: { scope: 'profile' } }) });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/analytics:read/);
  });

  it('adds CORS headers for an allowed origin, on refusals too', async () => {
    // Act
    const refused = await api.call(ROUTE, { headers: { origin: ALLOWED_ORIGIN } });
    const preflight = await api.call(ROUTE, { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'GET' } });
    const foreign = await api.call(ROUTE, { headers: { origin: 'https://evil.example' } });

    // Assess
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
