import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBundle } from '../src/system';

describe('importBundle (how make dev cold-starts each Lambda bundle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-bundle-'));
  // A bundle that, like ours, reads its configuration at import.
  const bundle = join(dir, 'index.mjs');
  writeFileSync(bundle, 'const seen = { endpoint: process.env.AWS_ENDPOINT_URL_ATHENA, table: process.env.SEAMS_TEST_TABLE };\nexport const handler = () => seen;\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the bundle its variables at import and leaves none behind for the next bundle', async () => {
    // Prepare
    process.env.SEAMS_TEST_TABLE = 'before';
    delete process.env.AWS_ENDPOINT_URL_ATHENA;

    // Act
    const handler = await importBundle<() => Record<string, string | undefined>>(bundle, { AWS_ENDPOINT_URL_ATHENA: 'http://127.0.0.1:1', SEAMS_TEST_TABLE: 'mine' });

    // Assess
    expect(handler()).toEqual({ endpoint: 'http://127.0.0.1:1', table: 'mine' });
    expect(process.env.AWS_ENDPOINT_URL_ATHENA).toBeUndefined();
    expect(process.env.SEAMS_TEST_TABLE).toBe('before');
    delete process.env.SEAMS_TEST_TABLE;
  });
});
