import type { ResourceNames } from './names';

/**
 * Key schemas of every DynamoDB table, shared by the local stack (which creates them) and the
 * Terraform checks (which compare them with `terraform/modules/tables`).
 */
export interface TableSpec {
  name: string;
  hashKey: string;
  rangeKey?: string;
  /** Attribute types of the keys above and of every index key. */
  attributes: Record<string, 'S' | 'N'>;
  ttlAttribute?: string;
  globalSecondaryIndexes?: { name: string; hashKey: string; rangeKey?: string }[];
}

export function tableSpecs(names: ResourceNames): TableSpec[] {
  const pkSk = { hashKey: 'pk', rangeKey: 'sk', attributes: { pk: 'S', sk: 'S' } as Record<string, 'S' | 'N'> };
  return [
    { name: names.dailyAggregatesTable, ...pkSk, ttlAttribute: 'ttl' },
    { name: names.dashboardCacheTable, ...pkSk, ttlAttribute: 'ttl' },
    { name: names.rollupsTable, ...pkSk },
    { name: names.dirtyPartitionsTable, ...pkSk },
    {
      name: names.formSubmissionsTable,
      hashKey: 'submission_id',
      attributes: { submission_id: 'S', tenant_id: 'S', submitted_at: 'S' },
      globalSecondaryIndexes: [{ name: 'tenant-timestamp-index', hashKey: 'tenant_id', rangeKey: 'submitted_at' }],
    },
    { name: names.conversationsTable, hashKey: 'conversation_id', attributes: { conversation_id: 'S' }, ttlAttribute: 'ttl' },
    { name: names.auditTable, hashKey: 'audit_id', rangeKey: 'timestamp', attributes: { audit_id: 'S', timestamp: 'S' } },
    { name: names.tokenBlacklistTable, hashKey: 'token_hash', attributes: { token_hash: 'S' }, ttlAttribute: 'ttl' },
  ];
}
