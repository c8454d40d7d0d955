import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTime } from '@picasso/shared';
import { lambdaLogGroup, messagesOfTurn } from '@picasso/shared/legacy';
import { DEMO_TENANTS, LOCAL_LEGACY_API_KEY } from '@picasso/local-stack';
import { chatPart } from '../src/chat-part';
import { legacyPart } from '../src/legacy-part';
import { repoRoot, startSystem, type RunningSystem } from '../src/system';

interface Answer {
  days: { date: string; tier: string; conversations: { conversation_count: number; total_messages: number; response_time_ms_sum: number; top_questions: { question: string; count: number }[] } | null }[];
}

/** The legacy API as `make dev` runs it, after the chat path (the real streaming handler's bundle writes QA_COMPLETE). */
describe('make dev: the legacy API part', () => {
  const tenant = DEMO_TENANTS[0]!;
  let dir: string;
  let system: RunningSystem;
  let curlUrl: string;
  beforeAll(async () => {
    // make test builds the bundles first; run alone, build them with make build-<service>.
    for (const bundle of ['analytics-function', 'analytics-event-processor', 'master-function', 'bedrock-streaming-handler']) {
      if (!existsSync(join(repoRoot, 'dist', bundle, 'index.mjs'))) throw new Error(`dist/${bundle}/index.mjs is missing: run make build-${bundle}`);
    }
    dir = mkdtempSync(join(tmpdir(), 'legacy-dev-'));
    process.env.BEDROCK_FIRST_TOKEN_MS = '5';
    process.env.BEDROCK_TOKEN_MS = '1';
    system = await startSystem({ dir, awsPort: 0, dynamoPort: 0 }, [chatPart, legacyPart]);
    curlUrl = /'(http:\/\/[^']+\/analytics\?[^']+)'/.exec(system.banner.find((l) => l.includes('legacy API'))!)![1]!;
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async () => {
    const res = await fetch(curlUrl, { headers: { 'x-api-key': LOCAL_LEGACY_API_KEY } });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const today = () => localTime(Date.now(), tenant.timezone).date;

  it('answers the printed curl, each day from its tier, days without items missing instead of zero', async () => {
    const { status, body } = await ask();
    expect(status).toBe(200);
    expect(body.days).toHaveLength(30);
    expect(body.days.find((d) => d.date === today())!.tier).toBe('logs');
    expect(body.days.filter((d) => d.tier === 'daily_table').every((d) => d.conversations === null)).toBe(true);
  });

  it("counts the real streaming handler's turns from its captured QA_COMPLETE lines, equal to a direct count", async () => {
    // Prepare: two chat turns of one session through the master function and the streaming handler bundles.
    const { master, streaming } = system.urls as { master: string; streaming: string };
    const before = (await ask()).body.days.find((d) => d.date === today())!.conversations!;
    const session = (await (await fetch(`${master}/session`, { method: 'POST', body: JSON.stringify({ t: tenant.tenant_hash }) })).json()) as { token: string };
    for (const message of ['Where can I drop off donations?', 'What are your hours?']) {
      await (await fetch(streaming, { method: 'POST', headers: { authorization: `Bearer ${session.token}` }, body: JSON.stringify({ message }) })).text();
    }
    // Act
    const after = (await ask()).body.days.find((d) => d.date === today())!.conversations!;
    // Assess: against the lines the streaming host captured.
    const group = join(dir, 'logs', encodeURIComponent(lambdaLogGroup(system.names.functions['bedrock-streaming-handler'])));
    const lines = readdirSync(group)
      .flatMap((f) => readFileSync(join(group, f), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as { message: string })
      .flatMap((l) => {
        try {
          return [JSON.parse(l.message) as Record<string, unknown>];
        } catch {
          return []; // START/END/REPORT lines
        }
      })
      .filter((m) => m.message === 'QA_COMPLETE' && m.tenant_id === tenant.tenant_id);
    expect(lines).toHaveLength(2);
    expect(after.conversation_count - before.conversation_count).toBe(1);
    expect(after.total_messages - before.total_messages).toBe(lines.reduce((a, l) => a + messagesOfTurn(String(l.outcome)), 0));
    // A failed turn sent no answer, whose timings the dashboards average.
    expect(after.response_time_ms_sum - before.response_time_ms_sum).toBe(lines.filter((l) => l.outcome !== 'failed').reduce((a, l) => a + Number(l.response_time_ms), 0));
    expect(after.top_questions.map((q) => q.question)).toEqual(expect.arrayContaining(['where can i drop off donations', 'what are your hours']));
  }, 30_000);

  it('reads a line appended to the captured log at once', async () => {
    const group = join(dir, 'logs', encodeURIComponent(lambdaLogGroup(system.names.functions['bedrock-streaming-handler'])));
    const before = (await ask()).body.days.find((d) => d.date === today())!.conversations!.conversation_count;
    const now = Date.now();
    const message = JSON.stringify({ level: 'INFO', message: 'QA_COMPLETE', tenant_id: tenant.tenant_id, session_id: 'dev-appended', outcome: 'answered', question_redacted: 'hi', response_time_ms: 900, first_token_ms: 300, total_time_ms: 1200 });
    appendFileSync(join(group, 'appended.ndjson'), `${JSON.stringify({ timestamp: now, ingestionTime: now, message })}\n`);
    expect((await ask()).body.days.find((d) => d.date === today())!.conversations!.conversation_count).toBe(before + 1);
  });
});
