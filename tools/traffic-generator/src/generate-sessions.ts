import type { AnalyticsEvent, FormDefinition, FormSubmissionItem, TenantConfig } from '@picasso/shared';
import { fakeFormData } from './fake-form-data';
import { hashToUint32, Random, shortHash } from './prng';
import { drawAnswer, drawQuestion } from './question-pool';
import { isoWeekdayOf, localToUtcMs } from '@picasso/shared/metrics';
import { calendarDays } from './tenant-calendar';

/** A form submission as the master function stores it: the submissions table's one item shape. */
export type { FormSubmissionItem } from '@picasso/shared';

export interface GeneratedSession {
  tenant_id: string;
  session_id: string;
  /** UTC ISO-8601 of WIDGET_OPENED. */
  started_at: string;
  events: AnalyticsEvent[];
  submissions: FormSubmissionItem[];
}

export interface GenerateSessionsOptions {
  tenants: readonly TenantConfig[];
  /** Calendar days of traffic, ending with `endDate`. */
  days: number;
  /** Last day of traffic, `YYYY-MM-DD` (a local calendar day of each tenant). */
  endDate: string;
  seed: number;
  /** Mean widget sessions per tenant per weekday; each tenant has its own size around it. */
  sessionsPerDay: number;
  /** The `environment` field of every event. */
  environment?: string;
  /**
   * Epoch ms: sessions with an event after this instant are left out, so traffic "until today"
   * never lies in the future (the processor quarantines server times past now + a small skew as
   * `timestamp_out_of_range`). Leaving a session out consumes the same random draws, so the
   * sessions that remain are the same with or without it.
   */
  notAfter?: number;
}

/**
 * Relative traffic per local hour: quiet nights, a late-morning peak (people at work) and an
 * early-evening peak (people at home). The evening peak is outside business hours.
 */
export const HOURLY_WEIGHTS: readonly number[] = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.9, 1.6, 2.4, 3.0, 3.3, 2.9, 2.6, 2.4, 2.3, 2.4, 2.8, 3.2, 3.3, 2.7, 1.9, 1.1, 0.55,
];

/** Relative traffic per ISO weekday (index 1 = Monday): weekends are quieter. */
export const WEEKDAY_WEIGHTS: readonly number[] = [0, 1.05, 1.1, 1.05, 1.0, 0.9, 0.55, 0.5];

/** Share of widget sessions in which the visitor sends at least one message (funnel step 2). */
const ENGAGED_SHARE = 0.58;
/** Share of engaged sessions that start a form (funnel step 3). */
const FORM_SHARE = 0.24;

/**
 * Chance of leaving a form at a given field. Identity and contact fields are where people
 * hesitate (phone, date of birth, references, background checks), so they are the bottlenecks.
 */
const FIELD_DROP_OFF: Record<string, number> = {
  phone: 0.16,
  dob: 0.2,
  references: 0.18,
  background_check: 0.14,
  motivation: 0.1,
  amount: 0.09,
  household_size: 0.07,
  zip: 0.05,
};
const BASE_DROP_OFF = 0.03;
/** Extra chance of leaving at the very first field (opened the form, changed their mind). */
const FIRST_FIELD_DROP_OFF = 0.06;

const MODELS = ['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0'];

/**
 * Replies of the last this many days are MESSAGE_RECEIVED 1.1.0 (message id and tokens); older
 * ones are 1.0.0, as before the streaming handler reported tokens, so "unknown" shows on dashboards.
 * Feedback came with 1.1.0 (it names the reply's id), so only those replies are rated.
 */
export const TOKENS_KNOWN_DAYS = 30;
/** Share of 1.1.0 replies the visitor rates, of ratings that are thumbs up, and of votes changed afterwards. */
export const FEEDBACK_SHARE = 0.15;
export const THUMBS_UP_SHARE = 0.78;
const CHANGED_VOTE_SHARE = 0.1;
/** Share of thumbs down that come with a comment. */
export const COMMENTED_SHARE = 0.45;
/** Canned comments on thumbs down; one carries a fake address, so the processor's redaction is exercised. */
export const FEEDBACK_COMMENTS = [
  'That is not what I asked.',
  'The opening hours are out of date.',
  'Too vague, I still do not know how to sign up.',
  'The link in the answer does not work.',
  'Please have someone write to me at visitor.feedback@example.org',
];
/** Share of engaged sessions whose last visitor message never got a reply (the visitor left, or the turn failed). */
export const ABANDONED_SHARE = 0.07;
const PAGES = ['/', '/volunteer', '/donate', '/about', '/programs', '/contact', '/events', '/get-help'];

const clampMs = (ms: number, min: number, max = 3_600_000) => Math.round(Math.min(max, Math.max(min, ms)));

/** How big a tenant is relative to the mean: stable per tenant, 0.6×–1.5×. */
function tenantScale(tenantId: string): number {
  return 0.6 + ((hashToUint32(`scale:${tenantId}`) % 1000) / 1000) * 0.9;
}

interface SessionContext {
  tenant: TenantConfig;
  seed: number;
  environment: string;
  random: Random;
  /**
   * Draws for answer quality (tokens, feedback, abandonment): a stream of its own, so the rest of
   * the traffic is what it was before these were added.
   */
  quality: Random;
  nextId: () => number;
}

function buildSession(ctx: SessionContext, startMs: number, tokensKnown: boolean): GeneratedSession {
  const { tenant, random } = ctx;
  const sessionId = `sess_${shortHash(`${ctx.seed}:${tenant.tenant_id}:session:${ctx.nextId()}`, 16)}`;
  const gaClientId = random.chance(0.7) ? `${random.int(100000000, 999999999)}.${Math.floor(startMs / 1000)}` : undefined;
  const events: AnalyticsEvent[] = [];
  const submissions: FormSubmissionItem[] = [];
  let step = 0;

  const emit = (type: AnalyticsEvent['event_type'], atMs: number, payload: object, version = '1.0.0', rng = random): string => {
    step += 1;
    const server = new Date(Math.round(atMs));
    const client = new Date(Math.round(atMs - clampMs(rng.logNormal(150, 0.6), 5, 5000)));
    const serverIso = server.toISOString();
    events.push({
      event_id: `evt_${shortHash(`${ctx.seed}:${tenant.tenant_id}:event:${ctx.nextId()}`, 24)}`,
      schema_version: version,
      session_id: sessionId,
      tenant_id: tenant.tenant_id,
      tenant_hash: tenant.tenant_hash,
      step_number: step,
      event_type: type,
      event_payload: payload,
      client_timestamp: client.toISOString(),
      server_timestamp: serverIso,
      ...(gaClientId ? { ga_client_id: gaClientId } : {}),
      environment: ctx.environment,
    } as AnalyticsEvent);
    return serverIso;
  };

  let t = startMs;
  emit('WIDGET_OPENED', t, { trigger: random.pick(['launcher', 'launcher', 'launcher', 'launcher', 'proactive', 'api'] as const), page_path: random.pick(PAGES) });

  if (random.chance(ENGAGED_SHARE)) {
    let turns = 1;
    while (turns < 10 && random.chance(0.55)) turns += 1;
    const formAfterTurn = tenant.forms.length > 0 && random.chance(FORM_SHARE) ? random.int(0, turns - 1) : -1;
    const abandoned = ctx.quality.chance(ABANDONED_SHARE) && formAfterTurn !== turns - 1;
    for (let turn = 0; turn < turns; turn += 1) {
      t += clampMs(random.logNormal(turn === 0 ? 8000 : 14000, 0.8), 1500, 600_000);
      const question = drawQuestion(random);
      emit('MESSAGE_SENT', t, {
        content_preview: question,
        character_count: question.length,
        word_count: question.trim().split(/\s+/).length,
      });
      // Streaming answer: time to first token, then server-side completion, then the full stream.
      const firstToken = clampMs(random.logNormal(800, 0.45), 120);
      const response = clampMs(firstToken + random.logNormal(450, 0.55), firstToken);
      const total = clampMs(response + random.logNormal(900, 0.5), response);
      t += total;
      const reply = {
        content_preview: drawAnswer(random),
        response_time_ms: response,
        first_token_ms: firstToken,
        total_time_ms: total,
        model_id: random.chance(0.85) ? MODELS[0] : MODELS[1],
        knowledge_base_used: random.chance(0.8),
      };
      // The last question of an abandoned conversation gets no reply.
      if (abandoned && turn === turns - 1) break;
      if (tokensKnown) {
        const messageId = `msg_${shortHash(`${sessionId}:reply:${turn}`, 20)}`;
        emit('MESSAGE_RECEIVED', t, { ...reply, message_id: messageId, ...tokenUsage(ctx.quality, reply.knowledge_base_used) }, '1.1.0');
        t = rateReply(ctx.quality, messageId, t, emit);
      } else {
        emit('MESSAGE_RECEIVED', t, reply);
      }
      if (turn === formAfterTurn) t = fillForm(ctx, pickForm(tenant.forms, random), t, sessionId, emit, submissions);
    }
  }
  return { tenant_id: tenant.tenant_id, session_id: sessionId, started_at: new Date(Math.round(startMs)).toISOString(), events, submissions };
}

/**
 * Tokens of one reply: the prompt is the tenant's system prompt plus, when the Knowledge Base was
 * used, its passages (so far more input); the answer a few sentences.
 */
function tokenUsage(rng: Random, knowledgeBaseUsed: boolean): { input_tokens: number; output_tokens: number } {
  return {
    input_tokens: Math.round(knowledgeBaseUsed ? clampMs(rng.logNormal(1500, 0.3), 300, 12_000) : clampMs(rng.logNormal(420, 0.25), 60, 4000)),
    output_tokens: Math.round(clampMs(rng.logNormal(140, 0.45), 8, 1024)),
  };
}

/**
 * In {@link FEEDBACK_SHARE} of replies the visitor rates it a few seconds after reading it,
 * sometimes with a comment on thumbs down, sometimes changing the vote after; returns the time of
 * the last vote (or `at`), so the session's next event comes after it.
 */
function rateReply(rng: Random, messageId: string, at: number, emit: (type: AnalyticsEvent['event_type'], atMs: number, payload: object, version: string, rng: Random) => string): number {
  if (!rng.chance(FEEDBACK_SHARE)) return at;
  const vote = (rating: 'up' | 'down', t: number) => {
    const comment = rating === 'down' && rng.chance(COMMENTED_SHARE) ? rng.pick(FEEDBACK_COMMENTS) : undefined;
    emit('MESSAGE_FEEDBACK', t, { message_id: messageId, rating, ...(comment ? { comment } : {}) }, '1.0.0', rng);
  };
  let t = at + clampMs(rng.logNormal(6000, 0.6), 1500);
  const first = rng.chance(THUMBS_UP_SHARE) ? 'up' : 'down';
  vote(first, t);
  if (rng.chance(CHANGED_VOTE_SHARE)) {
    t += clampMs(rng.logNormal(4000, 0.5), 800);
    vote(first === 'up' ? 'down' : 'up', t);
  }
  return t;
}

function pickForm(forms: readonly FormDefinition[], random: Random): FormDefinition {
  return forms[random.weightedIndex(forms.map((_, i) => 1 / (i + 1)))]!;
}

/** Walks a form field by field; returns the time the visitor left it. */
function fillForm(
  ctx: SessionContext,
  form: FormDefinition,
  startMs: number,
  sessionId: string,
  emit: (type: AnalyticsEvent['event_type'], atMs: number, payload: object) => string,
  submissions: FormSubmissionItem[],
): number {
  const { random, tenant } = ctx;
  let t = startMs + clampMs(random.logNormal(3000, 0.5), 500);
  const started = t;
  emit('FORM_STARTED', t, { form_id: form.form_id, form_label: form.title, total_fields: form.fields.length });
  for (let i = 0; i < form.fields.length; i += 1) {
    const field = form.fields[i]!;
    t += clampMs(random.logNormal(9000, 0.6), 1000);
    const dropOff = (FIELD_DROP_OFF[field] ?? BASE_DROP_OFF) + (i === 0 ? FIRST_FIELD_DROP_OFF : 0);
    if (random.chance(dropOff)) {
      emit('FORM_ABANDONED', t, {
        form_id: form.form_id,
        form_label: form.title,
        last_field: field,
        fields_completed: i,
        duration_seconds: Math.round((t - started) / 100) / 10,
      });
      return t;
    }
  }
  t += clampMs(random.logNormal(1500, 0.4), 200);
  const submissionId = `sub_${shortHash(`${ctx.seed}:${tenant.tenant_id}:submission:${ctx.nextId()}`, 20)}`;
  const submittedAt = emit('FORM_COMPLETED', t, {
    form_id: form.form_id,
    form_label: form.title,
    duration_seconds: Math.round((t - started) / 100) / 10,
    fields_completed: form.fields.length,
    submission_id: submissionId,
  });
  submissions.push({
    submission_id: submissionId,
    tenant_id: tenant.tenant_id,
    form_id: form.form_id,
    form_title: form.title,
    submitted_at: submittedAt,
    session_id: sessionId,
    form_data: fakeFormData(form.fields, random),
  });
  return t;
}

/**
 * Realistic widget sessions for every tenant over `days` local calendar days ending `endDate`,
 * day by day (oldest first), each day's sessions in start order. Pure and deterministic: the
 * same options give the same sessions, event ids included. Each tenant draws from its own stream,
 * so adding a tenant does not change the others' traffic.
 */
export function* generateSessions(options: GenerateSessionsOptions): Generator<GeneratedSession> {
  if (!Number.isInteger(options.days) || options.days < 1) throw new RangeError(`days must be a positive integer, got ${options.days}`);
  if (!(options.sessionsPerDay >= 0)) throw new RangeError(`sessionsPerDay must be ≥ 0, got ${options.sessionsPerDay}`);
  const environment = options.environment ?? 'local';
  const calendar = calendarDays(options.endDate, options.days);
  const contexts = options.tenants.map((tenant) => {
    let counter = 0;
    return {
      tenant,
      seed: options.seed,
      environment,
      random: new Random(hashToUint32(`${options.seed}:${tenant.tenant_id}`)),
      quality: new Random(hashToUint32(`${options.seed}:${tenant.tenant_id}:answer-quality`)),
      nextId: () => (counter += 1),
    } satisfies SessionContext;
  });

  for (const [index, day] of calendar.entries()) {
    const weekday = isoWeekdayOf(day.iso);
    const tokensKnown = calendar.length - 1 - index < TOKENS_KNOWN_DAYS;
    for (const ctx of contexts) {
      const { random, tenant } = ctx;
      const mean = options.sessionsPerDay * tenantScale(tenant.tenant_id) * WEEKDAY_WEIGHTS[weekday]!;
      const count = Math.max(0, Math.round(mean * (0.8 + 0.4 * random.next())));
      const starts = Array.from({ length: count }, () => {
        const hour = random.weightedIndex(HOURLY_WEIGHTS);
        return localToUtcMs(day.iso, tenant.timezone, hour, random.int(0, 59), random.int(0, 59)) + random.int(0, 999);
      }).sort((a, b) => a - b);
      for (const start of starts) {
        const session = buildSession(ctx, start, tokensKnown);
        if (options.notAfter !== undefined && session.events.some((e) => Date.parse(e.server_timestamp) > options.notAfter!)) continue;
        yield session;
      }
    }
  }
}

/** All events of the sessions in arrival order (server time, then id) and all submissions. */
export function collectTraffic(sessions: Iterable<GeneratedSession>): { sessions: number; events: AnalyticsEvent[]; submissions: FormSubmissionItem[] } {
  const events: AnalyticsEvent[] = [];
  const submissions: FormSubmissionItem[] = [];
  let n = 0;
  for (const s of sessions) {
    n += 1;
    events.push(...s.events);
    submissions.push(...s.submissions);
  }
  events.sort((a, b) => (a.server_timestamp < b.server_timestamp ? -1 : a.server_timestamp > b.server_timestamp ? 1 : a.event_id < b.event_id ? -1 : 1));
  return { sessions: n, events, submissions };
}
