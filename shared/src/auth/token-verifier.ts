import { errors as joseErrors, jwtVerify } from 'jose';
import { AuthenticationError } from '../errors';
import type { SigningSecret } from './signing-secret';

/** Scopes the HTTP entries know: the dashboard's read scopes and the chat widget's session scope. */
export const SCOPES = { analyticsRead: 'analytics:read', piiRead: 'pii:read', chat: 'chat' } as const;

/** The `typ` header every token must carry (RFC 7519 §5.1): tells a JWT from other JWS objects signed with the same key. */
export const TOKEN_TYPE = 'JWT';

/**
 * Default oldest `iat` accepted: the dashboard token lifetime (12 h, `signDashboardToken`). A token
 * minted with a longer `exp` (a leaked signer, a mistake) is still refused once it is this old.
 */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 12 * 3600;

/** Who is calling, as the verified token says. */
export interface Principal {
  /** Internal tenant id (keys of every table). */
  tenantId: string;
  /** Public tenant id. */
  tenantHash: string;
  /** `sub`; empty when the token type does not require one (chat session tokens). */
  subject: string;
  scopes: ReadonlySet<string>;
  tokenId: string | undefined;
  /** `session_id` of a chat session token. */
  sessionId: string | undefined;
  /** Epoch seconds. */
  issuedAt: number;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Port: turns a bearer token into a principal or throws `AuthenticationError`. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface JoseVerifierOptions {
  issuer: string;
  /** The `aud` this entry accepts (the dashboard API's, or the chat path's). */
  audience: string;
  /** Leeway on `exp`/`nbf`/`iat` for clock skew. */
  clockToleranceSeconds: number;
  /** Oldest `iat` accepted, in seconds (default `DEFAULT_MAX_TOKEN_AGE_SECONDS`). */
  maxTokenAgeSeconds?: number;
  /** A scope every accepted token must hold (e.g. `chat` on the chat path); route scopes are checked by `requireScope`. */
  requiredScope?: string;
  /** Claims that must be present besides `exp` and `iat` (default `['sub']`; chat: `['jti', 'session_id']`). */
  requiredClaims?: readonly string[];
  now?: () => Date;
}

/** The one algorithm accepted: pinning it refuses `alg: none` and algorithm-confusion tokens. */
const ALGORITHMS = ['HS256'];

function reasonOf(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return error.claim === 'iat' ? 'token is older than the maximum token age' : 'token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim ${error.claim} is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  return 'token is malformed';
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Verifies HS256 JWTs with `jose`: signature, `typ: JWT`, `exp`, `iat` (required, and no older
 * than the maximum token age), `iss`, `aud`, and the tenant claims every Picasso token carries.
 * The audience, a required scope and extra required claims are options, so the dashboard API and
 * the chat path (scope `chat`, `session_id`) verify with the same code.
 */
export class JoseTokenVerifier implements TokenVerifier {
  private readonly requiredClaims: string[];

  constructor(
    private readonly secret: SigningSecret,
    private readonly options: JoseVerifierOptions,
  ) {
    this.requiredClaims = ['exp', 'iat', ...(options.requiredClaims ?? ['sub'])];
  }

  async verify(token: string): Promise<Principal> {
    const key = await this.secret.key();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ALGORITHMS,
        typ: TOKEN_TYPE,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds,
        maxTokenAge: this.options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS,
        requiredClaims: this.requiredClaims,
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw new AuthenticationError(reasonOf(error), { cause: error });
      throw error;
    }
    const { tenant_id: tenantId, tenant_hash: tenantHash, scope, sub, jti, session_id: sessionId, iat, exp } = payload as Record<string, unknown>;
    if (!nonEmptyString(tenantId) || !nonEmptyString(tenantHash)) throw new AuthenticationError('token has no tenant_id and tenant_hash claims');
    if (scope !== undefined && typeof scope !== 'string') throw new AuthenticationError('token claim scope must be a space-separated string');
    for (const claim of this.requiredClaims) {
      // jose checks presence only; an empty string is no better than a missing claim.
      if (claim !== 'exp' && claim !== 'iat' && !nonEmptyString((payload as Record<string, unknown>)[claim])) throw new AuthenticationError(`token claim ${claim} is not accepted`);
    }
    const scopes = new Set((scope ?? '').split(' ').filter(Boolean));
    if (this.options.requiredScope && !scopes.has(this.options.requiredScope)) throw new AuthenticationError(`token lacks the ${this.options.requiredScope} scope`);
    return {
      tenantId,
      tenantHash,
      subject: nonEmptyString(sub) ? sub : '',
      scopes,
      tokenId: nonEmptyString(jti) ? jti : undefined,
      sessionId: nonEmptyString(sessionId) ? sessionId : undefined,
      issuedAt: iat as number,
      expiresAt: exp as number,
    };
  }
}
