import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, DynamoDbRollupStore, type AnalyticsEvent, type TenantConfig } from '@picasso/shared';
import { startAthenaEmulator, type AthenaEmulator } from '@picasso/shared/duckdb';
import { buildEvent, writeLakeBatch } from '@picasso/shared/testing';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import type { RebuildSummary } from '../src/rebuild';

const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
const TENANT = DEMO_TENANTS[1]! as TenantConfig;

interface CommandRun {
  code: number;
  out: string;
  err: string;
}

const execFileAsync = promisify(execFile);

/** The command as on-call runs it, pointed at the test's stack by the SDK's endpoint variables; a non-zero exit is an outcome, not a failure. */
async function cli(argv: string[], extraEnv: Record<string, string> = {}): Promise<CommandRun> {
  const env = { ...process.env, ...extraEnv, NODE_OPTIONS: '--no-warnings' };
  return execFileAsync('tsx', [CLI, ...argv], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout, err: stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, out: failed.stdout, err: failed.stderr }),
  );
}

describe('the rollup-rebuild command line', () => {
  // The command works on the real clock's lake window: three days well inside it.
  const today = new Date().toISOString().slice(0, 10);
  const days = [addDays(today, -5), addDays(today, -4), addDays(today, -3)];
  let env: TestEnvironment;
  let athena: AthenaEmulator;
  const args = (...more: string[]) => ['--env', env.names.environment, '--tenant', TENANT.tenant_id, '--from', days[0]!, '--to', days[2]!, ...more];
  const scan = async (table: string) => (await env.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];

  beforeAll(async () => {
    env = await createTestEnvironment('rc');
    const events = days.flatMap((day, i) =>
      ['MESSAGE_SENT', 'MESSAGE_RECEIVED'].map(
        (type, j) =>
          buildEvent(type as 'MESSAGE_SENT', {
            tenant_hash: TENANT.tenant_hash,
            session_id: `sess_cli_${i}`,
            server_timestamp: `${day}T12:00:0${j}.000Z`,
            client_timestamp: `${day}T12:00:0${j}.000Z`,
          }) as AnalyticsEvent,
      ),
    );
    await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, events);
    athena = await startAthenaEmulator({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  });
  afterAll(async () => {
    await athena?.stop();
  });

  it('exits 2 with the reason and the usage on bad arguments', async () => {
    // Every argument check is in src/args.test.ts; here the command's answer to two of them.
    const cases: [string[], RegExp][] = [
      [['--env', 'local', '--tenant', 'FOS402334', '--from', '2026-03-02', '--to', '2026-03-01'], /--from 2026-03-02 is after --to 2026-03-01/],
      [['--env', 'production', '--tenant', 'FOS402334', '--from', '2026-03-01', '--to', '2026-03-01'], /--env production needs --account-id/],
    ];
    for (const [argv, reason] of cases) {
      const run = await cli(argv);
      expect({ argv, code: run.code, out: run.out }).toEqual({ argv, code: 2, out: '' });
      expect(run.err).toMatch(reason);
      expect(run.err).toMatch(/usage: make rebuild-rollups/);
    }
  });

  it('refuses a range the lake no longer holds (exit 2) and an unknown tenant (exit 1), writing nothing', async () => {
    const expired = await cli(['--env', env.names.environment, '--tenant', TENANT.tenant_id, '--from', '2020-01-01', '--to', '2020-01-31']);
    const unknown = await cli(['--env', env.names.environment, '--tenant', 'NOSUCH0001', '--from', days[0]!, '--to', days[2]!]);

    expect(expired.code).toBe(2);
    expect(expired.err).toMatch(/2020-01-01 … 2020-01-31 lies entirely before the lake's 90-day retention/);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/tenant NOSUCH0001 has no configuration in the config bucket/);
    expect(await scan(env.names.rollupsTable)).toEqual([]);
  });

  it('prints in a dry run each partition on stderr and the plan as one JSON line on stdout, and writes nothing', async () => {
    const run = await cli(args('--dry-run'));

    expect(run.code).toBe(0);
    const summary = JSON.parse(run.out) as RebuildSummary;
    expect(run.out.trim().split('\n')).toHaveLength(1);
    expect(summary).toMatchObject({ tenant_id: TENANT.tenant_id, timezone: TENANT.timezone, dry_run: true, days: 3, partitions_with_objects: 3, objects: 3, queries_planned: 1, queries_run: 0, rollups_written: 0 });
    expect(summary.lake_bytes).toBeGreaterThan(0);
    for (const day of days) expect(run.err).toMatch(new RegExp(`^dry run: ${day} objects=1 bytes=\\d+$`, 'm'));
    expect(run.err).toMatch(/dry run: nothing queried, nothing written/);
    expect(await scan(env.names.rollupsTable)).toEqual([]);
    expect(await scan(env.names.dashboardCacheTable)).toEqual([]);
    expect(await scan(env.names.dirtyPartitionsTable)).toEqual([]);
  });

  it('rebuilds through the Athena API, reporting the query’s states, and ends with the summary line', async () => {
    const run = await cli(args(), { AWS_ENDPOINT_URL_ATHENA: athena.url });

    expect(run.code).toBe(0);
    const summary = JSON.parse(run.out) as RebuildSummary;
    expect(summary).toMatchObject({ dry_run: false, days: 3, queries_run: 1, rollups_written: 3, handed_to_aggregator: [days[2]] });
    expect(summary.bytes_scanned).toBe(summary.lake_bytes);
    expect(run.err).toMatch(/^athena: query \S+ accepted$/m);
    expect(run.err).toMatch(/^athena: query \S+ SUCCEEDED, [1-9]\d* bytes scanned$/m);
    expect(run.err).toMatch(/^rollups written 3\/3 /m);
    expect(run.err).toMatch(/^cache refreshed: \d+ items/m);
    const rollups = await new DynamoDbRollupStore(env.doc, env.names.rollupsTable).readDayRollups(TENANT.tenant_id, days[0]!, days[2]!);
    expect(rollups.map((r) => [r.day, r.hours.flatMap((h) => h.sessions).map((s) => s.messages_sent + s.messages_received)])).toEqual(days.map((d) => [d, [2]]));
  });
});
