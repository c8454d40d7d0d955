import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { assertBuilt, LocalDayGuard } from './golden-system';

describe('the golden API test before the bundles are built', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'golden-built-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const touch = (path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
  };

  it('fails naming every missing bundle and telling to run make build', () => {
    // Prepare: only the processor is built.
    touch('dist/analytics-event-processor/index.mjs');

    // Act + Assess
    expect(() => assertBuilt(root)).toThrow(
      'dist/analytics-aggregator/index.mjs, dist/analytics-dashboard-api/index.mjs, dist/master-function/index.mjs, dist/bedrock-streaming-handler/index.mjs, dist/analytics-function/index.mjs, services/analytics-dashboard/dist/index.html are missing: run `make build`',
    );
  });

  it('passes once every bundle and the dashboard build exist', () => {
    for (const p of [
      'dist/analytics-event-processor/index.mjs',
      'dist/analytics-aggregator/index.mjs',
      'dist/analytics-dashboard-api/index.mjs',
      'dist/master-function/index.mjs',
      'dist/bedrock-streaming-handler/index.mjs',
      'dist/analytics-function/index.mjs',
      'services/analytics-dashboard/dist/index.html',
    ])
      touch(p);
    expect(() => assertBuilt(root)).not.toThrow();
  });
});

describe("the golden API test's local-midnight guard", () => {
  it("voids the comparison, naming the tenants' days, once a tenant's local date is not the one the test started on", () => {
    const started = new Date(Date.now() - 2 * 86_400_000);
    expect(() => new LocalDayGuard(DEMO_TENANTS, started).assertUnchanged()).toThrow(/local midnight passed during the golden test \(local days at start: FOS402334 \d{4}-\d{2}-\d{2} \(America\/Chicago\).*; now: .*run it again/);
  });

  it('lets the comparison stand while every tenant is still on its starting day', () => {
    expect(() => new LocalDayGuard(DEMO_TENANTS, new Date()).assertUnchanged()).not.toThrow();
  });
});
