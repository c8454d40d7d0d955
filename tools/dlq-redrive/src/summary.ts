import type { MessageFacts } from './classify';

/** Counts of DLQ messages, the figures `list` prints. */
export interface DlqSummary {
  total: number;
  byEventType: Record<string, number>;
  byTenant: Record<string, number>;
  byReason: Record<string, number>;
  /** ApproximateReceiveCount → messages. */
  byReceiveCount: Record<string, number>;
  oldestSentAt?: string;
  oldestAgeSeconds?: number;
  newestSentAt?: string;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts messages by event type, tenant, failure reason and receive count. */
export function summarise(facts: MessageFacts[]): DlqSummary {
  const summary: DlqSummary = { total: facts.length, byEventType: {}, byTenant: {}, byReason: {}, byReceiveCount: {} };
  let oldest: MessageFacts | undefined;
  let newest: MessageFacts | undefined;
  for (const f of facts) {
    bump(summary.byEventType, f.eventType);
    bump(summary.byTenant, f.tenantHash);
    bump(summary.byReason, f.reason);
    bump(summary.byReceiveCount, String(f.receiveCount));
    if (f.sentAt && (!oldest?.sentAt || f.sentAt < oldest.sentAt)) oldest = f;
    if (f.sentAt && (!newest?.sentAt || f.sentAt > newest.sentAt)) newest = f;
  }
  if (oldest?.sentAt) {
    summary.oldestSentAt = oldest.sentAt;
    if (oldest.ageSeconds !== undefined) summary.oldestAgeSeconds = oldest.ageSeconds;
  }
  if (newest?.sentAt) summary.newestSentAt = newest.sentAt;
  return summary;
}

/** `3d 4h`, `12m 5s`: an age an engineer reads at a glance. */
export function formatAge(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

function countTable(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return formatTable([title, 'messages'], rows.map(([k, n]) => [k, n]));
}

/** The human form of `list`: totals, then one table per dimension. */
export function formatSummary(summary: DlqSummary, context: { queueName: string; truncated: boolean }): string {
  const lines = [`${context.queueName}: ${summary.total} message(s)${context.truncated ? ' (scan stopped at --max-scan; counts cover the scanned part)' : ''}`];
  if (summary.total === 0) return lines[0]!;
  if (summary.oldestSentAt) lines.push(`oldest sent ${summary.oldestSentAt} (${formatAge(summary.oldestAgeSeconds ?? 0)} ago), newest sent ${summary.newestSentAt}`);
  lines.push('', countTable('event type', summary.byEventType), '', countTable('tenant hash', summary.byTenant), '', countTable('failure reason', summary.byReason));
  lines.push('', countTable('receive count', summary.byReceiveCount));
  return lines.join('\n');
}

/** What a finished redrive says to on-call, and what to do about anything left over. */
export function formatRedriveResult(
  result: import('./redrive').RedriveResult,
  context: { dlqName: string; sourceName: string; filter: string },
): string {
  const verb = result.mode === 'dry-run' ? 'would move' : 'moved';
  const how = { 'dry-run': 'dry run, nothing changed', 'move-task': `SQS message move task ${result.taskHandle ?? ''}`.trim(), loop: 'receive → send → delete loop' }[result.mode];
  const lines = [`${verb} ${result.moved} message(s) from ${context.dlqName} to ${context.sourceName} (${context.filter}; ${how})`];
  if (result.fallbackReason) lines.push(`note: ${result.fallbackReason}; used the loop instead`);
  if (result.taskStatus) lines.push(`move task status: ${result.taskStatus}`);
  if (result.skipped) lines.push(`left in the DLQ: ${result.skipped} message(s) outside the filter or beyond --max`);
  if (result.failedSends) lines.push(`failed to send: ${result.failedSends} message(s); they are still in the DLQ only, run again once the cause is fixed`);
  if (result.sentNotDeleted) {
    lines.push(
      `sent but not deleted: ${result.sentNotDeleted} message(s); they are in both queues. The processor drops the duplicate on event_id, and a rerun sends them once more (harmless).`,
    );
  }
  if (result.aborted) lines.push(`stopped early: ${result.aborted}`);
  if (result.moved && Object.keys(result.movedByEventType).length) {
    lines.push('', formatTable(['event type', verb], Object.entries(result.movedByEventType).sort((a, b) => b[1] - a[1])));
    lines.push('', formatTable(['tenant hash', verb], Object.entries(result.movedByTenant).sort((a, b) => b[1] - a[1])));
  }
  return lines.join('\n');
}
