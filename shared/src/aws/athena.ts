import { AthenaClient } from '@aws-sdk/client-athena';
import { baseClientConfig, perColdStart, type Env } from './client-config';

/** An Athena client for `env` (the local Athena emulator via `AWS_ENDPOINT_URL_ATHENA`). */
export function createAthenaClient(env: Env = process.env): AthenaClient {
  return new AthenaClient(baseClientConfig('ATHENA', env));
}

/** The handler's Athena client, one per cold start. */
export const athenaClient = perColdStart(() => createAthenaClient());
