/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles. Lambda always hands the
 * function's role credentials over in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN` (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * so the SDK's full chain (SSO, INI files, STS web identity, IMDS, with the nested clients they
 * need) is dead weight there: about 80 KB of every bundle. The local stack sets the same variables.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
