import { PicassoError } from '@picasso/shared';

export { AuthenticationError, ForbiddenError } from '@picasso/shared';

/**
 * Errors an HTTP caller is told about. `ValidationError` (shared) is the 400; these are the
 * other statuses the error-mapping middleware knows. Anything else is a 500 with a generic message.
 */

/** No route with this path: 404. */
export class RouteNotFoundError extends PicassoError {
  override name = 'RouteNotFoundError';
}

/** The path exists but not with this method: 405 with `Allow`. */
export class MethodNotAllowedError extends PicassoError {
  override name = 'MethodNotAllowedError';
  constructor(
    message: string,
    readonly allow: string[],
  ) {
    super(message);
  }
}

/**
 * A bounded resource is in use (the tenant's cold-path query slots): 429 with `Retry-After`
 * (RFC 6585 §4).
 */
export class TooManyRequestsError extends PicassoError {
  override name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
