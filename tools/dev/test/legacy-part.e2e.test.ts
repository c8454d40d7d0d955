import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTime } from '@picasso/shared';
import { DEMO_TENANTS, LOCAL_LEGACY_API_KEY } from '@picasso/local-stack';
import { legacyPart } from '../src/legacy-part';
import { repoRoot, startSystem, type RunningSystem } from '../src/system';

describe('make dev: the legacy API part', () => {
  let dir: string;
  let system: RunningSystem;
  beforeAll(async () => {
    // make test builds the bundles first; run alone, build them: make build-analytics-function build-analytics-event-processor
    for (const bundle of ['analytics-function', 'analytics-event-processor']) {
      if (!existsSync(join(repoRoot, 'dist', bundle, 'index.mjs'))) throw new Error(`dist/${bundle}/index.mjs is missing: run make build-${bundle}`);
    }
    dir = mkdtempSync(join(tmpdir(), 'legacy-dev-'));
    system = await startSystem({ dir, awsPort: 0, dynamoPort: 0 }, [legacyPart]);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a curl that answers, and counts a QA_COMPLETE line the streaming host captured', async () => {
    // Prepare: one captured turn of the streaming handler, now.
    const tenant = DEMO_TENANTS[0]!;
    const group = `/aws/lambda/${system.names.environment}-bedrock-streaming-handler`;
    const now = Date.now();
    const message = JSON.stringify({ level: 'INFO', message: 'QA_COMPLETE', tenant_id: tenant.tenant_id, session_id: 'dev-s1', outcome: 'answered', question_redacted: 'hi', response_time_ms: 900, first_token_ms: 300, total_time_ms: 1200 });
    appendFileSync(join(dir, 'logs', encodeURIComponent(group), 'stream.ndjson'), `${JSON.stringify({ timestamp: now, ingestionTime: now, message })}\n`);
    const curl = system.banner.find((l) => l.includes('legacy API'))!;
    const url = /'(http:\/\/[^']+\/analytics\?[^']+)'/.exec(curl)![1]!;
    // Act
    const res = await fetch(url, { headers: { 'x-api-key': LOCAL_LEGACY_API_KEY } });
    const body = (await res.json()) as { days: { date: string; tier: string; conversations: { conversation_count: number } | null }[] };
    // Assess
    expect(res.status).toBe(200);
    expect(body.days).toHaveLength(30);
    const today = body.days.find((d) => d.date === localTime(now, tenant.timezone).date)!;
    expect([today.tier, today.conversations?.conversation_count]).toEqual(['logs', 1]);
    // Nothing wrote daily items on this fresh stack: those days say so instead of zero.
    expect(body.days.filter((d) => d.tier === 'daily_table').every((d) => d.conversations === null)).toBe(true);
  }, 30_000);
});
