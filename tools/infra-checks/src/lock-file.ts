import { compareVersions, type LaterArgument } from './provider-schema';
import { isObject, type HclObject } from './terraform-config';

/**
 * Problems of the committed `.terraform.lock.hcl` for the AWS provider: it must lock one exact
 * version inside the root module's `>= min, < max` constraint and at least every later
 * argument's release; its hashes may be empty (no terraform binary here to compute them:
 * `terraform providers lock` adds them) but each present one must be an `h1:` or `zh:` checksum.
 */
export function lockFileProblems(lock: HclObject, rootConstraint: string, later: LaterArgument[]): string[] {
  const out: string[] = [];
  const providers = isObject(lock.provider) ? lock.provider : {};
  const entry = providers['registry.terraform.io/hashicorp/aws'];
  const body = Array.isArray(entry) && isObject(entry[0]) ? entry[0] : undefined;
  if (!body) return ['.terraform.lock.hcl locks no registry.terraform.io/hashicorp/aws'];
  const version = String(body.version ?? '');
  if (!/^\d+\.\d+\.\d+$/.test(version)) out.push(`locked version "${version}" is not an exact version`);
  const bounds = /^>= ?(\d+\.\d+(?:\.\d+)?), ?< ?(\d+\.\d+(?:\.\d+)?)$/.exec(rootConstraint);
  if (!bounds) out.push(`the root module's aws constraint "${rootConstraint}" is not ">= min, < max"`);
  else {
    if (compareVersions(version, bounds[1]!) < 0 || compareVersions(version, bounds[2]!) >= 0) out.push(`locked ${version} is outside ${rootConstraint}`);
    for (const l of later) if (compareVersions(bounds[1]!, l.since) < 0) out.push(`${l.type}.${l.path} needs provider ${l.since}, above the root minimum ${bounds[1]}`);
  }
  for (const l of later) if (compareVersions(version, l.since) < 0) out.push(`locked ${version} lacks ${l.type}.${l.path} (since ${l.since})`);
  if (typeof body.constraints !== 'string' || !body.constraints.includes('< 7.0.0')) out.push('the lock records no upper bound in constraints');
  const hashes = Array.isArray(body.hashes) ? body.hashes : [];
  for (const h of hashes) if (typeof h !== 'string' || !/^(h1:[A-Za-z0-9+/=]{44}|zh:[0-9a-f]{64})$/.test(h)) out.push(`hash ${JSON.stringify(h)} is no h1:/zh: checksum`);
  return out;
}
