import type { QuarantinedBody } from '@picasso/shared/privacy';
export type { DirtyPartitionMarker } from '@picasso/shared/dynamodb';

/** Writes one gzip NDJSON object to the lake. */
export interface LakeStore {
  putLakeObject(key: string, body: Uint8Array): Promise<void>;
}

/** Keeps a record that can never succeed, with why, for on-call. */
export interface QuarantineStore {
  putQuarantined(key: string, record: QuarantinedRecord): Promise<void>;
}

/** Resolves the public `tenant_hash` to the internal `tenant_id`. */
export interface TenantLookup {
  resolveTenant(tenantHash: string): Promise<string>;
}

/** One quarantined record (docs/decisions.md §6); the body part is `QuarantinedBody` from `@picasso/shared/privacy`. */
export type QuarantinedRecord = {
  reason: string;
  detail: string;
  message_id: string;
  received_at: string;
  receive_count: number | null;
} & QuarantinedBody;
