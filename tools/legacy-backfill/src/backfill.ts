import type { QueryEngine, TenantConfig } from '@picasso/shared';
import { rebuildDailyAggregates, type DailyAggregateWriter, type RebuildReport } from '@picasso/shared/legacy';

/**
 * One run reads one rollup query's worth of lake: a year and a month. Longer ranges are split by
 * the operator, so a mistake costs one bounded Athena scan.
 */
export const MAX_BACKFILL_DAYS = 400;

export interface BackfillIo {
  /** Progress and the dry run's figures (stderr). */
  progress(line: string): void;
  /** The summary (stdout). */
  out(line: string): void;
}

/**
 * Rebuilds a tenant's legacy daily items and archive files for tenant-local days `from`…`to`
 * (or, with `dryRun`, shows what would be written). Days are rebuilt wholesale and identically
 * for the same lake, so a run can be repeated or resumed by re-running it.
 */
export async function runBackfill(
  input: { tenant: TenantConfig; from: string; to: string; dryRun: boolean; now: Date },
  ports: { engine: QueryEngine; writer: DailyAggregateWriter },
  io: BackfillIo,
): Promise<RebuildReport> {
  const { tenant } = input;
  io.progress(`${input.dryRun ? 'dry run: ' : ''}${tenant.tenant_id} (${tenant.timezone}) ${input.from} … ${input.to}: one rollup query over the lake`);
  const report = await rebuildDailyAggregates(
    { tenantId: tenant.tenant_id, tenant, first: input.from, last: input.to, dryRun: input.dryRun, computedAt: input.now },
    {
      ...ports,
      onProgress: (done, total, { daily, forms }) =>
        io.progress(`[${done}/${total}] ${daily.date} conversations=${daily.conversation_count} messages=${daily.total_messages} submissions=${forms.total_submissions}${input.dryRun ? ' (not written)' : ' written'}`),
    },
  );
  io.out(
    input.dryRun
      ? `dry run: ${report.dates.length} days computed, nothing written (${report.bytesScanned} bytes scanned)`
      : `${report.written} days written (DATE#, FORMS# and the archive file each; ${report.bytesScanned} bytes scanned)`,
  );
  return report;
}
