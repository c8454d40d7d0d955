import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { mappingKey, S3TenantDirectory, tenantConfigKey, TenantResolver, UnknownTenantError, validateTenantConfig, type TenantConfig } from '@picasso/shared';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { parseCliArgs, type CliArgs } from '../src/args';
import { runCommand } from '../src/commands';
import { S3ConfigBucket } from '../src/config-bucket';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');

const newTenant = (overrides: Partial<TenantConfig> = {}): TenantConfig => ({
  tenant_id: 'NEW100001',
  tenant_hash: `ne${randomBytes(6).toString('hex')}`,
  name: 'Northside Youth Choir',
  timezone: 'America/Denver',
  business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
  forms: [{ form_id: 'contact_form', title: 'Contact Us', fields: ['name', 'email', 'message'] }],
  ...overrides,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenant-admin-'));
});

async function fileOf(config: unknown): Promise<string> {
  const path = join(dir, `${randomBytes(4).toString('hex')}.json`);
  await writeFile(path, JSON.stringify(config));
  return path;
}

/** Runs one command in-process against the test environment's config bucket; captures output. */
async function run(env: TestEnvironment, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const args = parseCliArgs([...argv, '--env', env.names.environment]) as CliArgs;
  const code = await runCommand(args, { target: new S3ConfigBucket(env.s3, env.names.configBucket), open: (name) => new S3ConfigBucket(env.s3, name) }, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readFile: (p) => readFile(p, 'utf8'),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every object of the config bucket with its body: what "wrote nothing" is checked against. */
async function snapshot(env: TestEnvironment): Promise<Record<string, unknown>> {
  const bucket = new S3ConfigBucket(env.s3, env.names.configBucket);
  const keys = await bucket.listKeys('');
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await bucket.readJson(k)] as const)));
}

describe('tenant onboarding against the local stack', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('ta');
  });

  it('puts a new tenant that list and show then report, and that the processor resolver resolves', async () => {
    // Prepare: a resolver that has already seen the hash as unknown (as a live processor would)
    const tenant = newTenant();
    const resolver = new TenantResolver(new S3TenantDirectory(env.s3, env.names.configBucket), { negativeTtlMs: 0 });
    await expect(resolver.resolveTenant(tenant.tenant_hash)).rejects.toBeInstanceOf(UnknownTenantError);

    // Act
    const put = await run(env, ['put', await fileOf(tenant)]);
    const list = await run(env, ['list', '--json']);
    const show = await run(env, ['show', tenant.tenant_id, '--json']);

    // Assess: written in the layout the services read …
    expect(put).toMatchObject({ code: 0, err: '' });
    expect(put.out).toContain(`create s3://${env.names.configBucket}/${tenantConfigKey(tenant.tenant_id)}`);
    expect(put.out).toContain(`create s3://${env.names.configBucket}/${mappingKey(tenant.tenant_hash)}`);
    expect(JSON.parse(list.out)).toContainEqual({ tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash, name: tenant.name, timezone: 'America/Denver', forms: 1, mapped: true });
    expect(JSON.parse(list.out).map((r: { tenant_id: string }) => r.tenant_id)).toEqual(expect.arrayContaining(DEMO_TENANTS.map((t) => t.tenant_id)));
    expect(JSON.parse(show.out)).toEqual({ config: tenant, mapping: { tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash }, mapped: true });
    // … and the processor's resolver now attributes the hash to the tenant.
    await expect(resolver.resolveTenant(tenant.tenant_hash)).resolves.toBe(tenant.tenant_id);
  });

  it('updates a tenant field by field, and a second identical put changes nothing', async () => {
    // Prepare
    const tenant = newTenant({ tenant_id: 'UPD100002' });
    await run(env, ['put', await fileOf(tenant)]);

    // Act
    const updated = await run(env, ['put', await fileOf({ ...tenant, timezone: 'Europe/Paris' })]);
    const again = await run(env, ['put', await fileOf({ ...tenant, timezone: 'Europe/Paris' })]);

    // Assess
    expect(updated.code).toBe(0);
    expect(updated.out).toContain('  - /timezone: "America/Denver"\n  + /timezone: "Europe/Paris"');
    expect(updated.out).toContain(`unchanged s3://${env.names.configBucket}/${mappingKey(tenant.tenant_hash)}`);
    expect(again.out).not.toMatch(/^(create|update) /m);
    expect((await snapshot(env))[tenantConfigKey(tenant.tenant_id)]).toMatchObject({ timezone: 'Europe/Paris' });
  });

  it('refuses a tenant_hash that already maps to another tenant, and writes nothing', async () => {
    // Prepare: the hash of a demo tenant, reused by a new one
    const taken = DEMO_TENANTS[0]!;
    const before = await snapshot(env);

    // Act
    const result = await run(env, ['put', await fileOf(newTenant({ tenant_id: 'COL100003', tenant_hash: taken.tenant_hash }))]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain(`refused: tenant_hash ${taken.tenant_hash} already maps to tenant ${taken.tenant_id}`);
    expect(await snapshot(env)).toEqual(before);
  });

  it('refuses to change an existing tenant_hash without --force, and with --force re-keys and drops the old mapping', async () => {
    // Prepare
    const tenant = newTenant({ tenant_id: 'KEY100004' });
    await run(env, ['put', await fileOf(tenant)]);
    const rekeyed = { ...tenant, tenant_hash: `ke${randomBytes(6).toString('hex')}` };
    const file = await fileOf(rekeyed);
    const before = await snapshot(env);

    // Act
    const refused = await run(env, ['put', file]);
    const afterRefusal = await snapshot(env);
    const forced = await run(env, ['put', file, '--force']);

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`tenant KEY100004 has tenant_hash ${tenant.tenant_hash}; this changes it to ${rekeyed.tenant_hash}`);
    expect(refused.err).toContain('pass --force');
    expect(afterRefusal).toEqual(before);
    expect(forced.code).toBe(0);
    expect(forced.err).toMatch(/^WARNING: .*\(--force\): events carrying/);
    const after = await snapshot(env);
    expect(after[mappingKey(rekeyed.tenant_hash)]).toEqual({ tenant_id: 'KEY100004', tenant_hash: rekeyed.tenant_hash });
    expect(after[mappingKey(tenant.tenant_hash)]).toBeUndefined();
  });

  it('a dry run prints what would be written and writes nothing', async () => {
    // Prepare
    const tenant = newTenant({ tenant_id: 'DRY100005' });
    const before = await snapshot(env);

    // Act
    const result = await run(env, ['put', await fileOf(tenant), '--dry-run']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain(`would create s3://${env.names.configBucket}/${tenantConfigKey('DRY100005')}`);
    expect(result.out).toContain(`  +   "tenant_hash": "${tenant.tenant_hash}"`);
    expect(result.out).toContain('dry run: nothing written');
    expect(await snapshot(env)).toEqual(before);
  });

  it('an invalid config is refused with every problem named, and nothing is written', async () => {
    // Prepare
    const before = await snapshot(env);
    const file = await fileOf({ ...newTenant({ tenant_id: 'BAD100006' }), timezone: 'Mars/Olympus', business_hours: { start: '17:00', end: '09:00', days: [1] } });

    // Act
    const put = await run(env, ['put', file]);
    const validate = await run(env, ['validate', file]);

    // Assess
    for (const r of [put, validate]) {
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${file}: /timezone: "Mars/Olympus" is not an IANA time zone`);
      expect(r.err).toContain(`${file}: /business_hours: start 17:00 must be before end 09:00`);
    }
    expect(await snapshot(env)).toEqual(before);
  });

  it('migrates a seed-layout bucket, taking a missing tenant_hash from the seed mapping and skipping invalid configs', async () => {
    // Prepare: a bucket laid out like the seed's myrecruiter-picasso
    const seed = new S3ConfigBucket(env.s3, `seed-${randomBytes(4).toString('hex')}`);
    await env.s3.send(new CreateBucketCommand({ Bucket: seed.name }));
    const good = newTenant({ tenant_id: 'MIG100007' });
    const { tenant_hash: goodHash, ...withoutHash } = good;
    await seed.writeJson(tenantConfigKey(good.tenant_id), { ...withoutHash, branding: { primary_color: '#123456' } });
    await seed.writeJson(mappingKey(goodHash), { tenant_id: good.tenant_id, tenant_hash: goodHash });
    await seed.writeJson(tenantConfigKey('MIG100008'), { ...newTenant({ tenant_id: 'MIG100008' }), timezone: 'Nowhere' });

    // Act
    const dry = await run(env, ['migrate', '--from-bucket', seed.name, '--dry-run']);
    const afterDry = await snapshot(env);
    const real = await run(env, ['migrate', '--from-bucket', seed.name]);

    // Assess
    expect(dry.out).toContain(`dry run: 1/2 tenant(s) would be migrated from s3://${seed.name}`);
    expect(afterDry[tenantConfigKey('MIG100007')]).toBeUndefined();
    expect(real.code).toBe(1);
    expect(real.err).toContain(`s3://${seed.name}/${tenantConfigKey('MIG100008')}: /timezone: "Nowhere" is not an IANA time zone`);
    expect(real.err).toContain('warning /branding: not read by analytics');
    const after = await snapshot(env);
    expect(after[tenantConfigKey('MIG100007')]).toMatchObject({ tenant_hash: goodHash, branding: { primary_color: '#123456' } });
    expect(after[mappingKey(goodHash)]).toEqual({ tenant_id: 'MIG100007', tenant_hash: goodHash });
    expect(after[tenantConfigKey('MIG100008')]).toBeUndefined();
  });

  it('show names a tenant that is not there and refuses what cannot be a tenant_id', async () => {
    // Act
    const missing = await run(env, ['show', 'NOPE00000']);
    const malformed = await run(env, ['show', '../mappings/x']);

    // Assess
    expect(missing).toMatchObject({ code: 1, err: `no tenant NOPE00000 in s3://${env.names.configBucket}` });
    expect(malformed).toMatchObject({ code: 1, err: expect.stringContaining('"../mappings/x" is not a tenant_id') });
  });

  it('the command line lists tenants as a table (the real CLI, in a child process)', async () => {
    // Act
    const result = await new Promise<{ code: number; out: string; err: string }>((resolve, reject) => {
      const child = spawn('tsx', [CLI, 'list', '--env', env.names.environment], { env: { ...process.env, NODE_OPTIONS: '--no-warnings' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    });

    // Assess
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^TENANT_ID\s+TENANT_HASH\s+NAME\s+TIMEZONE\s+FORMS\s+MAPPED$/m);
    expect(result.out).toMatch(new RegExp(`^FOS402334\\s+${DEMO_TENANTS[0]!.tenant_hash}\\s+Foster Village Austin\\s+America/Chicago\\s+3\\s+yes$`, 'm'));
  });
});

describe('the local stack demo tenants', () => {
  it('satisfy the shared tenant-config schema', () => {
    for (const tenant of DEMO_TENANTS) expect(validateTenantConfig(tenant)).toMatchObject({ ok: true, warnings: [] });
  });
});
