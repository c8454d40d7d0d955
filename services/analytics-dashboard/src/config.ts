/**
 * Where the dashboard API lives. In order: a `<meta name="picasso-api-base-url">` injected by the
 * server that serves the built site (`scripts/serve.ts`, so one build works against any port),
 * the build-time `VITE_API_BASE_URL`, then the `make dev` default.
 */
export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:3001';

export function resolveApiBaseUrl(doc: Document = document): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="picasso-api-base-url"]')?.content.trim();
  if (meta) return meta;
  // `import.meta.env` exists under Vite only (not under jest), hence the optional chaining.
  const built = (import.meta as { env?: Record<string, string | undefined> }).env?.VITE_API_BASE_URL;
  return built || DEFAULT_API_BASE_URL;
}
