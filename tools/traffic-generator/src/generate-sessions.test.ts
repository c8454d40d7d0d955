import { validateEvent, type AnalyticsEvent, type TenantConfig } from '@picasso/shared';
import { ABANDONED_SHARE, collectTraffic, FEEDBACK_COMMENTS, FEEDBACK_SHARE, generateSessions, TOKENS_KNOWN_DAYS, type GenerateSessionsOptions, type GeneratedSession } from './generate-sessions';
import { QUESTIONS_WITH_CONTACT_DETAILS } from './question-pool';
import { isAfterHours, localTime } from '@picasso/shared/metrics';
import { resolveTenants } from './tenants';

const tenants = resolveTenants(3);
const options: GenerateSessionsOptions = { tenants, days: 28, endDate: '2026-03-15', seed: 42, sessionsPerDay: 40 };
const sessions: GeneratedSession[] = [...generateSessions(options)];
const events: AnalyticsEvent[] = sessions.flatMap((s) => s.events);
const tenantByHash = new Map<string, TenantConfig>(tenants.map((t) => [t.tenant_hash, t]));
const payload = (e: AnalyticsEvent) => e.event_payload as Record<string, unknown>;

describe('generateSessions', () => {
  it('gives identical events for the same seed and different events for another seed', () => {
    // Prepare / Act
    const again = collectTraffic(generateSessions(options)).events;
    const other = collectTraffic(generateSessions({ ...options, seed: 43 })).events;
    const first = collectTraffic(sessions).events;

    // Assess
    expect(again).toEqual(first);
    expect(other.map((e) => e.event_id)).not.toEqual(first.map((e) => e.event_id));
    expect(other.length).not.toBe(first.length);
  });

  it('leaves out every session with an event after notAfter, and keeps the others unchanged', () => {
    // Prepare: cut the last day at local noon of the first tenant, in the middle of the traffic.
    const notAfter = Date.parse('2026-03-15T17:00:00Z');
    // Act
    const cut = [...generateSessions({ ...options, notAfter })];
    // Assess
    const kept = sessions.filter((s) => s.events.every((e) => Date.parse(e.server_timestamp) <= notAfter));
    expect(cut.length).toBeLessThan(sessions.length);
    expect(cut).toEqual(kept);
    expect(cut.flatMap((s) => s.events).every((e) => Date.parse(e.server_timestamp) <= notAfter)).toBe(true);
  });

  it('produces thousands of events that all validate against their schemas', () => {
    // Assess
    expect(events.length).toBeGreaterThan(5000);
    const invalid = events.map((e) => validateEvent(e)).filter((r) => !r.ok);
    expect(invalid).toEqual([]);
  });

  it('gives every event a unique id, and each session increasing steps that start with WIDGET_OPENED', () => {
    // Assess
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    for (const s of sessions) {
      expect(s.events[0]!.event_type).toBe('WIDGET_OPENED');
      expect(s.events.map((e) => e.step_number)).toEqual(s.events.map((_, i) => i + 1));
      const times = s.events.map((e) => Date.parse(e.server_timestamp));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('stamps server time in UTC ISO form with the client time slightly earlier', () => {
    // Assess
    for (const e of events) {
      expect(e.server_timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const lag = Date.parse(e.server_timestamp) - Date.parse(e.client_timestamp!);
      expect(lag).toBeGreaterThan(0);
      expect(lag).toBeLessThanOrEqual(5000);
    }
  });

  it('has fewer sessions per weekend day than per weekday, in the tenant’s own calendar', () => {
    // Prepare
    const perDay = new Map<string, { weekend: boolean; n: number }>();
    for (const s of sessions) {
      const t = tenants.find((x) => x.tenant_id === s.tenant_id)!;
      const local = localTime(Date.parse(s.started_at), t.timezone);
      const key = `${s.tenant_id}/${local.date}`;
      const day = perDay.get(key) ?? { weekend: local.isoWeekday >= 6, n: 0 };
      day.n += 1;
      perDay.set(key, day);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

    // Act
    const weekend = mean([...perDay.values()].filter((d) => d.weekend).map((d) => d.n));
    const weekday = mean([...perDay.values()].filter((d) => !d.weekend).map((d) => d.n));

    // Assess
    expect(weekend).toBeLessThan(weekday * 0.75);
  });

  it('puts a plausible share of sessions outside business hours, and peaks late morning and early evening', () => {
    // Prepare
    const hours = new Array<number>(24).fill(0);
    let afterHours = 0;
    for (const s of sessions) {
      const t = tenants.find((x) => x.tenant_id === s.tenant_id)!;
      const local = localTime(Date.parse(s.started_at), t.timezone);
      hours[local.hour]! += 1;
      if (isAfterHours(local, t.business_hours)) afterHours += 1;
    }

    // Act
    const share = afterHours / sessions.length;

    // Assess
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    expect(hours[11]!).toBeGreaterThan(hours[3]! * 10);
    expect(hours[19]!).toBeGreaterThan(hours[15]!);
  });

  it('draws questions from a skewed pool: the top question is far more frequent than the median one', () => {
    // Prepare
    const counts = new Map<string, number>();
    for (const e of events) {
      if (e.event_type !== 'MESSAGE_SENT') continue;
      const normalised = String(payload(e).content_preview).toLowerCase().replace(/[^a-z0-9 ]/g, '').replace(/\s+/g, ' ').trim();
      counts.set(normalised, (counts.get(normalised) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);

    // Assess
    expect(sorted[0]!).toBeGreaterThan(10 * sorted[Math.floor(sorted.length / 2)]!);
  });

  it('types questions with varied case and punctuation and sometimes with contact details in them', () => {
    // Prepare
    const previews = events.filter((e) => e.event_type === 'MESSAGE_SENT').map((e) => String(payload(e).content_preview));

    // Assess
    expect(previews).toContain('How can I volunteer?');
    expect(previews).toContain('how can i volunteer');
    expect(previews.some((p) => p === p.toUpperCase() && /[A-Z]/.test(p))).toBe(true);
    expect(previews.some((p) => QUESTIONS_WITH_CONTACT_DETAILS.includes(p))).toBe(true);
  });

  it('answers every message but the last of an abandoned conversation, with skewed response times where first token ≤ response ≤ total', () => {
    // Prepare
    const received = events.filter((e) => e.event_type === 'MESSAGE_RECEIVED').map(payload);
    const firstTokens = received.map((p) => p.first_token_ms as number).sort((a, b) => a - b);
    const median = firstTokens[Math.floor(firstTokens.length / 2)]!;
    const mean = firstTokens.reduce((a, b) => a + b, 0) / firstTokens.length;
    const engaged = sessions.filter((s) => s.events.some((e) => e.event_type === 'MESSAGE_SENT'));
    const unanswered = engaged.filter((s) => s.events.filter((e) => e.event_type === 'MESSAGE_SENT').length > s.events.filter((e) => e.event_type === 'MESSAGE_RECEIVED').length);

    // Assess: an abandoned conversation misses exactly one reply, to its last message
    expect(received.length).toBe(events.filter((e) => e.event_type === 'MESSAGE_SENT').length - unanswered.length);
    for (const s of unanswered) {
      const messages = s.events.filter((e) => e.event_type.startsWith('MESSAGE_') && e.event_type !== 'MESSAGE_FEEDBACK');
      expect(messages.at(-1)!.event_type).toBe('MESSAGE_SENT');
      expect(messages.filter((e) => e.event_type === 'MESSAGE_SENT').length - messages.filter((e) => e.event_type === 'MESSAGE_RECEIVED').length).toBe(1);
    }
    expect(unanswered.length / engaged.length).toBeGreaterThan(ABANDONED_SHARE / 2);
    expect(unanswered.length / engaged.length).toBeLessThan(ABANDONED_SHARE * 2);
    for (const p of received) {
      expect(p.first_token_ms as number).toBeLessThanOrEqual(p.response_time_ms as number);
      expect(p.response_time_ms as number).toBeLessThanOrEqual(p.total_time_ms as number);
      expect(typeof p.knowledge_base_used).toBe('boolean');
      expect(p.model_id).toMatch(/^anthropic\./);
    }
    expect(mean).toBeGreaterThan(median); // right-skewed
  });

  it('reports tokens (MESSAGE_RECEIVED 1.1.0) for the last 30 days and not before (1.0.0: unknown, never zero)', () => {
    // Prepare: 45 days, so the oldest 15 come before tokens were reported
    const long = [...generateSessions({ ...options, days: 45, sessionsPerDay: 8 })];
    const firstKnownDay = new Date(Date.parse(`${options.endDate}T00:00:00Z`) - (TOKENS_KNOWN_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const startDay = (s: GeneratedSession) => localTime(Date.parse(s.started_at), tenantByHash.get(s.events[0]!.tenant_hash)!.timezone).date;
    const repliesOf = (list: GeneratedSession[]) => list.flatMap((s) => s.events).filter((e) => e.event_type === 'MESSAGE_RECEIVED');

    // Assess: a session's replies carry tokens when it started on one of the last 30 local days
    const newer = repliesOf(long.filter((s) => startDay(s) >= firstKnownDay));
    const older = repliesOf(long.filter((s) => startDay(s) < firstKnownDay));
    expect(newer.length).toBeGreaterThan(100);
    expect(older.length).toBeGreaterThan(50);
    expect(newer.every((e) => e.schema_version === '1.1.0')).toBe(true);
    expect(older.every((e) => e.schema_version === '1.0.0')).toBe(true);
    expect(older.every((e) => !('input_tokens' in payload(e)) && !('message_id' in payload(e)))).toBe(true);
    for (const e of newer) {
      const p = payload(e);
      expect(p.message_id).toMatch(/^msg_[0-9a-f]{20}$/);
      expect(p.input_tokens as number).toBeGreaterThan(0);
      expect(p.output_tokens as number).toBeGreaterThan(0);
      expect(p.output_tokens as number).toBeLessThanOrEqual(1024);
    }
    // The Knowledge Base's passages make the prompt longer.
    const meanInput = (kb: boolean) => {
      const xs = newer.map(payload).filter((p) => p.knowledge_base_used === kb).map((p) => p.input_tokens as number);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(meanInput(true)).toBeGreaterThan(2 * meanInput(false));
  });

  it('rates about 15 % of replies, mostly thumbs up, some down with a canned comment, some votes changed, always on a reply of the same session', () => {
    // Prepare
    const replies = events.filter((e) => e.event_type === 'MESSAGE_RECEIVED' && e.schema_version === '1.1.0');
    const feedback = events.filter((e) => e.event_type === 'MESSAGE_FEEDBACK');
    const votesByReply = new Map<string, Record<string, unknown>[]>();
    for (const f of feedback) votesByReply.set(payload(f).message_id as string, [...(votesByReply.get(payload(f).message_id as string) ?? []), payload(f)]);
    const firstVotes = [...votesByReply.values()].map((v) => v[0]!);

    // Assess
    const coverage = votesByReply.size / replies.length;
    expect(coverage).toBeGreaterThan(FEEDBACK_SHARE * 0.75);
    expect(coverage).toBeLessThan(FEEDBACK_SHARE * 1.25);
    const upShare = firstVotes.filter((v) => v.rating === 'up').length / firstVotes.length;
    expect(upShare).toBeGreaterThan(0.65);
    expect(upShare).toBeLessThan(0.9);
    const changed = [...votesByReply.values()].filter((v) => v.length === 2);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every(([a, b]) => a!.rating !== b!.rating)).toBe(true);
    const comments = feedback.map(payload).filter((p) => p.comment !== undefined);
    expect(comments.length).toBeGreaterThan(0);
    expect(comments.every((p) => p.rating === 'down' && FEEDBACK_COMMENTS.includes(p.comment as string))).toBe(true);
    for (const s of sessions) {
      const ids = new Set<unknown>();
      for (const e of s.events) {
        if (e.event_type === 'MESSAGE_RECEIVED') ids.add(payload(e).message_id);
        if (e.event_type === 'MESSAGE_FEEDBACK') expect(ids.has(payload(e).message_id)).toBe(true);
      }
    }
  });

  it('narrows as a funnel: opened ≥ messaged ≥ form started ≥ completed, in sessions', () => {
    // Prepare
    const sessionsWith = (type: string) => sessions.filter((s) => s.events.some((e) => e.event_type === type)).length;

    // Act
    const funnel = [sessionsWith('WIDGET_OPENED'), sessionsWith('MESSAGE_SENT'), sessionsWith('FORM_STARTED'), sessionsWith('FORM_COMPLETED')];

    // Assess
    expect(funnel[0]).toBe(sessions.length);
    expect(funnel[0]!).toBeGreaterThan(funnel[1]!);
    expect(funnel[1]!).toBeGreaterThan(funnel[2]!);
    expect(funnel[2]!).toBeGreaterThan(funnel[3]!);
    expect(funnel[3]!).toBeGreaterThan(0);
  });

  it('abandons forms at a field of that form, with identity fields as bottlenecks', () => {
    // Prepare
    const abandoned = events.filter((e) => e.event_type === 'FORM_ABANDONED');
    const byField = new Map<string, number>();

    // Act
    for (const e of abandoned) {
      const p = payload(e);
      const form = tenantByHash.get(e.tenant_hash)!.forms.find((f) => f.form_id === p.form_id)!;
      expect(form.fields).toContain(p.last_field);
      expect(p.fields_completed).toBe(form.fields.indexOf(p.last_field as string));
      byField.set(p.last_field as string, (byField.get(p.last_field as string) ?? 0) + 1);
    }

    // Assess
    expect(abandoned.length).toBeGreaterThan(20);
    expect(byField.get('phone') ?? 0).toBeGreaterThan(byField.get('last_name') ?? 0);
  });

  it('writes one fake submission per completed form, with the form’s fields and obviously fake contact details', () => {
    // Prepare
    const completed = events.filter((e) => e.event_type === 'FORM_COMPLETED');
    const submissions = sessions.flatMap((s) => s.submissions);

    // Assess
    expect(submissions.map((s) => s.submission_id).sort()).toEqual(completed.map((e) => payload(e).submission_id).sort());
    for (const s of submissions) {
      const event = completed.find((e) => payload(e).submission_id === s.submission_id)!;
      const form = tenants.find((t) => t.tenant_id === s.tenant_id)!.forms.find((f) => f.form_id === s.form_id)!;
      expect(Object.keys(s.form_data)).toEqual(form.fields);
      expect(s).toMatchObject({ form_title: form.title, session_id: event.session_id, submitted_at: event.server_timestamp });
      if (s.form_data.email) expect(s.form_data.email).toMatch(/@example\.org$/);
      if (s.form_data.phone) expect(s.form_data.phone).toMatch(/555-01\d\d$/);
    }
  });

  it('refuses a malformed end date or day count with a clear error', () => {
    // Assess
    expect(() => [...generateSessions({ ...options, endDate: '15/03/2026' })]).toThrow(/YYYY-MM-DD/);
    expect(() => [...generateSessions({ ...options, days: 0 })]).toThrow(/days/);
  });
});
