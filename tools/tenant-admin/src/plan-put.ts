import { mappingKey, tenantConfigKey, type TenantConfig, type TenantMapping } from '@picasso/shared';
import { jsonChanges, type JsonChange } from './json-changes';

/** What is in the config bucket now for the tenant being put. */
export interface CurrentState {
  /** The stored config of the same `tenant_id`, if any. */
  config: unknown;
  /** The stored mapping at the new config's `tenant_hash`, if any. */
  mappingAtHash: unknown;
  /** The stored mapping at the stored config's (old) `tenant_hash`, when that hash differs. */
  mappingAtOldHash: unknown;
}

export interface ObjectWrite {
  key: string;
  value: unknown;
  /** `create` when there was no object; `update` lists the changed fields. */
  action: 'create' | 'update' | 'unchanged';
  changes: JsonChange[];
}

export type PutPlan =
  | { ok: false; refusal: string }
  | { ok: true; writes: ObjectWrite[]; deletes: string[]; warnings: string[] };

const tenantOf = (mapping: unknown) => (typeof mapping === 'object' && mapping !== null ? (mapping as Partial<TenantMapping>).tenant_id : undefined);
const hashOf = (config: unknown) => (typeof config === 'object' && config !== null ? (config as Partial<TenantConfig>).tenant_hash : undefined);

function write(key: string, before: unknown, after: unknown): ObjectWrite {
  const changes = before === null ? [] : jsonChanges(before, after);
  return { key, value: after, action: before === null ? 'create' : changes.length === 0 ? 'unchanged' : 'update', changes };
}

/**
 * Decides what `put` writes, from a validated config and what the bucket holds. Pure, so the
 * dry run prints exactly what the real run would do.
 *
 * The mapping is the trust anchor (docs/decisions.md §2): the processor attributes an event to
 * whichever tenant `mappings/{tenant_hash}.json` names. So a hash that already maps to another
 * tenant is always refused (overwriting it would hand that tenant's traffic to this one), and
 * re-keying a tenant needs `--force`: every widget still sending the old hash loses its events
 * to the quarantine once the old mapping is gone.
 */
export function planPut(config: TenantConfig, current: CurrentState, options: { force: boolean }): PutPlan {
  const holder = tenantOf(current.mappingAtHash);
  if (current.mappingAtHash !== null && holder !== config.tenant_id) {
    return {
      ok: false,
      refusal: `tenant_hash ${config.tenant_hash} already maps to ${holder === undefined ? 'an unreadable mapping' : `tenant ${holder}`} (${mappingKey(config.tenant_hash)}): choose another tenant_hash`,
    };
  }
  const warnings: string[] = [];
  const deletes: string[] = [];
  const oldHash = hashOf(current.config);
  if (current.config !== null && oldHash !== config.tenant_hash) {
    const change = `tenant ${config.tenant_id} has tenant_hash ${String(oldHash)}; this changes it to ${config.tenant_hash}`;
    if (!options.force) return { ok: false, refusal: `${change}. Widgets still sending the old hash would have their events quarantined: pass --force to re-key the tenant` };
    warnings.push(`${change} (--force): events carrying ${String(oldHash)} are quarantined as an unknown tenant once the processors' cache expires (TENANT_CACHE_TTL_SECONDS, 5 minutes by default)`);
    if (typeof oldHash === 'string' && tenantOf(current.mappingAtOldHash) === config.tenant_id) deletes.push(mappingKey(oldHash));
  }
  const mapping: TenantMapping = { tenant_id: config.tenant_id, tenant_hash: config.tenant_hash };
  // Config before mapping: once the mapping exists events resolve, and the aggregator then needs the config.
  return {
    ok: true,
    writes: [write(tenantConfigKey(config.tenant_id), current.config, config), write(mappingKey(config.tenant_hash), current.mappingAtHash, mapping)],
    deletes,
    warnings,
  };
}
