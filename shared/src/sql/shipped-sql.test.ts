import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ShippedStatement } from './rollup-queries';

/**
 * Every `*_SQL` constant under shared/src/sql has a `SHIPPED_SQL` entry, and no raw `.sql` file
 * exists, so the DuckDB test (tools/local-stack/test/shared-duckdb-engine.test.ts), which runs
 * every `SHIPPED_SQL` entry, leaves nothing that ships untested.
 */
describe('shipped SQL', () => {
  it.each(readdirSync(import.meta.dirname).filter((f) => !f.endsWith('.test.ts')))('%s ships every statement through SHIPPED_SQL', async (file) => {
    expect(file.endsWith('.sql')).toBe(false);
    const mod = (await import(join(import.meta.dirname, file))) as Record<string, unknown>;
    const covered = new Set(Object.values((mod.SHIPPED_SQL ?? {}) as Record<string, ShippedStatement>).map((s) => s.source));
    const constants = Object.keys(mod).filter((k) => k.endsWith('_SQL') && typeof mod[k] === 'string');
    expect(constants.filter((c) => !covered.has(c))).toEqual([]);
  });
});
