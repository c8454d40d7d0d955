/**
 * Which trend period is still in progress: today's local date (or this local hour, for an hourly
 * trend) in the tenant's time zone. Its figures are partial, so the trend marks it rather than
 * let it read as a drop.
 */
export function periodInProgress(granularity: 'hour' | 'day', timeZone: string, now: Date = new Date()): string {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' }).formatToParts(now)) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return granularity === 'day' ? date : `${date}T${parts.hour}:00`;
}
