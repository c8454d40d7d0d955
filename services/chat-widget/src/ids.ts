/**
 * A random id of [A-Za-z0-9_-] (what event ids and submission ids accept). `crypto.randomUUID`
 * needs a secure context, which a tenant page served over plain HTTP is not; `getRandomValues` does not.
 */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
