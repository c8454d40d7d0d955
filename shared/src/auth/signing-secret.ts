import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError, TransientError } from '../errors';

/** Port: the HS256 key tokens are verified (and, locally, signed) with. */
export interface SigningSecret {
  key(): Promise<Uint8Array>;
}

/**
 * RFC 7518 §3.2: an HMAC key must be at least as long as the hash output (256 bits for HS256).
 * A shorter key is a configuration error, caught at cold start rather than at the first request.
 */
export const MIN_SECRET_BYTES = 32;

function toKey(secret: string, source: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) throw new ConfigError(`${source} must be at least ${MIN_SECRET_BYTES} bytes (HS256, RFC 7518 §3.2)`);
  return key;
}

/** A secret given in the environment (`JWT_SECRET`): local development. */
export class StaticSigningSecret implements SigningSecret {
  private readonly value: Uint8Array;
  constructor(secret: string, source = 'JWT_SECRET') {
    this.value = toKey(secret, source);
  }
  key(): Promise<Uint8Array> {
    return Promise.resolve(this.value);
  }
}

/**
 * The secret as an SSM Parameter Store SecureString, read once per execution environment and
 * kept; a failed read is not cached, so the next request tries again.
 */
export class SsmSigningSecret implements SigningSecret {
  private pending: Promise<Uint8Array> | undefined;

  constructor(
    private readonly ssm: Pick<SSMClient, 'send'>,
    private readonly parameterName: string,
  ) {}

  key(): Promise<Uint8Array> {
    this.pending ??= this.read().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  private async read(): Promise<Uint8Array> {
    let value: string | undefined;
    try {
      const res = await this.ssm.send(new GetParameterCommand({ Name: this.parameterName, WithDecryption: true }));
      value = res.Parameter?.Value;
    } catch (error) {
      throw new TransientError(`could not read the signing secret parameter ${this.parameterName}`, { cause: error });
    }
    if (!value) throw new ConfigError(`SSM parameter ${this.parameterName} has no value`);
    return toKey(value, `SSM parameter ${this.parameterName}`);
  }
}

/**
 * Chooses the adapter by which variable is set: `JWT_SECRET_PARAMETER` (AWS) or `JWT_SECRET`
 * (local). Both or neither is a configuration error naming them.
 */
export function signingSecretFromConfig(
  config: { JWT_SECRET_PARAMETER: string; JWT_SECRET: string },
  ssm: () => Pick<SSMClient, 'send'>,
): SigningSecret {
  const parameter = config.JWT_SECRET_PARAMETER;
  const secret = config.JWT_SECRET;
  if (parameter && secret) throw new ConfigError('set only one of JWT_SECRET_PARAMETER (AWS) and JWT_SECRET (local development)');
  if (parameter) return new SsmSigningSecret(ssm(), parameter);
  if (secret) return new StaticSigningSecret(secret);
  throw new ConfigError('configuration error: missing environment variable JWT_SECRET_PARAMETER (or JWT_SECRET for local development)');
}
