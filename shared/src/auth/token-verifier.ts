import { errors as joseErrors, jwtVerify } from 'jose';
import { AuthenticationError } from '../errors';
import type { SigningSecret } from './signing-secret';

/** Scopes this API knows. */
export const SCOPES = { analyticsRead: 'analytics:read', piiRead: 'pii:read' } as const;

/** Who is calling, as the verified token says. */
export interface Principal {
  /** Internal tenant id (keys of every table). */
  tenantId: string;
  /** Public tenant id. */
  tenantHash: string;
  subject: string;
  scopes: ReadonlySet<string>;
  tokenId: string | undefined;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Port: turns a bearer token into a principal or throws `AuthenticationError`. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface JoseVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  now?: () => Date;
}

/** The one algorithm accepted: pinning it refuses `alg: none` and algorithm-confusion tokens. */
const ALGORITHMS = ['HS256'];

function reasonOf(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim ${error.claim} is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  return 'token is malformed';
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Verifies HS256 JWTs with `jose`: signature, `exp`, `iss`, `aud`, and this API's claims. */
export class JoseTokenVerifier implements TokenVerifier {
  constructor(
    private readonly secret: SigningSecret,
    private readonly options: JoseVerifierOptions,
  ) {}

  async verify(token: string): Promise<Principal> {
    const key = await this.secret.key();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw new AuthenticationError(reasonOf(error), { cause: error });
      throw error;
    }
    const { tenant_id: tenantId, tenant_hash: tenantHash, scope, sub, jti, exp } = payload as Record<string, unknown>;
    if (!nonEmptyString(tenantId) || !nonEmptyString(tenantHash)) throw new AuthenticationError('token has no tenant_id and tenant_hash claims');
    if (scope !== undefined && typeof scope !== 'string') throw new AuthenticationError('token claim scope must be a space-separated string');
    return {
      tenantId,
      tenantHash,
      subject: sub as string,
      scopes: new Set((scope ?? '').split(' ').filter(Boolean)),
      tokenId: nonEmptyString(jti) ? jti : undefined,
      expiresAt: exp as number,
    };
  }
}
