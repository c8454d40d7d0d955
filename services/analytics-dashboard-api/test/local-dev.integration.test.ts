import { startAthenaEmulator, type AthenaEmulator } from '@picasso/shared/duckdb';
import { createTestEnvironment } from '@picasso/local-stack/testing';
import type { FunctionUrlHandler } from '@picasso/local-stack';
import { LOCAL_DEV_AUTH, signDashboardToken } from '@picasso/shared/auth';
import { localDashboardApiEnvironment, serveLocalDashboardApi, type LocalDashboardApi } from '@picasso/local-stack';
import { FOSTER, writeLakeEvents } from './api-harness';
import { buildEvent } from '@picasso/shared/testing';

describe('the dashboard API as make dev runs it (production handler, Athena emulator)', () => {
  let api: LocalDashboardApi;
  let athena: AthenaEmulator;

  beforeAll(async () => {
    // Prepare: one conversation in the lake, nothing cached, no rollups.
    const env = await createTestEnvironment('dev');
    const at = new Date(Date.now() - 2 * 3_600_000);
    await writeLakeEvents(env, FOSTER.tenant_id, [
      buildEvent('MESSAGE_SENT', { session_id: 'sess_dev', server_timestamp: at.toISOString() }),
      buildEvent('MESSAGE_RECEIVED', { session_id: 'sess_dev', server_timestamp: new Date(at.getTime() + 2000).toISOString() }),
    ]);
    athena = await startAthenaEmulator({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
    // The handler module reads its configuration at import, as the bundle does on a cold start.
    const vars = localDashboardApiEnvironment(env.names, athena.url, {});
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    const { handler } = (await import('../src/handler')) as { handler: FunctionUrlHandler };
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    api = await serveLocalDashboardApi({ handler, names: env.names, port: 0 });
  });
  afterAll(async () => {
    await api.stop();
    await athena.stop();
  });

  it('answers a make-token token from a local dashboard origin, from the lake through the Athena adapter', async () => {
    // Prepare: what `make token TENANT=fo85e6a06dcdf4` prints.
    const token = await signDashboardToken({ tenantId: FOSTER.tenant_id, tenantHash: FOSTER.tenant_hash, ...LOCAL_DEV_AUTH });

    // Act
    const res = await fetch(`${api.url}/conversations/summary?range=7d`, { headers: { authorization: `Bearer ${token}`, origin: 'http://localhost:5173' } });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await res.json()).toMatchObject({ tenant_id: FOSTER.tenant_id, source: 'athena', data: { total_conversations: 1, total_messages: 2 } });
  });

  it('refuses a token signed with anything but the local secret', async () => {
    const token = await signDashboardToken({ tenantId: FOSTER.tenant_id, tenantHash: FOSTER.tenant_hash, ...LOCAL_DEV_AUTH, secret: 'not-the-local-secret-0123456789-abcdef' });
    const res = await fetch(`${api.url}/conversations/summary`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });
});
