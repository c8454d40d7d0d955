import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbColdPathSlots } from '../src/adapters/dynamodb-cold-path-slots';
import { TooManyRequestsError } from '../src/errors';
import { ATLAS, FOSTER, startApi, type ApiUnderTest } from './api-harness';

/** A custom range older than the rollups' horizon: always the cold path. */
const COLD = '/conversations/summary?start_date=2025-03-10&end_date=2025-03-10';

/** A promise and the function that settles it: holds a slot open for as long as a test needs. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('the per-tenant limit on cold-path queries', () => {
  let api: ApiUnderTest;
  /** Another instance of the function, sharing the table as concurrent Lambda instances do. */
  let otherInstance: DynamoDbColdPathSlots;

  beforeAll(async () => {
    api = await startApi({ env: { COLD_PATH_QUERIES_PER_TENANT: '1' } });
    otherInstance = new DynamoDbColdPathSlots(api.env.doc, api.env.names.dashboardCacheTable, { slotsPerTenant: 1, leaseSeconds: 30, retryAfterSeconds: 5 });
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After, naming the limit, while another instance holds the tenant’s slots, and serves again once it is free', async () => {
    // Prepare: another instance is running Foster's one allowed query.
    const held = gate();
    const started = gate();
    const other = otherInstance.withSlot(FOSTER.tenant_id, async () => {
      started.open();
      await held.opened;
      return 'done';
    });
    await started.opened;
    const queriesBefore = api.athenaQueries.length;

    // Act
    const refused = await api.call(COLD, { token: await api.tokenFor(FOSTER) });
    const otherTenant = await api.call(COLD, { token: await api.tokenFor(ATLAS) });
    held.open();
    await other;
    const afterwards = await api.call(COLD, { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toEqual({ error: 'too_many_requests', message: expect.stringMatching(/at most 1 cold-path \(Athena\) query per tenant/), request_id: expect.any(String) });
    expect(otherTenant.status).toBe(200);
    expect(afterwards.status).toBe(200);
    expect(afterwards.body.source).toBe('athena');
    // The refused request sent nothing to Athena; the two served ones did.
    expect(api.athenaQueries.slice(queriesBefore).map((p) => p[0])).toEqual([ATLAS.tenant_id, FOSTER.tenant_id]);
  });

  it('takes over a lease whose holder died (its ttl passed, the item not yet deleted)', async () => {
    // Prepare: a lease left behind by an instance that never released it.
    const key = { pk: `TENANT#${ATLAS.tenant_id}`, sk: 'COLD_PATH_SLOT#0' };
    await api.env.doc.send(new PutCommand({ TableName: api.env.names.dashboardCacheTable, Item: { ...key, lease_id: 'dead', ttl: Math.floor(Date.now() / 1000) - 1 } }));

    // Act
    const res = await api.call(COLD, { token: await api.tokenFor(ATLAS) });

    // Assess: served, and the slot given back afterwards.
    expect(res.status).toBe(200);
    expect((await api.env.doc.send(new GetCommand({ TableName: api.env.names.dashboardCacheTable, Key: key }))).Item).toBeUndefined();
  });

  it('never lets more queries run at once than the limit across instances, and never frees another holder’s lease', async () => {
    // Prepare: three instances, a limit of two, eight requests at once.
    const instances = [0, 1, 2].map(() => new DynamoDbColdPathSlots(api.env.doc, api.env.names.dashboardCacheTable, { slotsPerTenant: 2, leaseSeconds: 30, retryAfterSeconds: 5 }));
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 50));
      running -= 1;
    };

    // Act
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => instances[i % 3]!.withSlot('LIMIT01', work)));

    // Assess
    const served = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof TooManyRequestsError).length;
    expect(most).toBeLessThanOrEqual(2);
    expect(served).toBeGreaterThanOrEqual(2);
    expect(served + refused).toBe(8);
    // Every slot is free again.
    await expect(Promise.all([0, 1].map(() => instances[0]!.withSlot('LIMIT01', async () => 'ok')))).resolves.toEqual(['ok', 'ok']);
  });
});
