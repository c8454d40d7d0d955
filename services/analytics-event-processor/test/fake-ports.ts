import { gunzipSync } from 'node:zlib';
import { TransientError, UnknownTenantError, type Partition } from '@picasso/shared';
import type { DirtyPartitionMarker, LakeStore, QuarantinedRecord, QuarantineStore, TenantLookup } from '../src/ports';

/** In-memory ports for the pure batch logic; integration tests use the real adapters. */
export class MemoryPorts implements LakeStore, QuarantineStore, DirtyPartitionMarker, TenantLookup {
  objects = new Map<string, Uint8Array>();
  quarantined = new Map<string, QuarantinedRecord>();
  dirty: Partition[] = [];
  failWritesFor = new Set<string>();
  failTenantLookups = false;
  constructor(private readonly tenants: Record<string, string> = { fo85e6a06dcdf4: 'FOS402334', at3c9d0e21b7a5: 'ATL120045' }) {}

  /** The four ports of `EventBatchProcessor`, all served by this object, and a clock 1 day after the fixtures' date. */
  asPorts() {
    return { tenants: this, lake: this, quarantine: this, dirty: this, now: () => new Date('2025-12-21T00:00:00Z') };
  }

  async resolveTenant(hash: string): Promise<string> {
    if (this.failTenantLookups) throw new TransientError('S3 down');
    const id = this.tenants[hash];
    if (!id) throw new UnknownTenantError(`tenant_hash ${hash} has no mapping`);
    return id;
  }
  async putLakeObject(key: string, body: Uint8Array): Promise<void> {
    if ([...this.failWritesFor].some((t) => key.includes(`tenant_id=${t}/`))) throw new TransientError('SlowDown');
    this.objects.set(key, body);
  }
  async putQuarantined(key: string, record: QuarantinedRecord): Promise<void> {
    this.quarantined.set(key, record);
  }
  async markDirty(partition: Partition): Promise<void> {
    this.dirty.push(partition);
  }
  rows(): Record<string, unknown>[] {
    return [...this.objects.values()].flatMap((b) =>
      gunzipSync(b)
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );
  }
}
