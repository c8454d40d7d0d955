/**
 * Bearer-token authentication shared by every HTTP entry (dashboard API, master function,
 * streaming handler): one `jose` verifier, one blacklist key, one signing-secret loader.
 * Import it as `@picasso/shared/auth`.
 */
export * from './token-verifier';
export * from './token-blacklist';
export * from './signing-secret';
export * from './authenticate';
export * from './dev-token';
export * from './chat-token';
