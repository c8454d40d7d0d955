import { forEachLimited } from '@picasso/shared/concurrency';
import { asError, ValidationError } from '@picasso/shared/errors';
import { datesBetween, DAY_MS, localTime, type MetricTenant } from '@picasso/shared/metrics';
import {
  conversationFiguresOf,
  dayFromRollups,
  formFiguresOf,
  mergeConversationFigures,
  mergeFormFigures,
  rollupDaysForLocalDays,
  tierOf,
  type ConversationFigures,
  type FormFigures,
  type Tier,
} from '@picasso/shared/legacy';
import type { DailyArchiveStore, DailyTable, LogsInsights, RollupReader } from './ports';
import { conversationsFromLogs } from './tiers/logs-tier';

/**
 * The longest range one request may ask: a year of reports plus a margin. It bounds the work of
 * one request (≤ 7 days of Insights, ≤ 84 items in two BatchGetItem calls, ≤ 310 archive reads at
 * `archiveConcurrency` in parallel), which keeps a full range well inside the Lambda timeout.
 */
export const MAX_RANGE_DAYS = 400;
export const DEFAULT_RANGE_DAYS = 30;

export type Part = 'conversations' | 'forms';

/** One tenant-local day of the answer. A part a tier could not answer is `null` and listed in `missing`. */
export interface DayAnswer {
  date: string;
  tier: Tier;
  status: 'ok' | 'partial' | 'missing';
  conversations: ConversationFigures | null;
  forms: FormFigures | null;
  missing: { part: Part; reason: string }[];
}

export interface AnalyticsAnswer {
  tenant_id: string;
  time_zone: string;
  period: { start_date: string; end_date: string };
  days: DayAnswer[];
  /** Sums over the days whose part was answered; `complete` is false when any part of any day is missing. */
  totals: { conversations: ConversationFigures; forms: FormFigures; days: number; days_missing: number; complete: boolean };
}

export interface AnalyticsPorts {
  logs: LogsInsights;
  table: DailyTable;
  archive: DailyArchiveStore;
  rollups: RollupReader;
  archiveConcurrency: number;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** Reads `start_date`/`end_date` (tenant-local, inclusive; default the last 30 days) against the tenant's today. */
export function parsePeriod(query: Record<string, string | undefined>, today: string): { start_date: string; end_date: string } {
  const { start_date: start, end_date: end } = query;
  if ((start === undefined) !== (end === undefined)) throw new ValidationError('start_date and end_date go together');
  if (start === undefined || end === undefined) return { start_date: datesBetweenBack(today, DEFAULT_RANGE_DAYS), end_date: today };
  if (!isDate(start)) throw new ValidationError('start_date must be a date written YYYY-MM-DD');
  if (!isDate(end)) throw new ValidationError('end_date must be a date written YYYY-MM-DD');
  if (start > end) throw new ValidationError('start_date must not be after end_date');
  if (end > today) throw new ValidationError(`end_date must not be in the future (today is ${today} in the tenant's time zone)`);
  const days = Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) throw new ValidationError(`start_date to end_date spans ${days} days; at most ${MAX_RANGE_DAYS} (one request reads at most ${MAX_RANGE_DAYS} archive files)`);
  return { start_date: start, end_date: end };
}

function datesBetweenBack(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

type PartResult<T> = { ok: true; value: T } | { ok: false; reason: string };
type Parts = Map<string, { conversations?: PartResult<ConversationFigures>; forms?: PartResult<FormFigures> }>;

const reasonOf = (tier: string, error: unknown) => `${tier} unavailable: ${asError(error).name}`;

/**
 * The legacy answer for a tenant and period: each day goes to the tier its age names (tenant
 * time zone: < 7 days Logs Insights, 7–90 the daily table, > 90 the archive), the tiers are read
 * in parallel, and every day is reported with the tier that answered it. A day a tier cannot
 * answer is `missing` with the reason, never zero.
 */
export async function answerAnalytics(
  input: { tenantId: string; tenant: MetricTenant; period: { start_date: string; end_date: string }; now: Date },
  ports: AnalyticsPorts,
): Promise<AnalyticsAnswer> {
  const { tenantId, tenant } = input;
  const today = localTime(input.now.getTime(), tenant.timezone).date;
  const dates = datesBetween(input.period.start_date, input.period.end_date);
  const byTier: Record<Tier, string[]> = { logs: [], daily_table: [], archive: [] };
  for (const d of dates) byTier[tierOf(d, today)].push(d);
  const parts: Parts = new Map(dates.map((d) => [d, {}]));
  const set = (date: string, part: Part, result: PartResult<ConversationFigures> | PartResult<FormFigures>) => {
    (parts.get(date) as Record<Part, unknown>)[part] = result;
  };

  await Promise.all([
    byTier.logs.length ? readLogsTier(tenantId, tenant, byTier.logs, ports, set) : undefined,
    byTier.daily_table.length ? readTableTier(tenantId, byTier.daily_table, ports, set) : undefined,
    byTier.archive.length ? readArchiveTier(tenantId, byTier.archive, ports, set) : undefined,
  ]);

  const days: DayAnswer[] = dates.map((date) => {
    const p = parts.get(date)!;
    const missing: DayAnswer['missing'] = [];
    const conv = p.conversations ?? { ok: false, reason: 'not answered' };
    const forms = p.forms ?? { ok: false, reason: 'not answered' };
    if (!conv.ok) missing.push({ part: 'conversations', reason: conv.reason });
    if (!forms.ok) missing.push({ part: 'forms', reason: forms.reason });
    return {
      date,
      tier: tierOf(date, today),
      status: missing.length === 0 ? 'ok' : missing.length === 2 ? 'missing' : 'partial',
      conversations: conv.ok ? conv.value : null,
      forms: forms.ok ? forms.value : null,
      missing,
    };
  });
  return {
    tenant_id: tenantId,
    time_zone: tenant.timezone,
    period: input.period,
    days,
    totals: {
      conversations: mergeConversationFigures(days.flatMap((d) => (d.conversations ? [d.conversations] : []))),
      forms: mergeFormFigures(days.flatMap((d) => (d.forms ? [d.forms] : []))),
      days: days.length,
      days_missing: days.filter((d) => d.status !== 'ok').length,
      complete: days.every((d) => d.status === 'ok'),
    },
  };
}

type Setter = (date: string, part: Part, result: PartResult<ConversationFigures> | PartResult<FormFigures>) => void;

/** Logs tier: conversations from QA_COMPLETE lines; forms (not in those lines) from the aggregator's rollups. */
async function readLogsTier(tenantId: string, tenant: MetricTenant, dates: string[], ports: AnalyticsPorts, set: Setter): Promise<void> {
  await Promise.all([
    conversationsFromLogs(tenantId, dates, tenant, ports.logs).then(
      (figures) => dates.forEach((d) => set(d, 'conversations', { ok: true, value: figures.get(d)! })),
      (error: unknown) => dates.forEach((d) => set(d, 'conversations', { ok: false, reason: reasonOf('Logs Insights', error) })),
    ),
    (async () => {
      const utcDays = rollupDaysForLocalDays(dates[0]!, dates[dates.length - 1]!, tenant.timezone);
      return ports.rollups.readDayRollups(tenantId, utcDays[0]!, utcDays[utcDays.length - 1]!);
    })().then(
      // As in the dashboard, a UTC day without a rollup had no events (the aggregator rolls up every day that had one).
      (rollups) => dates.forEach((d) => set(d, 'forms', { ok: true, value: dayFromRollups(d, rollups, tenant).forms })),
      (error: unknown) => dates.forEach((d) => set(d, 'forms', { ok: false, reason: reasonOf('rollups', error) })),
    ),
  ]);
}

/** Daily table tier: DATE# and FORMS# items, batched. */
async function readTableTier(tenantId: string, dates: string[], ports: AnalyticsPorts, set: Setter): Promise<void> {
  try {
    const items = await ports.table.readDays(tenantId, dates);
    for (const d of dates) {
      const found = items.get(d);
      set(d, 'conversations', found?.daily ? { ok: true, value: conversationFiguresOf(found.daily) } : { ok: false, reason: 'no daily item for this day' });
      set(d, 'forms', found?.forms ? { ok: true, value: formFiguresOf(found.forms) } : { ok: false, reason: 'no forms item for this day' });
    }
  } catch (error) {
    for (const d of dates) for (const part of ['conversations', 'forms'] as const) set(d, part, { ok: false, reason: reasonOf('daily table', error) });
  }
}

/** Archive tier: one file per day, read in parallel up to the concurrency limit. */
async function readArchiveTier(tenantId: string, dates: string[], ports: AnalyticsPorts, set: Setter): Promise<void> {
  await forEachLimited(dates, ports.archiveConcurrency, async (d) => {
    try {
      const archive = await ports.archive.readDay(tenantId, d);
      if (!archive) {
        for (const part of ['conversations', 'forms'] as const) set(d, part, { ok: false, reason: 'no archive file for this day' });
        return;
      }
      set(d, 'conversations', { ok: true, value: conversationFiguresOf(archive.daily) });
      set(d, 'forms', { ok: true, value: formFiguresOf(archive.forms) });
    } catch (error) {
      for (const part of ['conversations', 'forms'] as const) set(d, part, { ok: false, reason: reasonOf('archive', error) });
    }
  });
}
