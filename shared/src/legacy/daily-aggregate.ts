import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ValidationError } from '../errors';
import { compareText } from '../text-order';
import { addDays, DAY_MS, localMidnightUtcMs, localTime } from '../metrics/calendar';
import { CONVERSATION_LOOKBACK_MS, computeMetric, type MetricTenant } from '../metrics/compute';
import type { DayRollup } from '../metrics/rollups';

/**
 * The legacy path's daily aggregates (the seed's `picasso-analytics-daily` items and the
 * `daily-aggregates/…json.gz` archive): their keys, their one shape, and how a tenant-local day
 * is built from the aggregator's UTC rollups. Written by the aggregator and the backfill, read by
 * `analytics-function`; nothing else defines them. docs/decisions.md §30 explains the choices.
 */

export const DAILY_SCHEMA_VERSION = 1;

/** Days younger than this (tenant-local age, today = 0) come from Logs Insights. */
export const LOGS_TIER_DAYS = 7;
/** Days older than this come from the archive; between the two, from the daily table. */
export const TABLE_TIER_DAYS = 90;

/** Bounds that keep an item far below DynamoDB's 400 KB item limit, however busy the day. */
export const MAX_TOP_QUESTIONS = 10;
/** Code points kept of a question in a daily item (previews may be 2,000 code points long). */
export const MAX_QUESTION_CODE_POINTS = 300;
export const MAX_SAMPLED_CONVERSATIONS = 20;
export const MAX_FORMS_PER_DAY = 50;
/**
 * An item lives until its day is this many days old, then DynamoDB's TTL removes it (the reader
 * has moved on to the archive at 91 days; the margin covers a reader near midnight).
 */
export const DAILY_ITEM_TTL_DAYS = TABLE_TIER_DAYS + 3;

export type Tier = 'logs' | 'daily_table' | 'archive';

/** Which tier answers a tenant-local `date` when the tenant's today is `today`. */
export function tierOf(date: string, today: string): Tier {
  const age = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
  if (age < LOGS_TIER_DAYS) return 'logs';
  return age <= TABLE_TIER_DAYS ? 'daily_table' : 'archive';
}

export const dailyItemKey = (tenantId: string, date: string) => ({ pk: `TENANT#${tenantId}`, sk: `DATE#${date}` });
export const formsItemKey = (tenantId: string, date: string) => ({ pk: `TENANT#${tenantId}`, sk: `FORMS#${date}` });

/** `daily-aggregates/YYYY/MM/DD/<tenant_id>.json.gz` in the archive bucket (seed layout). */
export function archiveKey(tenantId: string, date: string): string {
  const [y, m, d] = date.split('-');
  return `daily-aggregates/${y}/${m}/${d}/${tenantId}.json.gz`;
}

/** Conversation figures of one day (or of a range, once merged). Averages are in ms, one decimal. */
export interface ConversationFigures {
  /** Conversations placed at their session's first message (the dashboard's rule). */
  conversation_count: number;
  /** MESSAGE_SENT + MESSAGE_RECEIVED. */
  total_messages: number;
  avg_response_time_ms: number | null;
  avg_first_token_ms: number | null;
  /** Only the logs tier knows total times: the lake's rollups do not keep them. */
  avg_total_time_ms: number | null;
  /** The sums and counts behind the averages, so days merge exactly. */
  response_time_ms_sum: number;
  response_count: number;
  first_token_ms_sum: number;
  first_token_count: number;
  total_time_ms_sum: number;
  total_time_count: number;
  after_hours_count: number;
  /** Normalised questions, most asked first, at most `MAX_TOP_QUESTIONS`. */
  top_questions: { question: string; count: number }[];
  /** Conversations by local hour `"0"`…`"23"` (only non-zero hours). */
  hourly_distribution: Record<string, number>;
  /** Conversations by local ISO weekday `"1"` (Monday) … `"7"` (only non-zero days). */
  daily_distribution: Record<string, number>;
}

/** A sampled conversation: ids and timings only, never message text. */
export interface SampledConversation {
  session_id: string;
  started_at: string;
  messages: number;
  avg_response_time_ms: number | null;
  avg_first_token_ms: number | null;
}

export interface FormFigures {
  /** FORM_COMPLETED events (submissions). */
  total_submissions: number;
  forms_started: number;
  forms_abandoned: number;
  /** Submissions per form id, at most `MAX_FORMS_PER_DAY` forms (the busiest). */
  form_counts: Record<string, number>;
}

/** `DATE#<date>` item. */
export interface DailyConversationsItem extends ConversationFigures {
  pk: string;
  sk: string;
  tenant_id: string;
  date: string;
  time_zone: string;
  schema_version: number;
  /** At most `MAX_SAMPLED_CONVERSATIONS`, chosen by a hash of the session id (deterministic). */
  conversations: SampledConversation[];
  /** Epoch seconds; DynamoDB deletes the item after it (late: readers never rely on it). */
  ttl: number;
}

/** `FORMS#<date>` item: counts only; submissions with their values stay in the submissions table. */
export interface DailyFormsItem extends FormFigures {
  pk: string;
  sk: string;
  tenant_id: string;
  date: string;
  schema_version: number;
  ttl: number;
}

/** The archive file of one tenant-day: both items, without their TTL. */
export interface DailyArchive {
  schema_version: number;
  tenant_id: string;
  date: string;
  daily: Omit<DailyConversationsItem, 'ttl'>;
  forms: Omit<DailyFormsItem, 'ttl'>;
}

const round1 = (x: number) => Number(`${Math.round(Number(`${x.toFixed(9)}e1`))}e-1`);
/** Average in ms with one decimal, `null` when nothing was timed. */
export const averageMs = (sum: number, count: number): number | null => (count > 0 ? round1(sum / count) : null);
const cutCodePoints = (text: string, max: number) => {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, max).join('');
};

/** The top questions of a count map: most asked first, ties in binary text order, cut to the item's bounds. */
export function rankTopQuestions(counts: ReadonlyMap<string, number>): { question: string; count: number }[] {
  const merged = new Map<string, number>();
  // Cutting can make two long questions equal: they are one entry then.
  for (const [q, c] of counts) {
    const key = cutCodePoints(q, MAX_QUESTION_CODE_POINTS);
    merged.set(key, (merged.get(key) ?? 0) + c);
  }
  return [...merged.entries()]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .slice(0, MAX_TOP_QUESTIONS)
    .map(([question, count]) => ({ question, count }));
}

/** The busiest forms of a count map, bounded. */
function boundForms(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).slice(0, MAX_FORMS_PER_DAY));
}

/** A deterministic sample: the sessions with the smallest SHA-256 of their id. */
export function sampleConversations(all: readonly SampledConversation[]): SampledConversation[] {
  const rank = (s: SampledConversation) => createHash('sha256').update(s.session_id).digest('hex');
  return all
    .map((s) => ({ s, r: rank(s) }))
    .sort((a, b) => compareText(a.r, b.r))
    .slice(0, MAX_SAMPLED_CONVERSATIONS)
    .map(({ s }) => s)
    .sort((a, b) => compareText(a.started_at, b.started_at) || compareText(a.session_id, b.session_id));
}

/** Conversations per local hour and ISO weekday, from conversation start instants (ms). */
export function distributionsOf(startsMs: readonly number[], timeZone: string): Pick<ConversationFigures, 'hourly_distribution' | 'daily_distribution'> {
  const hourly: Record<string, number> = {};
  const daily: Record<string, number> = {};
  for (const t of startsMs) {
    const local = localTime(t, timeZone);
    hourly[String(local.hour)] = (hourly[String(local.hour)] ?? 0) + 1;
    daily[String(local.isoWeekday)] = (daily[String(local.isoWeekday)] ?? 0) + 1;
  }
  return { hourly_distribution: hourly, daily_distribution: daily };
}

/** The UTC instants `[startMs, endMs)` of a tenant-local day. */
export function localDayWindow(date: string, timeZone: string): { startMs: number; endMs: number } {
  return { startMs: localMidnightUtcMs(date, timeZone), endMs: localMidnightUtcMs(addDays(date, 1), timeZone) };
}

/**
 * One tenant-local day's figures from the aggregator's UTC rollups (the hours whose start lies in
 * the day, plus the conversation lookback). Conversation counts, after-hours, distributions and
 * top questions come from the dashboard's own `computeMetric` for that single day, so the two
 * dashboards agree by construction.
 */
export function dayFromRollups(date: string, rollups: readonly DayRollup[], tenant: MetricTenant): { figures: ConversationFigures; samples: SampledConversation[]; forms: FormFigures } {
  const period = { start_date: date, end_date: date };
  const at = new Date(0); // only presets read `now`
  const summary = computeMetric('conversations_summary', period, rollups, tenant, at).data;
  const heatmap = computeMetric('conversations_heatmap', period, rollups, tenant, at).data;
  const questions = computeMetric('top_questions', period, rollups, tenant, at).data;
  const { startMs, endMs } = localDayWindow(date, tenant.timezone);

  let responseSum = 0;
  let responseCount = 0;
  let tokenSum = 0;
  let tokenCount = 0;
  const firstMessage = new Map<string, number>();
  const perSession = new Map<string, { messages: number; rSum: number; rN: number; tSum: number; tN: number }>();
  const completed = new Map<string, number>();
  let started = 0;
  let abandoned = 0;
  for (const rollup of rollups) {
    for (const hour of rollup.hours) {
      const hourMs = hour.hour * 1000;
      if (hourMs < startMs - CONVERSATION_LOOKBACK_MS || hourMs >= endMs) continue;
      const inDay = hourMs >= startMs;
      for (const s of hour.sessions) {
        if (s.first_message_at !== null) firstMessage.set(s.session_id, Math.min(firstMessage.get(s.session_id) ?? Infinity, s.first_message_at));
        if (!inDay) continue;
        responseSum += s.response_ms_sum;
        responseCount += s.response_count;
        tokenSum += s.first_token_ms_sum;
        tokenCount += s.first_token_count;
        const p = perSession.get(s.session_id) ?? { messages: 0, rSum: 0, rN: 0, tSum: 0, tN: 0 };
        p.messages += s.messages_sent + s.messages_received;
        p.rSum += s.response_ms_sum;
        p.rN += s.response_count;
        p.tSum += s.first_token_ms_sum;
        p.tN += s.first_token_count;
        perSession.set(s.session_id, p);
      }
      if (!inDay) continue;
      for (const d of hour.dimensions) {
        if (!d.form_id) continue;
        if (d.event_type === 'FORM_COMPLETED') completed.set(d.form_id, (completed.get(d.form_id) ?? 0) + d.events);
        else if (d.event_type === 'FORM_STARTED') started += d.events;
        else if (d.event_type === 'FORM_ABANDONED') abandoned += d.events;
      }
    }
  }
  const conversations: SampledConversation[] = [];
  for (const [sessionId, first] of firstMessage) {
    if (first * 1000 < startMs || first * 1000 >= endMs) continue;
    const p = perSession.get(sessionId)!;
    conversations.push({ session_id: sessionId, started_at: new Date(first * 1000).toISOString(), messages: p.messages, avg_response_time_ms: averageMs(p.rSum, p.rN), avg_first_token_ms: averageMs(p.tSum, p.tN) });
  }
  const hourly: Record<string, number> = {};
  const daily: Record<string, number> = {};
  for (const cell of heatmap.cells) {
    hourly[String(cell.hour)] = (hourly[String(cell.hour)] ?? 0) + cell.conversations;
    daily[String(cell.day_of_week)] = (daily[String(cell.day_of_week)] ?? 0) + cell.conversations;
  }
  return {
    figures: {
      conversation_count: summary.total_conversations,
      total_messages: summary.total_messages,
      avg_response_time_ms: averageMs(responseSum, responseCount),
      avg_first_token_ms: averageMs(tokenSum, tokenCount),
      avg_total_time_ms: null,
      response_time_ms_sum: responseSum,
      response_count: responseCount,
      first_token_ms_sum: tokenSum,
      first_token_count: tokenCount,
      total_time_ms_sum: 0,
      total_time_count: 0,
      after_hours_count: summary.after_hours_count,
      top_questions: rankTopQuestions(new Map(questions.questions.map((q) => [q.question, q.count]))),
      hourly_distribution: hourly,
      daily_distribution: daily,
    },
    samples: sampleConversations(conversations),
    forms: { total_submissions: [...completed.values()].reduce((a, b) => a + b, 0), forms_started: started, forms_abandoned: abandoned, form_counts: boundForms(completed) },
  };
}

/** Epoch seconds after which a day's items may expire: `DAILY_ITEM_TTL_DAYS` after the day ends (UTC). */
export const dailyItemTtl = (date: string) => Math.floor(Date.parse(`${addDays(date, DAILY_ITEM_TTL_DAYS + 1)}T00:00:00Z`) / 1000);

/**
 * The two items of a finished tenant-local day. Pure and free of clocks: the same rollups give
 * byte-identical items, so re-running a day rewrites it identically.
 */
export function buildDailyItems(tenantId: string, date: string, rollups: readonly DayRollup[], tenant: MetricTenant): { daily: DailyConversationsItem; forms: DailyFormsItem } {
  const { figures, samples, forms } = dayFromRollups(date, rollups, tenant);
  const ttl = dailyItemTtl(date);
  return {
    daily: { ...dailyItemKey(tenantId, date), tenant_id: tenantId, date, time_zone: tenant.timezone, schema_version: DAILY_SCHEMA_VERSION, ...figures, conversations: samples, ttl },
    forms: { ...formsItemKey(tenantId, date), tenant_id: tenantId, date, schema_version: DAILY_SCHEMA_VERSION, ...forms, ttl },
  };
}

/** The archive file of a day (gzip JSON, the items' shape without TTL). Node's gzip header has no mtime, so equal days give equal bytes. */
export function encodeArchive(items: { daily: DailyConversationsItem; forms: DailyFormsItem }): Buffer {
  const { ttl: _dailyTtl, ...daily } = items.daily;
  const { ttl: _formsTtl, ...forms } = items.forms;
  const archive: DailyArchive = { schema_version: DAILY_SCHEMA_VERSION, tenant_id: daily.tenant_id, date: daily.date, daily, forms };
  return gzipSync(JSON.stringify(archive), { level: 9 });
}

/** Reads an archive file back; `ValidationError` when it is not one. */
export function decodeArchive(body: Uint8Array, expected: { tenantId: string; date: string }): DailyArchive {
  let parsed: DailyArchive;
  try {
    parsed = JSON.parse(gunzipSync(body).toString('utf8')) as DailyArchive;
  } catch (error) {
    throw new ValidationError(`archive of ${expected.date} is not gzip JSON`, { cause: error });
  }
  if (parsed?.schema_version !== DAILY_SCHEMA_VERSION || parsed.tenant_id !== expected.tenantId || parsed.date !== expected.date || !parsed.daily || !parsed.forms) {
    throw new ValidationError(`archive of ${expected.date} has an unexpected shape or version`);
  }
  return parsed;
}

/** Checks a daily item read back from the table (a foreign or older item is not trusted). */
export function isDailyItem(item: Record<string, unknown> | undefined, tenantId: string, date: string): item is Record<string, unknown> & DailyConversationsItem {
  return !!item && item.schema_version === DAILY_SCHEMA_VERSION && item.tenant_id === tenantId && item.date === date && typeof item.conversation_count === 'number';
}
export function isFormsItem(item: Record<string, unknown> | undefined, tenantId: string, date: string): item is Record<string, unknown> & DailyFormsItem {
  return !!item && item.schema_version === DAILY_SCHEMA_VERSION && item.tenant_id === tenantId && item.date === date && typeof item.total_submissions === 'number';
}

/** Only the figures of an item (keys, versions, samples and TTL dropped). */
export function conversationFiguresOf(item: ConversationFigures): ConversationFigures {
  return {
    conversation_count: item.conversation_count,
    total_messages: item.total_messages,
    avg_response_time_ms: item.avg_response_time_ms,
    avg_first_token_ms: item.avg_first_token_ms,
    avg_total_time_ms: item.avg_total_time_ms,
    response_time_ms_sum: item.response_time_ms_sum,
    response_count: item.response_count,
    first_token_ms_sum: item.first_token_ms_sum,
    first_token_count: item.first_token_count,
    total_time_ms_sum: item.total_time_ms_sum,
    total_time_count: item.total_time_count,
    after_hours_count: item.after_hours_count,
    top_questions: item.top_questions,
    hourly_distribution: item.hourly_distribution,
    daily_distribution: item.daily_distribution,
  };
}
export function formFiguresOf(item: FormFigures): FormFigures {
  return { total_submissions: item.total_submissions, forms_started: item.forms_started, forms_abandoned: item.forms_abandoned, form_counts: item.form_counts };
}

const addInto = (target: Record<string, number>, source: Record<string, number>) => {
  for (const [k, v] of Object.entries(source)) target[k] = (target[k] ?? 0) + v;
};

/**
 * Totals of several days: counts and sums add up, averages come from the summed sums. Top
 * questions of a range merge each day's top list, so a question outside a day's top 10 is not
 * counted for that day.
 */
export function mergeConversationFigures(days: readonly ConversationFigures[]): ConversationFigures {
  const hourly: Record<string, number> = {};
  const daily: Record<string, number> = {};
  const questions = new Map<string, number>();
  const total = { conversation_count: 0, total_messages: 0, response_time_ms_sum: 0, response_count: 0, first_token_ms_sum: 0, first_token_count: 0, total_time_ms_sum: 0, total_time_count: 0, after_hours_count: 0 };
  for (const d of days) {
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += d[k];
    addInto(hourly, d.hourly_distribution);
    addInto(daily, d.daily_distribution);
    for (const q of d.top_questions) questions.set(q.question, (questions.get(q.question) ?? 0) + q.count);
  }
  return {
    ...total,
    avg_response_time_ms: averageMs(total.response_time_ms_sum, total.response_count),
    avg_first_token_ms: averageMs(total.first_token_ms_sum, total.first_token_count),
    avg_total_time_ms: averageMs(total.total_time_ms_sum, total.total_time_count),
    top_questions: rankTopQuestions(questions),
    hourly_distribution: hourly,
    daily_distribution: daily,
  };
}

export function mergeFormFigures(days: readonly FormFigures[]): FormFigures {
  const counts: Record<string, number> = {};
  let started = 0;
  let abandoned = 0;
  for (const d of days) {
    addInto(counts, d.form_counts);
    started += d.forms_started;
    abandoned += d.forms_abandoned;
  }
  return { total_submissions: Object.values(counts).reduce((a, b) => a + b, 0), forms_started: started, forms_abandoned: abandoned, form_counts: counts };
}

/**
 * An item's size as DynamoDB counts it
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * attribute names and strings in UTF-8 bytes, numbers at most 21 bytes (counted as such, an upper
 * bound), booleans and null 1 byte, lists and maps 3 bytes plus 1 per element.
 */
export function dynamoDbItemSize(item: Record<string, unknown>): number {
  const valueSize = (v: unknown): number => {
    if (v === null || v === undefined || typeof v === 'boolean') return 1;
    if (typeof v === 'number') return 21;
    if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
    if (v instanceof Uint8Array) return v.byteLength;
    if (Array.isArray(v)) return 3 + v.reduce<number>((a, e) => a + 1 + valueSize(e), 0);
    return 3 + Object.entries(v as Record<string, unknown>).reduce((a, [k, e]) => a + 1 + Buffer.byteLength(k, 'utf8') + valueSize(e), 0);
  };
  return Object.entries(item).reduce((a, [k, v]) => a + Buffer.byteLength(k, 'utf8') + valueSize(v), 0);
}
