import { createTestEnvironment } from '@picasso/local-stack/testing';
import { LOCAL_DEV_AUTH, signDashboardToken } from '../src/auth/dev-token';
import { startLocalDashboardApi, type LocalDashboardApi } from '../src/local-dev';
import { FOSTER } from './api-harness';

describe('the dashboard API as make dev runs it', () => {
  let api: LocalDashboardApi;

  beforeAll(async () => {
    const env = await createTestEnvironment('dev');
    api = await startLocalDashboardApi({ names: env.names, s3StorageDir: env.s3StorageDir, port: 0 });
  });
  afterAll(() => api.stop());

  it('answers a make-token token from a local dashboard origin, from the lake when nothing is cached', async () => {
    // Prepare: what `make token TENANT=fo85e6a06dcdf4` prints.
    const token = await signDashboardToken({ tenantId: FOSTER.tenant_id, tenantHash: FOSTER.tenant_hash, ...LOCAL_DEV_AUTH });

    // Act
    const res = await fetch(`${api.url}/conversations/summary?range=30d`, { headers: { authorization: `Bearer ${token}`, origin: 'http://localhost:5173' } });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await res.json()).toMatchObject({ tenant_id: FOSTER.tenant_id, source: 'athena', data: { total_conversations: 0 } });
  });

  it('refuses a token signed with anything but the local secret', async () => {
    const token = await signDashboardToken({ tenantId: FOSTER.tenant_id, tenantHash: FOSTER.tenant_hash, ...LOCAL_DEV_AUTH, secret: 'not-the-local-secret-0123456789-abcdef' });
    const res = await fetch(`${api.url}/conversations/summary`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });
});
