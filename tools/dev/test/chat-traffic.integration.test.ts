import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { startSystem, type RunningSystem } from '../src/system';
import { chatPart } from '../src/chat-part';
import { accountTurnsInLake, MESSAGE_EVENT_COUNTS_SQL, runChatTraffic, type LakeEventCount } from '@picasso/traffic-generator';

/**
 * The chat mode against the `make dev` system on free ports: the master function's and the
 * streaming handler's bundles, the Bedrock and Knowledge Base emulators, the processor behind the
 * emulated SQS trigger, and the lake read back with DuckDB.
 */
describe('the traffic generator chat mode', () => {
  let dir: string;
  let system: RunningSystem;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-traffic-'));
    process.env.BEDROCK_FIRST_TOKEN_MS = '20';
    process.env.BEDROCK_TOKEN_MS = '1';
    system = await startSystem({ dir, awsPort: 0, dynamoPort: 0, processor: { batchSize: 10, batchingWindowMs: 200 } }, [chatPart]);
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function lake<T>(sql: string): Promise<T[]> {
    const engine = await DuckDbQueryEngine.open({ s3StorageDir: system.stack.s3StorageDir, lakeBucket: system.names.lakeBucket });
    try {
      return (await engine.query<T>(sql)).rows;
    } finally {
      engine.close();
    }
  }

  it('drives real sessions: every turn answered and in the lake exactly once, widget and form events as planned', async () => {
    // Prepare
    const tenantHashes = DEMO_TENANTS.map((t) => t.tenant_hash);
    const progress: number[] = [];

    // Act
    const run = await runChatTraffic({
      masterUrl: system.urls.master!,
      tenantHashes,
      seed: 11,
      concurrency: 3,
      sessions: 6,
      plan: { minTurns: 1, maxTurns: 2, formShare: 1, submitShare: 0.5 },
      onProgress: (p) => progress.push(p.turnsSent),
    });
    await system.waitUntilQueueDrained();

    // Assess
    const { summary, turns, sessions } = run;
    expect(summary.errors).toEqual({});
    expect(summary.sessions).toBe(6);
    expect(summary.turnsSent).toBe(sessions.reduce((n, s) => n + s.plan.questions.length, 0));
    expect(summary.turnsAnswered).toBe(summary.turnsSent);
    expect(summary.firstTokenP95Ms).toBeGreaterThanOrEqual(20);
    expect(progress.at(-1)).toBe(summary.turnsSent);
    expect(accountTurnsInLake(turns, await lake<LakeEventCount>(MESSAGE_EVENT_COUNTS_SQL))).toEqual({ expectedEvents: 2 * summary.turnsSent, eventsLost: 0, eventsDuplicated: 0, turnsUnaccounted: 0 });

    const ids = sessions.map((s) => `'${s.sessionId}'`).join(', ');
    const widget = await lake<{ event_type: string; session_id: string; last_field: string | null }>(
      `SELECT event_type, session_id, json_extract_string(event_payload, '$.last_field') AS last_field FROM events WHERE session_id IN (${ids}) AND event_type NOT IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED')`,
    );
    const ofType = (type: string) => widget.filter((e) => e.event_type === type);
    const planned = (outcome: string) => sessions.filter((s) => s.plan.form?.outcome === outcome);
    expect(ofType('WIDGET_OPENED')).toHaveLength(6);
    expect(ofType('FORM_STARTED')).toHaveLength(sessions.filter((s) => s.plan.form).length);
    expect(ofType('FORM_COMPLETED')).toHaveLength(planned('submitted').length);
    expect(ofType('FORM_ABANDONED').map((e) => `${e.session_id}:${e.last_field}`).sort()).toEqual(planned('abandoned').map((s) => `${s.sessionId}:${s.plan.form!.lastField}`).sort());
    expect(summary).toMatchObject({ formsSubmitted: planned('submitted').length, formsAbandoned: planned('abandoned').length });
  });

  it('counts a refused request by kind and goes on with the other sessions', async () => {
    // Act
    const run = await runChatTraffic({ masterUrl: system.urls.master!, tenantHashes: [DEMO_TENANTS[0]!.tenant_hash, 'zzzz9999'], seed: 3, concurrency: 2, sessions: 4, plan: { minTurns: 1, maxTurns: 1, formShare: 0 } });

    // Assess
    expect(run.summary.errors).toEqual({ 'config:http_404_unknown_tenant': 2 });
    expect(run.summary.turnsAnswered).toBe(2);
  });
});
