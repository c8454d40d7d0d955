/** A refusal with its HTTP status and a machine-readable reason; the message is safe to return. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
