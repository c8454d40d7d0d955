import { mappingKey, parseTenantConfig, TENANT_ID_PATTERN, tenantConfigKey, validateTenantConfig, type TenantConfig, type TenantConfigValidation } from '@picasso/shared';
import pLimit from 'p-limit';
import type { CliArgs } from './args';
import type { ConfigBucket } from './config-bucket';
import { formatChanges } from './json-changes';
import { planPut, type PutPlan } from './plan-put';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): Promise<string>;
}

/** Where the commands act: the target config bucket, and (migrate) a source bucket by name. */
export interface Buckets {
  target: ConfigBucket;
  open(name: string): ConfigBucket;
}

const CONFIG_KEY = /^tenants\/([^/]+)\/\1-config\.json$/;

function report(source: string, result: TenantConfigValidation, io: Io): void {
  for (const w of result.warnings) io.err(`${source}: warning ${w}`);
  if (!result.ok) for (const p of result.problems) io.err(`${source}: ${p}`);
}

/** Reads what `planPut` needs from the bucket. */
async function currentState(bucket: ConfigBucket, config: TenantConfig) {
  const stored = await bucket.readJson(tenantConfigKey(config.tenant_id));
  const oldHash = typeof stored === 'object' && stored !== null ? (stored as Partial<TenantConfig>).tenant_hash : undefined;
  return {
    config: stored,
    mappingAtHash: await bucket.readJson(mappingKey(config.tenant_hash)),
    mappingAtOldHash: typeof oldHash === 'string' && oldHash !== config.tenant_hash && /^[a-z0-9]{4,64}$/.test(oldHash) ? await bucket.readJson(mappingKey(oldHash)) : null,
  };
}

function printPlan(plan: Extract<PutPlan, { ok: true }>, bucket: string, dryRun: boolean, io: Io): void {
  const verb = dryRun ? 'would' : 'will';
  for (const w of plan.warnings) io.err(`WARNING: ${w}`);
  for (const write of plan.writes) {
    if (write.action === 'unchanged') io.out(`unchanged s3://${bucket}/${write.key}`);
    else io.out(`${dryRun ? 'would ' : ''}${write.action} s3://${bucket}/${write.key}`);
    if (write.action === 'create') io.out(`${JSON.stringify(write.value, null, 2).replace(/^/gm, '  + ')}`);
    if (write.action === 'update') for (const line of formatChanges(write.changes)) io.out(line);
  }
  for (const key of plan.deletes) io.out(`${dryRun ? 'would delete' : 'delete'} s3://${bucket}/${key}`);
  if (dryRun) io.out(`dry run: nothing written (the real run ${verb} write the above)`);
}

async function applyPlan(plan: Extract<PutPlan, { ok: true }>, bucket: ConfigBucket): Promise<void> {
  for (const write of plan.writes) if (write.action !== 'unchanged') await bucket.writeJson(write.key, write.value);
  for (const key of plan.deletes) await bucket.delete(key);
}

/** Validates, plans and (unless a dry run) writes one config. */
async function putOne(source: string, result: TenantConfigValidation, bucket: ConfigBucket, options: { dryRun: boolean; force: boolean }, io: Io): Promise<boolean> {
  report(source, result, io);
  if (!result.ok) return false;
  const plan = planPut(result.config, await currentState(bucket, result.config), options);
  if (!plan.ok) {
    io.err(`${source}: refused: ${plan.refusal}`);
    return false;
  }
  printPlan(plan, bucket.name, options.dryRun, io);
  if (!options.dryRun) await applyPlan(plan, bucket);
  return true;
}

interface TenantRow {
  tenant_id: string;
  tenant_hash: string;
  name: string;
  timezone: string;
  forms: number;
  /** Whether `mappings/{tenant_hash}.json` names this tenant: only then do its events resolve. */
  mapped: boolean;
}

async function listTenants(bucket: ConfigBucket): Promise<TenantRow[]> {
  const ids = (await bucket.listKeys('tenants/')).flatMap((key) => CONFIG_KEY.exec(key)?.[1] ?? []).sort();
  // Two reads per tenant: bounded parallelism keeps a thousand tenants to seconds, not minutes.
  const limit = pLimit(16);
  return Promise.all(
    ids.map((id) =>
      limit(async (): Promise<TenantRow> => {
        const config = (await bucket.readJson(tenantConfigKey(id))) as Partial<TenantConfig> | null;
        const hash = typeof config?.tenant_hash === 'string' ? config.tenant_hash : '';
        const mapping = hash ? ((await bucket.readJson(mappingKey(hash))) as { tenant_id?: string } | null) : null;
        return { tenant_id: id, tenant_hash: hash, name: config?.name ?? '', timezone: config?.timezone ?? '', forms: Array.isArray(config?.forms) ? config.forms.length : 0, mapped: mapping?.tenant_id === id };
      }),
    ),
  );
}

function table(rows: TenantRow[]): string[] {
  const header = ['TENANT_ID', 'TENANT_HASH', 'NAME', 'TIMEZONE', 'FORMS', 'MAPPED'];
  const cells = rows.map((r) => [r.tenant_id, r.tenant_hash, r.name, r.timezone, String(r.forms), r.mapped ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells].map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

/**
 * Seed-layout migration: every `tenants/{id}/{id}-config.json` of `source`, validated and put as
 * `put` would. A config without `tenant_hash` takes it from the source's own mapping that names
 * the tenant, never from anything else (the mapping is the trust anchor).
 */
async function migrate(source: ConfigBucket, target: ConfigBucket, options: { dryRun: boolean; force: boolean }, io: Io): Promise<boolean> {
  const hashByTenant = new Map<string, string>();
  for (const key of await source.listKeys('mappings/')) {
    const m = /^mappings\/([a-z0-9]+)\.json$/.exec(key);
    const mapping = m ? ((await source.readJson(key)) as { tenant_id?: unknown } | null) : null;
    if (m && typeof mapping?.tenant_id === 'string') hashByTenant.set(mapping.tenant_id, m[1]!);
  }
  const ids = (await source.listKeys('tenants/')).flatMap((key) => CONFIG_KEY.exec(key)?.[1] ?? []).sort();
  let failed = 0;
  for (const id of ids) {
    const where = `s3://${source.name}/${tenantConfigKey(id)}`;
    const raw = await source.readJson(tenantConfigKey(id));
    const withHash = typeof raw === 'object' && raw !== null && !('tenant_hash' in raw) && hashByTenant.has(id) ? { ...raw, tenant_hash: hashByTenant.get(id) } : raw;
    const ok = await putOne(where, validateTenantConfig(withHash), target, options, io);
    if (!ok) failed += 1;
  }
  io.out(`${options.dryRun ? 'dry run: ' : ''}${ids.length - failed}/${ids.length} tenant(s) ${options.dryRun ? 'would be' : ''} migrated from s3://${source.name} to s3://${target.name}`.replace('  ', ' '));
  return failed === 0;
}

/** Runs one parsed command; returns the process exit code. */
export async function runCommand(args: CliArgs, buckets: Buckets | null, io: Io): Promise<number> {
  if (args.command === 'validate') {
    const result = parseTenantConfig(await io.readFile(args.file));
    report(args.file, result, io);
    if (result.ok) io.out(`${args.file}: valid (tenant ${result.config.tenant_id}, tenant_hash ${result.config.tenant_hash})`);
    return result.ok ? EXIT.ok : EXIT.failed;
  }
  if (!buckets) throw new Error(`${args.command} needs a config bucket`);
  const bucket = buckets.target;
  switch (args.command) {
    case 'put':
      return (await putOne(args.file, parseTenantConfig(await io.readFile(args.file)), bucket, args, io)) ? EXIT.ok : EXIT.failed;
    case 'list': {
      const rows = await listTenants(bucket);
      if (args.json) io.out(JSON.stringify(rows));
      else for (const line of rows.length ? table(rows) : [`no tenants in s3://${bucket.name}`]) io.out(line);
      return EXIT.ok;
    }
    case 'show': {
      if (!new RegExp(TENANT_ID_PATTERN).test(args.tenantId)) {
        io.err(`${JSON.stringify(args.tenantId)} is not a tenant_id (${TENANT_ID_PATTERN})`);
        return EXIT.failed;
      }
      const config = await bucket.readJson(tenantConfigKey(args.tenantId));
      if (config === null) {
        io.err(`no tenant ${args.tenantId} in s3://${bucket.name}`);
        return EXIT.failed;
      }
      const hash = (config as Partial<TenantConfig>).tenant_hash;
      const mapping = typeof hash === 'string' ? await bucket.readJson(mappingKey(hash)) : null;
      const mapped = (mapping as { tenant_id?: string } | null)?.tenant_id === args.tenantId;
      if (args.json) io.out(JSON.stringify({ config, mapping, mapped }));
      else {
        io.out(JSON.stringify(config, null, 2));
        io.out(mapped ? `mapping ${mappingKey(String(hash))} → ${args.tenantId}` : `WARNING: ${mappingKey(String(hash))} does not name ${args.tenantId}: its events are quarantined (re-run put)`);
      }
      return EXIT.ok;
    }
    case 'migrate':
      return (await migrate(buckets.open(args.fromBucket), bucket, args, io)) ? EXIT.ok : EXIT.failed;
  }
}
