import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localMidnightUtcMs, type AnalyticsEvent, type TenantConfig } from '@picasso/shared';
import { archiveKey, decodeArchive, DynamoDbS3DailyAggregates } from '@picasso/shared/legacy';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { buildEvent, writeLakeBatch } from '@picasso/shared/testing';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { parseBackfillArgs, UsageError } from '../src/args';
import { runBackfill } from '../src/backfill';

const TENANT = DEMO_TENANTS[1]! as TenantConfig; // Europe/London
const DAYS = ['2026-03-28', '2026-03-29', '2026-03-30']; // the 29th is 23 hours long in London

describe('the legacy backfill', () => {
  let env: TestEnvironment;
  let engine: DuckDbQueryEngine;
  let writer: DynamoDbS3DailyAggregates;
  const scanDaily = async () => (await env.doc.send(new ScanCommand({ TableName: env.names.dailyAggregatesTable, ConsistentRead: true }))).Items ?? [];

  beforeAll(async () => {
    // Prepare: two conversations a day (one after midnight local time, one in the afternoon) and a form on the 29th.
    env = await createTestEnvironment('bf');
    const events: AnalyticsEvent[] = [];
    for (const day of DAYS) {
      for (const [i, hour] of [0.5, 15].entries()) {
        const t = new Date(localMidnightUtcMs(day, TENANT.timezone) + hour * 3_600_000).toISOString();
        events.push(buildEvent('MESSAGE_SENT', { tenant_id: TENANT.tenant_id, tenant_hash: TENANT.tenant_hash, session_id: `s_${day}_${i}`, server_timestamp: t, client_timestamp: t }) as AnalyticsEvent);
      }
    }
    const t = new Date(localMidnightUtcMs('2026-03-29', TENANT.timezone) + 10 * 3_600_000).toISOString();
    events.push(buildEvent('FORM_COMPLETED', { tenant_id: TENANT.tenant_id, tenant_hash: TENANT.tenant_hash, session_id: 's_form', server_timestamp: t, client_timestamp: t }) as AnalyticsEvent);
    await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, events);
    engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
    writer = new DynamoDbS3DailyAggregates(env.doc, env.names.dailyAggregatesTable, env.s3, env.names.archiveBucket);
  });
  afterAll(() => engine.close());

  const run = async (dryRun: boolean) => {
    const progress: string[] = [];
    const out: string[] = [];
    const report = await runBackfill({ tenant: TENANT, from: DAYS[0]!, to: DAYS[2]!, dryRun, now: new Date() }, { engine, writer }, { progress: (l) => progress.push(l), out: (l) => out.push(l) });
    return { report, progress, out };
  };

  it('shows each day with a dry run and writes nothing', async () => {
    const { progress, out, report } = await run(true);
    expect(report).toMatchObject({ queriesRun: 1, written: 0 });
    expect(progress.slice(1)).toEqual([
      '[1/3] 2026-03-28 conversations=2 messages=2 submissions=0 (not written)',
      '[2/3] 2026-03-29 conversations=2 messages=2 submissions=1 (not written)',
      '[3/3] 2026-03-30 conversations=2 messages=2 submissions=0 (not written)',
    ]);
    expect(out[0]).toMatch(/^dry run: 3 days computed, nothing written/);
    expect(await scanDaily()).toEqual([]);
    expect((await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.archiveBucket }))).KeyCount ?? 0).toBe(0);
  });

  it('writes both items and the archive file of every day with one query, identically when run again', async () => {
    const first = await run(false);
    const items = await scanDaily();
    const again = await run(false);
    expect(first.report).toMatchObject({ queriesRun: 1, written: 3 });
    expect(first.progress).toHaveLength(4);
    expect(items.map((i) => i.sk).sort()).toEqual(DAYS.flatMap((d) => [`DATE#${d}`, `FORMS#${d}`]).sort());
    expect(await scanDaily()).toEqual(items);
    expect(again.report.written).toBe(3);
    for (const date of DAYS) {
      const file = await env.s3.send(new GetObjectCommand({ Bucket: env.names.archiveBucket, Key: archiveKey(TENANT.tenant_id, date) }));
      const archive = decodeArchive(await file.Body!.transformToByteArray(), { tenantId: TENANT.tenant_id, date });
      const { ttl: _ttl, ...stored } = items.find((i) => i.sk === `DATE#${date}`)!;
      expect(archive.daily).toEqual(stored);
    }
  });

  it('refuses bad arguments with the reason', () => {
    expect(() => parseBackfillArgs(['--env', 'staging', '--tenant', 'FOS402334', '--from', '2026-03-02', '--to', '2026-03-01'])).toThrow(new UsageError('--from must not be after --to'));
    expect(() => parseBackfillArgs(['--env', 'staging', '--tenant', 'FOS402334', '--from', '2024-01-01', '--to', '2026-03-01'])).toThrow(/at most 400 days/);
    expect(() => parseBackfillArgs(['--env', 'staging', '--from', '2026-03-01', '--to', '2026-03-01'])).toThrow('--tenant is required');
    expect(parseBackfillArgs(['--env', 'staging', '--tenant', 'FOS402334', '--from', '2026-03-01', '--to', '2026-03-02', '--dry-run'])).toMatchObject({ dryRun: true, local: false });
  });
});
