import { isValidTenantId } from '../lake/layout';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { TransientError, UnknownTenantError } from '../errors';

/** `mappings/{tenant_hash}.json` in the config bucket (seed layout). */
export interface TenantMapping {
  tenant_id: string;
  tenant_hash: string;
}

export interface BusinessHours {
  /** Local time `HH:MM`, inclusive. */
  start: string;
  /** Local time `HH:MM`, exclusive. */
  end: string;
  /** ISO weekdays that are business days, 1 = Monday … 7 = Sunday. */
  days: number[];
}

export interface FormDefinition {
  form_id: string;
  title: string;
  fields: string[];
}

/** `tenants/{tenant_id}/{tenant_id}-config.json` in the config bucket (seed layout). */
export interface TenantConfig {
  tenant_id: string;
  tenant_hash: string;
  name: string;
  /** IANA time zone, e.g. `America/Chicago`. */
  timezone: string;
  business_hours: BusinessHours;
  forms: FormDefinition[];
}

export const mappingKey = (tenantHash: string) => `mappings/${tenantHash}.json`;
export const tenantConfigKey = (tenantId: string) => `tenants/${tenantId}/${tenantId}-config.json`;

/** Port: where tenant mappings and configs come from. */
export interface TenantDirectory {
  /** `null` when no mapping exists; throws `TransientError` when the store could not answer. */
  findMapping(tenantHash: string): Promise<TenantMapping | null>;
  findConfig(tenantId: string): Promise<TenantConfig | null>;
}

/** The S3 adapter over the config bucket. */
export class S3TenantDirectory implements TenantDirectory {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  findMapping(tenantHash: string): Promise<TenantMapping | null> {
    if (!/^[a-z0-9]{4,64}$/.test(tenantHash)) return Promise.resolve(null);
    return this.readJson<TenantMapping>(mappingKey(tenantHash));
  }

  findConfig(tenantId: string): Promise<TenantConfig | null> {
    if (!isValidTenantId(tenantId)) return Promise.resolve(null);
    return this.readJson<TenantConfig>(tenantConfigKey(tenantId));
  }

  private async readJson<T>(key: string): Promise<T | null> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse(await res.Body!.transformToString()) as T;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw new TransientError(`could not read s3://${this.bucket}/${key}`, { cause: error });
    }
  }
}

interface CacheEntry {
  mapping: TenantMapping | null;
  expiresAt: number;
}

export interface TenantResolverOptions {
  /** Entries kept at most; the least recently used is evicted first. */
  maxEntries?: number;
  /** How long a found mapping is trusted. */
  ttlMs?: number;
  /** How long an unknown hash is remembered as unknown (short: a new tenant may appear). */
  negativeTtlMs?: number;
  now?: () => number;
}

/**
 * Resolves `tenant_hash` → `tenant_id`, cached across invocations (module scope in the handler),
 * bounded (LRU), with a shorter-lived negative cache so a flood of events for an unknown hash
 * costs one S3 read per minute rather than one per event. Concurrent lookups share one read.
 */
export class TenantResolver {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<TenantMapping | null>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly now: () => number;
  /** Reads that reached the directory: how well the cache works. */
  lookups = 0;

  constructor(
    private readonly directory: TenantDirectory,
    options: TenantResolverOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The tenant id, or `UnknownTenantError` when the hash has no mapping. */
  async resolveTenant(tenantHash: string): Promise<string> {
    const mapping = await this.lookup(tenantHash);
    if (!mapping) throw new UnknownTenantError(`tenant_hash ${tenantHash} has no mapping`);
    return mapping.tenant_id;
  }

  private async lookup(tenantHash: string): Promise<TenantMapping | null> {
    const hit = this.entries.get(tenantHash);
    if (hit && hit.expiresAt > this.now()) {
      this.entries.delete(tenantHash);
      this.entries.set(tenantHash, hit); // refresh LRU position
      return hit.mapping;
    }
    const pending = this.inFlight.get(tenantHash);
    if (pending) return pending;
    const read = (async () => {
      this.lookups += 1;
      const mapping = await this.directory.findMapping(tenantHash);
      this.remember(tenantHash, mapping);
      return mapping;
    })().finally(() => this.inFlight.delete(tenantHash));
    this.inFlight.set(tenantHash, read);
    return read;
  }

  private remember(tenantHash: string, mapping: TenantMapping | null): void {
    this.entries.delete(tenantHash);
    this.entries.set(tenantHash, { mapping, expiresAt: this.now() + (mapping ? this.ttlMs : this.negativeTtlMs) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
