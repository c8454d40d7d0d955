import { computeMetric, metricWindow, rollupDaysFor, type MetricTenant } from './compute';
import { MODEL_PRICES, MODEL_PRICES_AS_OF, priceOn, type ModelPrice } from './model-prices';
import { buildDayRollups, MAX_FEEDBACK_PER_SESSION_HOUR, type DayRollup, type RollupQueryRow } from './rollups';
import { rollupRow } from '../testing/factories';

const utc: MetricTenant = { timezone: 'UTC', business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] } };
/** Long after the 9 March range and its follow-up: every conversation is decided. */
const LATER = new Date('2026-03-20T00:00:00Z');
const DAYS = ['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12'];
const MARCH_9 = { start_date: '2026-03-09', end_date: '2026-03-09' };

const s = (iso: string) => Date.parse(iso) / 1000;
const hourOf = (iso: string) => Math.floor(s(iso) / 3600) * 3600;

/** The rows one session's events in one hour give (the SQL's session grain), by kind of event. */
function sessionHour(session: string, events: { sent?: string[]; replies?: { at: string; kb?: boolean; id?: string }[]; forms?: string[] }): RollupQueryRow {
  const all = [...(events.sent ?? []), ...(events.replies ?? []).map((r) => r.at), ...(events.forms ?? [])];
  const sent = (events.sent ?? []).map(s);
  const replies = [...(events.replies ?? [])].sort((a, b) => s(a.at) - s(b.at));
  const last = replies[replies.length - 1];
  const forms = (events.forms ?? []).map(s);
  return rollupRow({
    grain: 'session',
    hour_start: hourOf(all[0]!),
    session_id: session,
    events: all.length,
    messages_sent: sent.length,
    messages_received: replies.length,
    first_message_at: sent.length ? Math.min(...sent) : null,
    last_sent_at: sent.length ? Math.max(...sent) : null,
    last_reply_at: last ? s(last.at) : null,
    last_reply_kb: last?.kb ? 1 : 0,
    last_reply_id: last ? (last.id ?? `${session}-${last.at}`) : null,
    first_form_started_at: forms.length ? Math.min(...forms) : null,
    last_form_started_at: forms.length ? Math.max(...forms) : null,
    forms_started: forms.length,
  });
}

/** A vote reaching the server at `at`; `votedAt` is the widget's stamp (`client_timestamp`), absent for rollups written before it was kept. */
function feedback(session: string, messageId: string, rating: 'up' | 'down', at: string, comment: string | null = null, votedAt?: string): RollupQueryRow[] {
  return [
    rollupRow({ grain: 'session', hour_start: hourOf(at), session_id: session, events: 1 }),
    rollupRow({
      grain: 'feedback',
      hour_start: hourOf(at),
      session_id: session,
      feedback_id: messageId,
      rating,
      feedback_at: s(at),
      feedback_vote_at: votedAt === undefined ? null : s(votedAt),
      comment,
    }),
  ];
}

/** Rows of one hour of one session may come from several helpers: the SQL gives one row per (hour, session), so merge them. */
function merged(rows: RollupQueryRow[]): RollupQueryRow[] {
  const out = new Map<string, RollupQueryRow>();
  const rest: RollupQueryRow[] = [];
  for (const r of rows) {
    if (r.grain !== 'session') {
      rest.push(r);
      continue;
    }
    const key = `${r.hour_start} ${r.session_id}`;
    const prev = out.get(key);
    if (!prev) {
      out.set(key, r);
      continue;
    }
    const later = (prev.last_reply_at ?? -1) >= (r.last_reply_at ?? -1) ? prev : r;
    const max = (a?: number | null, b?: number | null) => (a == null ? (b ?? null) : b == null ? a : Math.max(a, b));
    const min = (a?: number | null, b?: number | null) => (a == null ? (b ?? null) : b == null ? a : Math.min(a, b));
    out.set(key, {
      ...prev,
      events: prev.events + r.events,
      messages_sent: prev.messages_sent + r.messages_sent,
      messages_received: prev.messages_received + r.messages_received,
      forms_started: prev.forms_started + r.forms_started,
      first_message_at: min(prev.first_message_at, r.first_message_at),
      last_sent_at: max(prev.last_sent_at, r.last_sent_at),
      last_reply_at: later.last_reply_at,
      last_reply_kb: later.last_reply_kb,
      last_reply_id: later.last_reply_id,
      first_form_started_at: min(prev.first_form_started_at, r.first_form_started_at),
      last_form_started_at: max(prev.last_form_started_at, r.last_form_started_at),
    });
  }
  return [...out.values(), ...rest];
}

const rollups = (rows: RollupQueryRow[]): DayRollup[] => buildDayRollups('T1', DAYS, merged(rows), LATER);
const outcomes = (rows: RollupQueryRow[], now = LATER, period: { start_date: string; end_date: string } = MARCH_9) =>
  computeMetric('conversation_outcomes', period, rollups(rows), utc, now).data;

describe('conversation outcomes', () => {
  it('calls a conversation resolved when its last message is a Knowledge Base reply and no form follows within 24 h', () => {
    const data = outcomes([sessionHour('a', { sent: ['2026-03-09T10:00:00Z'], replies: [{ at: '2026-03-09T10:00:05Z', kb: true }] })]);
    expect(data).toEqual({
      conversations: 1,
      pending: 0,
      decided: 1,
      resolved: 1,
      resolution_rate: 100,
      confirmed_resolved: 0,
      confirmed_resolution_rate: 0,
      abandoned: 0,
      abandonment_rate: 0,
    });
  });

  it('follows the 24 h form window across the range end and UTC midnight, closed at its end', () => {
    // Prepare: the last reply at 23:30 on the range's last day; forms the next UTC day.
    const reply = (session: string) => sessionHour(session, { sent: ['2026-03-09T23:29:00Z'], replies: [{ at: '2026-03-09T23:30:00Z', kb: true }] });
    const rows = [
      reply('form-inside'),
      sessionHour('form-inside', { forms: ['2026-03-10T23:20:00Z'] }),
      reply('form-at-24h'),
      sessionHour('form-at-24h', { forms: ['2026-03-10T23:30:00Z'] }),
      reply('form-after-24h'),
      sessionHour('form-after-24h', { forms: ['2026-03-10T23:30:01Z'] }),
      reply('form-before-reply'),
      sessionHour('form-before-reply', { forms: ['2026-03-09T23:10:00Z'] }),
    ];

    // Act
    const data = outcomes(rows);

    // Assess: a form at exactly +24 h is inside (the window is (reply, reply + 24 h]); one before the reply is not.
    expect(data).toMatchObject({ conversations: 4, decided: 4, resolved: 2, abandoned: 0 });
    const one = (session: string) => outcomes(rows.filter((r) => r.session_id === session)).resolved;
    expect({ inside: one('form-inside'), at24h: one('form-at-24h'), after24h: one('form-after-24h'), before: one('form-before-reply') }).toEqual({
      inside: 0,
      at24h: 0,
      after24h: 1,
      before: 1,
    });
  });

  it('sees the form hour that holds both the reply and a later form (first and last form of the hour)', () => {
    const data = outcomes([sessionHour('a', { sent: ['2026-03-09T10:00:00Z'], replies: [{ at: '2026-03-09T10:20:00Z', kb: true }], forms: ['2026-03-09T10:05:00Z', '2026-03-09T10:40:00Z'] })]);
    expect(data).toMatchObject({ resolved: 0, decided: 1 });
  });

  it('follows messages until 24 h after the range: a visitor coming back the next day continues the conversation', () => {
    const rows = [
      sessionHour('back', { sent: ['2026-03-09T20:00:00Z'], replies: [{ at: '2026-03-09T20:00:05Z', kb: true }] }),
      sessionHour('back', { sent: ['2026-03-10T19:00:00Z'], replies: [{ at: '2026-03-10T19:00:05Z', kb: false }] }),
      // A message after H (range end + 24 h) is not this range's: the KB reply before stays the last.
      sessionHour('late', { sent: ['2026-03-09T08:00:00Z'], replies: [{ at: '2026-03-09T08:00:05Z', kb: true }] }),
      sessionHour('late', { sent: ['2026-03-11T00:00:00Z'] }),
    ];
    const data = outcomes(rows);
    expect(data).toMatchObject({ conversations: 2, decided: 2, resolved: 1, abandoned: 0 });
    expect(outcomes(rows.filter((r) => r.session_id === 'late')).resolved).toBe(1);
  });

  it('calls a conversation abandoned when a visitor message after the last reply got no reply; a reply at the same instant counts as after it', () => {
    const rows = [
      sessionHour('abandoned', { sent: ['2026-03-09T12:00:00Z', '2026-03-09T12:05:00Z'], replies: [{ at: '2026-03-09T12:00:05Z', kb: true }] }),
      sessionHour('never-answered', { sent: ['2026-03-09T13:00:00Z'] }),
      sessionHour('tie', { sent: ['2026-03-09T14:00:00Z'], replies: [{ at: '2026-03-09T14:00:00Z', kb: true }] }),
      // The visitor's question crosses UTC midnight before the (missing) reply: abandoned.
      sessionHour('midnight', { sent: ['2026-03-09T23:59:00Z'], replies: [{ at: '2026-03-09T23:59:30Z', kb: true }] }),
      sessionHour('midnight', { sent: ['2026-03-10T00:00:10Z'] }),
    ];
    expect(outcomes(rows)).toMatchObject({ conversations: 4, abandoned: 3, abandonment_rate: 75, resolved: 1 });
    expect(outcomes(rows.filter((r) => r.session_id === 'tie'))).toMatchObject({ abandoned: 0, resolved: 1 });
  });

  it('counts a conversation as pending, in no rate, until 24 h after its last message', () => {
    const rows = [
      sessionHour('early', { sent: ['2026-03-09T08:00:00Z'], replies: [{ at: '2026-03-09T08:00:05Z', kb: true }] }),
      sessionHour('late', { sent: ['2026-03-09T22:00:00Z'], replies: [{ at: '2026-03-09T22:00:05Z', kb: true }] }),
    ];
    // At 10 March 12:00 the early one has been quiet for 28 h, the late one for 14 h.
    expect(outcomes(rows, new Date('2026-03-10T12:00:00Z'))).toMatchObject({ conversations: 2, pending: 1, decided: 1, resolved: 1, resolution_rate: 100 });
    // Exactly 24 h after the late one's last message it is decided.
    expect(outcomes(rows, new Date('2026-03-10T22:00:05Z'))).toMatchObject({ pending: 0, decided: 2, resolved: 2 });
    expect(outcomes(rows, new Date('2026-03-10T22:00:04Z'))).toMatchObject({ pending: 1 });
    // Nothing decided: every rate is null.
    expect(outcomes(rows, new Date('2026-03-09T23:00:00Z'))).toMatchObject({ pending: 2, decided: 0, resolution_rate: null, abandonment_rate: null, confirmed_resolution_rate: null });
  });

  it("confirms a resolution by the last reply's latest rating: down then up confirms; up then down rules out even an assumed one", () => {
    const conv = (session: string, kb: boolean) => sessionHour(session, { sent: ['2026-03-09T10:00:00Z'], replies: [{ at: '2026-03-09T10:00:05Z', kb, id: `${session}-r` }] });
    const rows = [
      conv('down-up', false),
      ...feedback('down-up', 'down-up-r', 'down', '2026-03-09T10:01:00Z'),
      ...feedback('down-up', 'down-up-r', 'up', '2026-03-10T09:00:00Z'),
      conv('up-down', true),
      ...feedback('up-down', 'up-down-r', 'up', '2026-03-09T10:01:00Z'),
      ...feedback('up-down', 'up-down-r', 'down', '2026-03-09T11:00:00Z'),
      // A thumbs-up on an earlier reply is not the last reply's.
      sessionHour('earlier', { sent: ['2026-03-09T15:00:00Z'], replies: [{ at: '2026-03-09T15:00:05Z', kb: false, id: 'earlier-1' }] }),
      sessionHour('earlier', { sent: ['2026-03-09T16:00:00Z'], replies: [{ at: '2026-03-09T16:00:05Z', kb: false, id: 'earlier-2' }] }),
      ...feedback('earlier', 'earlier-1', 'up', '2026-03-09T15:01:00Z'),
      // Feedback is read until H + 24 h (here 47 h after the range): a late thumbs-up still confirms.
      conv('late-up', false),
      ...feedback('late-up', 'late-up-r', 'up', '2026-03-11T23:00:00Z'),
      // One after H + 24 h does not.
      conv('too-late', false),
      ...feedback('too-late', 'too-late-r', 'up', '2026-03-12T00:00:00Z'),
    ];
    expect(outcomes(rows)).toMatchObject({ conversations: 5, decided: 5, resolved: 2, confirmed_resolved: 2, abandoned: 0 });
    expect(outcomes(rows.filter((r) => r.session_id === 'down-up'))).toMatchObject({ resolved: 1, confirmed_resolved: 1 });
    // Its last reply used the Knowledge Base and no form followed, but the visitor's last word on it is a thumbs-down.
    expect(outcomes(rows.filter((r) => r.session_id === 'up-down'))).toMatchObject({ resolved: 0, confirmed_resolved: 0 });
    // Without any rating the same conversation is an assumed resolution.
    expect(outcomes(rows.filter((r) => r.session_id === 'up-down' && r.grain !== 'feedback'))).toMatchObject({ resolved: 1, confirmed_resolved: 0 });
  });

  it("orders one reply's votes by the widget's stamp: a retried up that reaches the server after the down that replaced it does not win", () => {
    const conv = sessionHour('retry', { sent: ['2026-03-09T10:00:00Z'], replies: [{ at: '2026-03-09T10:00:05Z', kb: false, id: 'retry-r' }] });
    const rows = [
      conv,
      // Clicked up at 10:01 (the call failed), then down at 10:02; the up's retry arrives at 11:05, a later hour.
      ...feedback('retry', 'retry-r', 'down', '2026-03-09T10:02:01Z', null, '2026-03-09T10:02:00Z'),
      ...feedback('retry', 'retry-r', 'up', '2026-03-09T11:05:00Z', null, '2026-03-09T10:01:00Z'),
    ];
    expect(outcomes(rows)).toMatchObject({ resolved: 0, confirmed_resolved: 0 });
    const fb = computeMetric('answer_feedback', MARCH_9, buildDayRollups('T', DAYS, merged(rows), new Date(0)), utc, LATER).data;
    expect(fb).toMatchObject({ rated: 1, helpful: 0, not_helpful: 1 });
    // Rollups written before the vote stamp was kept order by server time.
    const old = rows.map((r) => (r.grain === 'feedback' ? { ...r, feedback_vote_at: null } : r));
    expect(outcomes(old)).toMatchObject({ resolved: 1, confirmed_resolved: 1 });
  });

  it('places conversations as conversations_summary does (lookback 24 h): one that began the day before is not this range’s', () => {
    const rows = [
      sessionHour('yesterday', { sent: ['2026-03-08T23:00:00Z'], replies: [{ at: '2026-03-08T23:00:05Z', kb: true }] }),
      sessionHour('yesterday', { sent: ['2026-03-09T01:00:00Z'], replies: [{ at: '2026-03-09T01:00:05Z', kb: true }] }),
      sessionHour('today', { sent: ['2026-03-09T02:00:00Z'], replies: [{ at: '2026-03-09T02:00:05Z', kb: true }] }),
    ];
    const summary = computeMetric('conversations_summary', MARCH_9, rollups(rows), utc, LATER).data;
    expect(outcomes(rows).conversations).toBe(summary.total_conversations);
    expect(outcomes(rows).conversations).toBe(1);
  });

  it('reads rollups written before outcomes existed as having no messages (every such conversation pending)', () => {
    const old = rollups([sessionHour('a', { sent: ['2026-03-09T10:00:00Z'], replies: [{ at: '2026-03-09T10:00:05Z', kb: true }] })]).map((r) => ({
      ...r,
      hours: r.hours.map((h) => ({
        ...h,
        sessions: h.sessions.map(({ last_sent_at: _a, last_reply_at: _b, last_reply_kb: _c, last_reply_id: _d, first_form_started_at: _e, last_form_started_at: _f, feedback: _g, ...rest }) => rest),
      })),
    }));
    expect(computeMetric('conversation_outcomes', MARCH_9, old, utc, LATER).data).toMatchObject({ conversations: 1, pending: 1, decided: 0 });
  });

  it('needs the rollups of the 48 h after a range (and its lookback)', () => {
    const w = metricWindow(MARCH_9, 'UTC', LATER);
    expect(rollupDaysFor(w, 'conversation_outcomes')).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11']);
    expect(rollupDaysFor(w, 'conversations_summary')).toEqual(['2026-03-08', '2026-03-09']);
    expect(rollupDaysFor(w, 'period_comparison', 'UTC')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11']);
    // In a zone behind UTC, the local day's end + 48 h reaches a third UTC day.
    const chicago = metricWindow(MARCH_9, 'America/Chicago', LATER);
    expect(rollupDaysFor(chicago, 'conversation_outcomes').at(-1)).toBe('2026-03-12');
  });
});

describe('answer feedback', () => {
  const replies = (hourIso: string, n: number) => rollupRow({ grain: 'session', hour_start: hourOf(hourIso), session_id: `replies-${hourIso}`, events: n, messages_received: n });

  it("takes each reply's latest rating in the range, counts replies rated before or after their reply, and ignores ratings outside the range", () => {
    const rows = [
      replies('2026-03-09T09:00:00Z', 8),
      // Changed from down to up within the range: helpful.
      ...feedback('s1', 'r1', 'down', '2026-03-09T10:00:00Z', 'Wrong hours'),
      ...feedback('s1', 'r1', 'up', '2026-03-09T12:00:00Z', 'Great answer!'),
      // A reply from the day before, rated in the range: rated in this range.
      ...feedback('s2', 'r-old', 'down', '2026-03-09T01:00:00Z', '  great   ANSWER '),
      ...feedback('s3', 'r3', 'up', '2026-03-09T23:59:59Z', 'great answer'),
      // Outside the range (before and after): not counted.
      ...feedback('s4', 'r4', 'up', '2026-03-08T23:59:59Z'),
      ...feedback('s1', 'r1', 'down', '2026-03-10T00:00:00Z'),
    ];
    const data = computeMetric('answer_feedback', MARCH_9, rollups(rows), utc, LATER).data;
    expect(data).toEqual({
      replies: 8,
      rated: 3,
      helpful: 2,
      not_helpful: 1,
      helpful_rate: 66.7,
      feedback_coverage: 37.5,
      comments: [
        { comment: 'great answer', rating: 'up', count: 2 },
        { comment: 'great answer', rating: 'down', count: 1 },
      ],
    });
  });

  it('has null rates when nothing was replied or rated', () => {
    expect(computeMetric('answer_feedback', MARCH_9, rollups([]), utc, LATER).data).toEqual({
      replies: 0,
      rated: 0,
      helpful: 0,
      not_helpful: 0,
      helpful_rate: null,
      feedback_coverage: null,
      comments: [],
    });
  });

  it("keeps a session-hour's feedback bounded, the latest records first", () => {
    const hour = '2026-03-09T10:00:00Z';
    const rows = [
      rollupRow({ grain: 'session', hour_start: hourOf(hour), session_id: 'spam', events: MAX_FEEDBACK_PER_SESSION_HOUR + 5 }),
      ...Array.from({ length: MAX_FEEDBACK_PER_SESSION_HOUR + 5 }, (_, i) =>
        rollupRow({ grain: 'feedback', hour_start: hourOf(hour), session_id: 'spam', feedback_id: `m${i}`, rating: 'up', feedback_at: hourOf(hour) + i }),
      ),
    ];
    const [day] = buildDayRollups('T1', ['2026-03-09'], rows, LATER);
    const records = day!.hours[0]!.sessions[0]!.feedback!;
    expect(records).toHaveLength(MAX_FEEDBACK_PER_SESSION_HOUR);
    expect(records[0]!.message_id).toBe('m5');
  });
});

describe('token usage', () => {
  const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
  const tokens = (hourIso: string, model: string | null, replies: number, input: number, output: number) =>
    rollupRow({ grain: 'dimension', hour_start: hourOf(hourIso), event_type: 'MESSAGE_RECEIVED', model_id: model, events: replies, token_replies: replies, input_tokens_sum: input, output_tokens_sum: output });
  const session = (hourIso: string, id: string, received: number, withTokens: number) =>
    rollupRow({ grain: 'session', hour_start: hourOf(hourIso), session_id: id, events: received, messages_received: received, token_replies: withTokens });

  it('sums tokens per model, reports 1.0.0 replies as unknown (not zero), and leaves a model without a price unpriced', () => {
    const rows = [
      session('2026-03-09T10:00:00Z', 's1', 3, 2),
      session('2026-03-09T11:00:00Z', 's2', 2, 1),
      session('2026-03-09T12:00:00Z', 's3', 1, 0),
      tokens('2026-03-09T10:00:00Z', HAIKU, 2, 1000, 500),
      tokens('2026-03-09T11:00:00Z', 'acme.mystery-model-v1:0', 1, 300, 40),
      // The 1.0.0 replies: a dimension row with no token replies.
      rollupRow({ grain: 'dimension', hour_start: hourOf('2026-03-09T10:00:00Z'), event_type: 'MESSAGE_RECEIVED', model_id: HAIKU, events: 1 }),
    ];
    const data = computeMetric('token_usage', MARCH_9, rollups(rows), utc, LATER).data;
    expect(data).toEqual({
      prices_as_of: MODEL_PRICES_AS_OF,
      currency: 'USD',
      replies: 6,
      replies_with_tokens: 3,
      replies_without_tokens: 3,
      input_tokens: 1300,
      output_tokens: 540,
      // 1000 × 0.25 / 1e6 + 500 × 1.25 / 1e6
      cost: 0.000875,
      unpriced_replies: 1,
      conversations_with_tokens: 2,
      cost_per_conversation: 0.000438,
      // Most replies first.
      models: [
        { model_id: HAIKU, replies: 2, input_tokens: 1000, output_tokens: 500, cost: 0.000875 },
        { model_id: 'acme.mystery-model-v1:0', replies: 1, input_tokens: 300, output_tokens: 40, cost: null },
      ],
    });
  });

  it('has no cost at all when no reply has tokens (older rollups included)', () => {
    const old = rollups([session('2026-03-09T10:00:00Z', 's1', 4, 0)]).map((r) => ({ ...r, hours: r.hours.map((h) => ({ ...h, sessions: h.sessions.map(({ token_replies: _t, ...rest }) => rest) })) }));
    expect(computeMetric('token_usage', MARCH_9, old, utc, LATER).data).toMatchObject({ replies: 4, replies_with_tokens: 0, replies_without_tokens: 4, cost: null, cost_per_conversation: null, models: [] });
  });

  it('prices each reply by its own UTC day: a price change is a new entry from its date on', () => {
    const table: ModelPrice[] = [
      { model_id: 'm', from: '2026-01-01', input_per_million: 1, output_per_million: 2 },
      { model_id: 'm', from: '2026-03-10', input_per_million: 10, output_per_million: 20 },
    ];
    expect(priceOn('m', '2025-12-31', table)).toBeNull();
    expect(priceOn('m', '2026-03-09', table)!.input_per_million).toBe(1);
    expect(priceOn('m', '2026-03-10', table)!.input_per_million).toBe(10);
    expect(priceOn('other', '2026-03-10', table)).toBeNull();
    // The shipped table: both the model id and its cross-region profile id, from their date.
    expect(priceOn(HAIKU, '2026-03-09', MODEL_PRICES)).toMatchObject({ input_per_million: 0.25, output_per_million: 1.25 });
    expect(priceOn(`us.${HAIKU}`, '2026-03-09', MODEL_PRICES)).toMatchObject({ input_per_million: 0.25 });
    expect(new Set(MODEL_PRICES.map((p) => `${p.model_id} ${p.from}`)).size).toBe(MODEL_PRICES.length);
  });

  it('carries the new compared metrics in the period comparison', () => {
    const rows = [session('2026-03-08T10:00:00Z', 's1', 2, 2), tokens('2026-03-08T10:00:00Z', HAIKU, 2, 2000, 0)];
    const data = computeMetric('period_comparison', MARCH_9, rollups(rows), utc, LATER).data;
    expect(Object.keys(data.previous)).toEqual(['analytics_summary', 'conversations_summary', 'forms_summary', 'knowledge_base_summary', 'response_latency', 'conversation_outcomes', 'answer_feedback', 'token_usage']);
    expect(data.previous.token_usage).toMatchObject({ replies_with_tokens: 2, input_tokens: 2000, cost: 0.0005 });
  });

  it('lists at most 20 models, most replies first, and keeps a worst-case period comparison far below the 400 KB cache item limit', () => {
    // Prepare: 30 models with 256-character ids, 20 comment groups of 500 characters, in both periods.
    const rows: RollupQueryRow[] = [];
    for (const day of ['2026-03-08T10:00:00Z', '2026-03-09T10:00:00Z']) {
      rows.push(session(day, `s-${day}`, 100, 100));
      for (let m = 0; m < 30; m += 1) rows.push(tokens(day, `${String(m).padStart(2, '0')}${'m'.repeat(254)}`, m + 1, 1000, 1000));
      for (let c = 0; c < 25; c += 1) {
        const at = new Date(Date.parse(day) + c * 60_000).toISOString();
        rows.push(...feedback(`s-${day}`, `r${c}`, c % 2 ? 'up' : 'down', at, `${String(c).padStart(2, '0')}${'é'.repeat(498)}`));
      }
    }
    const all = rollups(rows);

    // Act
    const usage = computeMetric('token_usage', MARCH_9, all, utc, LATER).data;
    const comparison = computeMetric('period_comparison', MARCH_9, all, utc, LATER).data;

    // Assess
    expect(usage.models).toHaveLength(20);
    expect(usage.models[0]!.replies).toBe(30);
    expect(usage.input_tokens).toBe(30 * 1000);
    expect(comparison.previous.answer_feedback.comments).toHaveLength(20);
    expect(Buffer.byteLength(JSON.stringify(comparison))).toBeLessThan(100_000);
  });
});

describe('buildDayRollups', () => {
  it('gives the same rollup whatever order the engine returned the rows in', () => {
    const rows = merged([
      sessionHour('b', { sent: ['2026-03-09T10:00:00Z'], replies: [{ at: '2026-03-09T10:00:05Z', kb: true }] }),
      sessionHour('a', { sent: ['2026-03-09T10:01:00Z'] }),
      rollupRow({ grain: 'dimension', hour_start: hourOf('2026-03-09T10:00:00Z'), event_type: 'MESSAGE_SENT', question: 'hours?' }),
      rollupRow({ grain: 'dimension', hour_start: hourOf('2026-03-09T10:00:00Z'), event_type: 'FORM_STARTED', form_id: 'f', form_label: 'Form' }),
      rollupRow({ grain: 'dimension', hour_start: hourOf('2026-03-09T10:00:00Z'), event_type: 'FORM_STARTED', form_id: 'f', form_label: null }),
      ...feedback('a', 'r1', 'up', '2026-03-09T10:02:00Z'),
    ]);
    const forward = buildDayRollups('T', DAYS, rows, new Date(0));
    const backward = buildDayRollups('T', DAYS, [...rows].reverse(), new Date(0));
    expect(backward).toEqual(forward);
    expect(forward[1]!.hours[0]!.sessions.map((x) => x.session_id)).toEqual(['a', 'b']);
  });
});
