import type { DayRollup } from '@picasso/shared/metrics';
import type { TenantConfig } from '@picasso/shared/tenants';
import type { DailyArchive, DailyConversationsItem, DailyFormsItem } from '@picasso/shared/legacy';

/** One row of a Logs Insights result: field → value (Insights returns every value as a string). */
export type InsightsRow = Record<string, string>;

/** Port: runs one Logs Insights query over the QA_COMPLETE log group, `[startMs, endMs)`. */
export interface LogsInsights {
  run(queryString: string, startMs: number, endMs: number): Promise<InsightsRow[]>;
}

/** Port: the daily table's items of some days (absent days are absent from the map). */
export interface DailyTable {
  readDays(tenantId: string, dates: readonly string[]): Promise<Map<string, { daily?: DailyConversationsItem; forms?: DailyFormsItem }>>;
}

/** Port: one archive file, `null` when the day has none. */
export interface DailyArchiveStore {
  readDay(tenantId: string, date: string): Promise<DailyArchive | null>;
}

/** Port: the aggregator's UTC day rollups (form counts of the days the logs tier answers). */
export interface RollupReader {
  readDayRollups(tenantId: string, firstDay: string, lastDay: string): Promise<DayRollup[]>;
}

/** Port: tenant configs (time zone, business hours). */
export interface TenantSettings {
  configOf(tenantId: string): Promise<TenantConfig>;
}
