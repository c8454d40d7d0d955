import { SSMClient } from '@aws-sdk/client-ssm';
import { baseClientConfig, perColdStart, type Env } from './client-config';

/** An SSM client for `env`. */
export function createSsmClient(env: Env = process.env): SSMClient {
  return new SSMClient(baseClientConfig('SSM', env));
}

/** The handler's SSM client, one per cold start. */
export const ssmClient = perColdStart(() => createSsmClient());
