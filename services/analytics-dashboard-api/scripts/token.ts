/**
 * `make token TENANT=<tenant_hash> [PII=1]`: prints a development JWT for the local dashboard
 * API, and nothing else, on stdout (so `$(make -s token TENANT=…)` works in a shell).
 *
 *   tsx services/analytics-dashboard-api/scripts/token.ts --tenant fo85e6a06dcdf4 [--pii]
 *
 * The tenant_id comes from the local config bucket's mapping (the running `make dev` stack),
 * or from the demo tenants when the stack is not running. Signed with `JWT_SECRET` (default: the
 * local development secret `make dev` also uses), valid 12 h.
 */
import { parseArgs } from 'node:util';
import { createS3Client, resourceNames, S3TenantDirectory, type TenantMapping } from '@picasso/shared';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { LOCAL_DEV_AUTH, signDashboardToken } from '@picasso/shared/auth';

const { values } = parseArgs({ options: { tenant: { type: 'string' }, pii: { type: 'boolean', default: false }, subject: { type: 'string' } } });
const tenantHash = values.tenant ?? '';
if (!tenantHash) {
  console.error(`usage: make token TENANT=<tenant_hash> [PII=1]   (demo tenants: ${DEMO_TENANTS.map((t) => t.tenant_hash).join(', ')})`);
  process.exit(2);
}

async function findMapping(hash: string): Promise<TenantMapping | null> {
  // make dev's fauxqs unless the environment points elsewhere (the SDK reads credentials from process.env).
  for (const [k, v] of Object.entries({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566', AWS_S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' })) process.env[k] ??= v;
  const bucket = resourceNames(process.env.PICASSO_ENV ?? 'local').configBucket;
  try {
    return await new S3TenantDirectory(createS3Client(), bucket).findMapping(hash);
  } catch {
    // The stack is not running: the demo tenants are what make dev would have seeded.
    return DEMO_TENANTS.find((t) => t.tenant_hash === hash) ?? null;
  }
}

const mapping = await findMapping(tenantHash);
if (!mapping) {
  console.error(`unknown tenant_hash ${tenantHash} (demo tenants: ${DEMO_TENANTS.map((t) => t.tenant_hash).join(', ')})`);
  process.exit(1);
}
process.stdout.write(
  (await signDashboardToken({
    tenantId: mapping.tenant_id,
    tenantHash: mapping.tenant_hash,
    pii: values.pii,
    ...(values.subject ? { subject: values.subject } : {}),
    secret: process.env.JWT_SECRET || LOCAL_DEV_AUTH.secret,
    issuer: process.env.JWT_ISSUER || LOCAL_DEV_AUTH.issuer,
    audience: process.env.JWT_AUDIENCE || LOCAL_DEV_AUTH.audience,
  })) + '\n',
);
