import type { TenantConfig, TenantDirectory } from '@picasso/shared';
import { ForbiddenError } from './errors';

/** Port: a tenant's configuration (time zone, business hours, forms). */
export interface TenantSettings {
  /** Throws `ForbiddenError` when the token's tenant has no configuration. */
  configOf(tenantId: string): Promise<TenantConfig>;
}

/**
 * Tenant configs from the directory (the config bucket), kept for `ttlMs` per execution
 * environment: a dashboard page makes ten requests and every one needs the tenant's time zone.
 */
export class CachedTenantSettings implements TenantSettings {
  private readonly entries = new Map<string, { config: Promise<TenantConfig | null>; expiresAt: number }>();

  constructor(
    private readonly directory: Pick<TenantDirectory, 'findConfig'>,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1000,
  ) {}

  async configOf(tenantId: string): Promise<TenantConfig> {
    let entry = this.entries.get(tenantId);
    if (!entry || entry.expiresAt <= this.now()) {
      const config = this.directory.findConfig(tenantId);
      entry = { config, expiresAt: this.now() + this.ttlMs };
      this.entries.delete(tenantId);
      this.entries.set(tenantId, entry);
      // A failed read is not remembered.
      config.catch(() => this.entries.delete(tenantId));
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    const config = await entry.config;
    if (!config) throw new ForbiddenError('the token names a tenant that has no configuration');
    return config;
  }
}
