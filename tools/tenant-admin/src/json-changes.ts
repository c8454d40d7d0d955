/** One leaf that differs between two JSON values, by JSON pointer. */
export interface JsonChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The leaves that differ between `before` and `after` (objects by key; arrays compared whole, as
 * a form's field list is one setting). A config diff reads better as fields than as lines.
 */
export function jsonChanges(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => jsonChanges(before[k], after[k], `${path}/${k}`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '/', ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}

/** `- /path: old` / `+ /path: new` lines, as a reviewer reads a diff. */
export function formatChanges(changes: JsonChange[]): string[] {
  return changes.flatMap((c) => [
    ...(c.before === undefined ? [] : [`  - ${c.path}: ${JSON.stringify(c.before)}`]),
    ...(c.after === undefined ? [] : [`  + ${c.path}: ${JSON.stringify(c.after)}`]),
  ]);
}
