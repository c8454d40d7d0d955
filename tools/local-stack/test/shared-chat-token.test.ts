import { createTestEnvironment, type TestEnvironment } from '../src/testing/test-environment';
import { chatSessionOf, CHAT_SCOPE, DynamoDbTokenBlacklist, DynamoDbTokenRevoker, JoseTokenVerifier, revocationKey, signChatToken, StaticSigningSecret } from '@picasso/shared/auth';

const secret = new StaticSigningSecret('chat-token-test-secret-0123456789abcdef');
const NOW = new Date('2026-03-01T12:00:00.000Z');
const options = { issuer: 'https://auth.picasso.test', audience: 'picasso-chat', clockToleranceSeconds: 30 };

describe('chat session tokens', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('chattok');
  });

  it('verify with the shared verifier as a chat principal of their tenant and session', async () => {
    // Act
    const signed = await signChatToken({ tenantId: 'T1', tenantHash: 'abcd1234', sessionId: 's-1', ...options, lifetimeSeconds: 1800, now: NOW }, await secret.key());
    const principal = await new JoseTokenVerifier(secret, { ...options, now: () => NOW }).verify(signed.token);

    // Assess
    expect(principal).toMatchObject({ tenantId: 'T1', tenantHash: 'abcd1234', tokenId: signed.tokenId, expiresAt: signed.expiresAt });
    expect([...principal.scopes]).toEqual([CHAT_SCOPE]);
    expect(chatSessionOf(principal.subject)).toBe('s-1');
    expect(signed.expiresAt - signed.issuedAt).toBe(1800);
  });

  it('are refused by a verifier of another audience (a chat token is no dashboard token)', async () => {
    const signed = await signChatToken({ tenantId: 'T1', tenantHash: 'abcd1234', sessionId: 's-1', ...options, lifetimeSeconds: 1800, now: NOW }, await secret.key());
    await expect(new JoseTokenVerifier(secret, { ...options, audience: 'picasso-analytics-dashboard', now: () => NOW }).verify(signed.token)).rejects.toThrow('token claim aud is not accepted');
  });

  it('stay revoked through the verifiers\' clock tolerance after exp, when they could still verify', async () => {
    // Prepare
    const signed = await signChatToken({ tenantId: 'T1', tenantHash: 'abcd1234', sessionId: 's-2', ...options, lifetimeSeconds: 60, now: NOW }, await secret.key());
    const blacklist = new DynamoDbTokenBlacklist(env.doc, env.names.tokenBlacklistTable);

    // Act
    await new DynamoDbTokenRevoker(env.doc, env.names.tokenBlacklistTable, options.clockToleranceSeconds, () => NOW).revoke(signed.token, signed.tokenId, signed.expiresAt);

    // Assess: 20 s after exp the verifier still accepts the token (tolerance 30 s), so the blacklist must still refuse it
    const withinSkew = new Date((signed.expiresAt + 20) * 1000);
    await expect(new JoseTokenVerifier(secret, { ...options, now: () => withinSkew }).verify(signed.token)).resolves.toBeDefined();
    expect(await blacklist.isRevoked(revocationKey(signed.token, signed.tokenId), withinSkew)).toBe(true);
    expect(chatSessionOf('dev:abcd1234')).toBeUndefined();
  });
});
