import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { buildDayRollups, type RollupQueryRow } from '@picasso/shared/metrics';
import { tenantHourlyRollupQuery } from '@picasso/shared/query';
import { buildEvent, writeLakeBatch } from '@picasso/shared/testing';
import { createTestEnvironment, type TestEnvironment } from '../src/testing/test-environment';

describe('TENANT_HOURLY_ROLLUP_SQL', () => {
  let env: TestEnvironment;
  let engine: DuckDbQueryEngine;
  beforeAll(async () => {
    env = await createTestEnvironment('sqld');
    engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  });
  afterAll(() => engine.close());

  it('dedupes per tenant: a copy counts once, another tenant’s event with the same id counts for that tenant', async () => {
    // Prepare: one event id in two tenants' partitions of the same day, and a true copy in the first.
    const event = buildEvent('MESSAGE_SENT', { event_id: 'evt_shared_id', server_timestamp: '2025-12-20T10:00:00.000Z' });
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'FOS402334', [event]);
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'FOS402334', [event, buildEvent('WIDGET_OPENED', { server_timestamp: '2025-12-20T10:00:00.000Z' })]);
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'ATL120045', [{ ...event, tenant_hash: 'at3c9d0e21b7a5' }]);

    // Act
    const sent = async (tenantId: string) => {
      const { sql, params } = tenantHourlyRollupQuery(tenantId, ['2025-12-20']);
      const { rows } = await engine.query<{ grain: string; messages_sent: number }>(sql, params);
      return rows.filter((r) => r.grain === 'session').reduce((n, r) => n + Number(r.messages_sent), 0);
    };

    // Assess
    expect(await sent('FOS402334')).toBe(1);
    expect(await sent('ATL120045')).toBe(1);
  });

  describe('outcome, feedback and token columns', () => {
    const TENANT = 'FOS402334';
    const at = (iso: string, type: Parameters<typeof buildEvent>[0], over: Record<string, unknown> = {}) =>
      buildEvent(type, { server_timestamp: iso, client_timestamp: iso, session_id: 'sess_q', ...over });
    const reply = (iso: string, eventId: string, over: Record<string, unknown> = {}, version: '1.0.0' | '1.1.0' = '1.0.0') =>
      at(iso, 'MESSAGE_RECEIVED', {
        event_id: eventId,
        schema_version: version,
        event_payload: { response_time_ms: 900, first_token_ms: 300, total_time_ms: 900, model_id: 'anthropic.claude-3-haiku-20240307-v1:0', knowledge_base_used: false, ...over },
      });
    const rate = (iso: string, eventId: string, messageId: string, rating: 'up' | 'down', comment?: string, clickedIso = iso) =>
      at(iso, 'MESSAGE_FEEDBACK', { event_id: eventId, client_timestamp: clickedIso, event_payload: { message_id: messageId, rating, ...(comment ? { comment } : {}) } });

    const rollupOf = async (days: string[]) => {
      const { sql, params } = tenantHourlyRollupQuery(TENANT, days);
      const { rows } = await engine.query<RollupQueryRow>(sql, params);
      return { rows, rollups: buildDayRollups(TENANT, days, rows, new Date('2026-01-10T00:00:00Z')) };
    };

    beforeAll(async () => {
      const copy = rate('2026-01-05T10:30:00.000Z', 'fb_3', 'm2', 'up', 'Thanks, that helped');
      await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT, [
        at('2026-01-05T10:00:00.000Z', 'MESSAGE_SENT', { event_id: 'm1:sent' }),
        // Two replies at the same instant: the larger event id is the hour's last.
        reply('2026-01-05T10:00:05.000Z', 'm1:received', { knowledge_base_used: true }),
        reply('2026-01-05T10:00:05.000Z', 'm2:received', { knowledge_base_used: false, message_id: 'm2', input_tokens: 1200, output_tokens: 300 }, '1.1.0'),
        at('2026-01-05T10:10:00.000Z', 'FORM_STARTED'),
        at('2026-01-05T10:50:00.000Z', 'FORM_STARTED'),
        // m2 rated down, then up (latest wins), a copy of the up delivered twice; m1 rated twice at one instant (larger event id wins).
        rate('2026-01-05T10:20:00.000Z', 'fb_1', 'm2', 'down', 'Wrong'),
        copy,
        copy,
        rate('2026-01-05T10:40:00.000Z', 'fb_5', 'm1', 'down'),
        rate('2026-01-05T10:40:00.000Z', 'fb_6', 'm1', 'up'),
        // m6: up clicked at 10:44 (its call failed), down at 10:45; the up's retry reaches the server at 10:55 with a larger id. The down stands.
        rate('2026-01-05T10:45:00.000Z', 'fb_8', 'm6', 'down', undefined, '2026-01-05T10:45:00.000Z'),
        rate('2026-01-05T10:55:00.000Z', 'fb_9', 'm6', 'up', undefined, '2026-01-05T10:44:00.000Z'),
        // A reply without tokens (1.0.0) of another model, and one of a model with tokens.
        reply('2026-01-05T11:00:00.000Z', 'm3:received', { model_id: 'amazon.nova-lite-v1:0' }),
        reply('2026-01-05T11:00:01.000Z', 'm4:received', { model_id: 'amazon.nova-lite-v1:0', message_id: 'm4', input_tokens: 10, output_tokens: 5 }, '1.1.0'),
        at('2026-01-05T23:59:59.000Z', 'MESSAGE_SENT', { event_id: 'm5:sent' }),
      ]);
      await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT, [
        reply('2026-01-06T00:00:01.000Z', 'm5:received', { knowledge_base_used: true }),
        rate('2026-01-06T00:10:00.000Z', 'fb_7', 'm5', 'up'),
      ]);
    });

    it("records each hour's last message, last reply (tie broken by event id), its reply id and Knowledge Base use, and the hour's first and last form", async () => {
      const { rollups } = await rollupOf(['2026-01-05']);
      const ten = rollups[0]!.hours.find((h) => h.hour === Date.parse('2026-01-05T10:00:00Z') / 1000)!;
      const session = ten.sessions.find((x) => x.session_id === 'sess_q')!;
      expect(session).toMatchObject({
        last_sent_at: Date.parse('2026-01-05T10:00:00Z') / 1000,
        last_reply_at: Date.parse('2026-01-05T10:00:05Z') / 1000,
        last_reply_id: 'm2',
        last_reply_kb: false,
        first_form_started_at: Date.parse('2026-01-05T10:10:00Z') / 1000,
        last_form_started_at: Date.parse('2026-01-05T10:50:00Z') / 1000,
        token_replies: 1,
      });
      const eleven = rollups[0]!.hours.find((h) => h.hour === Date.parse('2026-01-05T11:00:00Z') / 1000)!.sessions[0]!;
      // A 1.0.0 reply's id is its event id without the `:received` suffix.
      expect(eleven).toMatchObject({ last_reply_id: 'm4', token_replies: 1, messages_received: 2 });
    });

    it("keeps each reply's latest rating of the hour (by the vote's client time, then server time, then event id), counts a copy once, and emits no feedback row for other events", async () => {
      const { rows, rollups } = await rollupOf(['2026-01-05']);
      expect(rows.filter((r) => r.grain === 'feedback').map((r) => r.feedback_id).sort()).toEqual(['m1', 'm2', 'm6']);
      const session = rollups[0]!.hours.find((h) => h.hour === Date.parse('2026-01-05T10:00:00Z') / 1000)!.sessions.find((x) => x.session_id === 'sess_q')!;
      expect(session.feedback).toEqual([
        { message_id: 'm2', rating: 'up', at: Date.parse('2026-01-05T10:30:00Z') / 1000, vote_at: Date.parse('2026-01-05T10:30:00Z') / 1000, comment: 'Thanks, that helped' },
        { message_id: 'm1', rating: 'up', at: Date.parse('2026-01-05T10:40:00Z') / 1000, vote_at: Date.parse('2026-01-05T10:40:00Z') / 1000, comment: null },
        { message_id: 'm6', rating: 'down', at: Date.parse('2026-01-05T10:45:00Z') / 1000, vote_at: Date.parse('2026-01-05T10:45:00Z') / 1000, comment: null },
      ]);
      expect(session.events).toBe(11);
    });

    it('splits reply dimensions by model with the token sums of the replies that report them', async () => {
      const { rollups } = await rollupOf(['2026-01-05']);
      const dims = rollups[0]!.hours.flatMap((h) => h.dimensions.filter((d) => d.event_type === 'MESSAGE_RECEIVED').map((d) => ({ hour: new Date(h.hour * 1000).toISOString(), model: d.model_id, replies: d.events, token_replies: d.token_replies, input: d.input_tokens, output: d.output_tokens })));
      expect(dims.sort((a, b) => (a.hour + a.model < b.hour + b.model ? -1 : 1))).toEqual([
        { hour: '2026-01-05T10:00:00.000Z', model: 'anthropic.claude-3-haiku-20240307-v1:0', replies: 2, token_replies: 1, input: 1200, output: 300 },
        { hour: '2026-01-05T11:00:00.000Z', model: 'amazon.nova-lite-v1:0', replies: 2, token_replies: 1, input: 10, output: 5 },
      ]);
    });

    it("gives a day the same rollup alone as beside the next day (the new columns read no other day's partition)", async () => {
      const alone = await rollupOf(['2026-01-05']);
      const together = await rollupOf(['2026-01-05', '2026-01-06']);
      expect(together.rollups[0]!.hours).toEqual(alone.rollups[0]!.hours);
      // The reply just after midnight is the next day's, with its feedback.
      expect(together.rollups[1]!.hours[0]!.sessions[0]).toMatchObject({ last_reply_id: 'm5', last_reply_kb: true, last_sent_at: null, feedback: [{ message_id: 'm5', rating: 'up' }] });
    });
  });
});
