import type { MessageFacts } from './classify';

/** Which DLQ messages a redrive moves. An empty filter moves everything. */
export interface RedriveFilter {
  eventType?: string;
  tenantHash?: string;
}

/** True when the filter names no criterion (StartMessageMoveTask can only move everything). */
export function isUnfiltered(filter: RedriveFilter): boolean {
  return filter.eventType === undefined && filter.tenantHash === undefined;
}

/** True when the message meets every criterion the filter names. */
export function matchesFilter(facts: Pick<MessageFacts, 'eventType' | 'tenantHash'>, filter: RedriveFilter): boolean {
  if (filter.eventType !== undefined && facts.eventType !== filter.eventType) return false;
  if (filter.tenantHash !== undefined && facts.tenantHash !== filter.tenantHash) return false;
  return true;
}

/** The filter in words, for plans and summaries. */
export function describeFilter(filter: RedriveFilter): string {
  const parts = [];
  if (filter.eventType !== undefined) parts.push(`event_type=${filter.eventType}`);
  if (filter.tenantHash !== undefined) parts.push(`tenant_hash=${filter.tenantHash}`);
  return parts.length ? parts.join(' and ') : 'all messages';
}
