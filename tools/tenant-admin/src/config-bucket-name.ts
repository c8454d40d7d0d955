import { resourceNames } from '@picasso/shared';
import { UsageError, type Target } from './args';

/**
 * The config bucket of a target. `local` (and a test's own environment) has no account scope, as
 * the local stack provisions it; an AWS environment's bucket carries `-<account>-<region>`
 * (`resourceNames`), so it needs the account id: `@aws-sdk/client-sts` is not a dependency yet,
 * so it comes from `--account-id` (`aws sts get-caller-identity --query Account --output text`).
 */
export function configBucketName(target: Target): string {
  if (target.bucket) return target.bucket;
  if (target.env === 'staging' || target.env === 'production') {
    if (!target.accountId || !target.region) {
      throw new UsageError(`--env ${target.env} needs --account-id and a region (--region or AWS_REGION), or an explicit --bucket`);
    }
    return resourceNames(target.env, { accountId: target.accountId, region: target.region }).configBucket;
  }
  return resourceNames(target.env).configBucket;
}
