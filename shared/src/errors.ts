/**
 * The error hierarchy every service shares. The class says what the caller should do:
 * `ValidationError` never succeeds on retry, `TransientError` may.
 */
export class PicassoError extends Error {
  override name = 'PicassoError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Input that can never be accepted as it is: quarantine it or answer 4xx. */
export class ValidationError extends PicassoError {
  override name = 'ValidationError';
}

/** A dependency failed in a way that retrying may fix (throttling, 5xx, network). */
export class TransientError extends PicassoError {
  override name = 'TransientError';
}

/** The function is misconfigured; it cannot start. */
export class ConfigError extends PicassoError {
  override name = 'ConfigError';
}

/** A tenant hash with no mapping: permanent for the record that carries it. */
export class UnknownTenantError extends ValidationError {
  override name = 'UnknownTenantError';
}

/** Missing, malformed, expired, wrongly signed or revoked token: 401. The message is safe to return. */
export class AuthenticationError extends PicassoError {
  override name = 'AuthenticationError';
}

/** A valid token that may not read this (another tenant, missing scope): 403. */
export class ForbiddenError extends PicassoError {
  override name = 'ForbiddenError';
}

/** Narrows an unknown thrown value to an Error without losing what was thrown. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new PicassoError(String(thrown), { cause: thrown });
}
