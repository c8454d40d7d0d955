import { createHash } from 'node:crypto';

/**
 * Legacy API keys (the Bubble dashboard's `x-api-key`): one item per key in the daily aggregates
 * table, which the legacy function reads anyway, keyed by the SHA-256 of the key so the table
 * never holds a usable key: `pk = APIKEY#<sha256 hex>`, `sk = APIKEY`.
 */
export interface ApiKeyItem {
  pk: string;
  sk: string;
  tenant_id: string;
  tenant_hash: string;
  /** Same scope names as the JWTs (`analytics:read`, `pii:read`). */
  scopes: string[];
  /** Who holds the key, for the audit trail. */
  label: string;
  /** Epoch seconds the key was issued, when known. */
  created_at?: number;
  /** Epoch seconds; absent = no expiry. */
  expires_at?: number;
  /** A revoked key is refused (the item is kept for the audit trail). */
  revoked?: boolean;
}

export const API_KEY_SORT_KEY = 'APIKEY';

/** SHA-256 hex of a raw key. */
export const hashApiKey = (rawKey: string): string => createHash('sha256').update(rawKey, 'utf8').digest('hex');

export const apiKeyItemKey = (rawKey: string) => ({ pk: `APIKEY#${hashApiKey(rawKey)}`, sk: API_KEY_SORT_KEY });

/** Builds the item of a new key. */
export function apiKeyItem(rawKey: string, grant: { tenantId: string; tenantHash: string; scopes: string[]; label: string; createdAt?: number; expiresAt?: number }): ApiKeyItem {
  return {
    ...apiKeyItemKey(rawKey),
    tenant_id: grant.tenantId,
    tenant_hash: grant.tenantHash,
    scopes: [...grant.scopes],
    label: grant.label,
    ...(grant.createdAt !== undefined ? { created_at: grant.createdAt } : {}),
    ...(grant.expiresAt !== undefined ? { expires_at: grant.expiresAt } : {}),
  };
}
