/**
 * The seams between workspaces (docs/architecture.md, "Package boundaries"): the lint rule that
 * keeps them closed fires, and every workspace declares the workspaces it imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..');
const workspaces = ['shared', ...['services', 'tools'].flatMap((g) => readdirSync(join(root, g)).map((d) => `${g}/${d}`))];
const packageOf = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const workspaceNames = new Set(workspaces.map((w) => packageOf(w).name));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('package boundaries', () => {
  const eslint = new ESLint({ cwd: root });

  it.each([
    ['../../../../tools/local-stack/src/stack', 'services/analytics-dashboard/src/api/x.ts'],
    ['../../analytics-event-processor/src/ports', 'services/analytics-aggregator/test/x.ts'],
    ['../../local-stack/src/sqs-poller', 'tools/dlq-redrive/test/x.ts'],
    ['@picasso/local-stack/src/demo-tenants', 'services/analytics-dashboard-api/scripts/x.ts'],
    ['analytics-aggregator/test/golden-metrics', 'tools/dev/test/x.ts'],
  ])('lint rejects %s imported from %s', async (specifier, filePath) => {
    const [result] = await eslint.lintText(`import { a } from '${specifier}';\nexport const b = a;\n`, { filePath: join(root, filePath) });
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it('lint accepts an import through a package’s exports and a relative import inside the workspace', async () => {
    const [result] = await eslint.lintText("import { a } from '@picasso/shared/metrics';\nimport { b } from '../src/c';\nexport const d = [a, b];\n", {
      filePath: join(root, 'services/analytics-aggregator/test/x.ts'),
    });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  it.each(workspaces)('%s declares every workspace it imports', (workspace) => {
    const pkg = packageOf(workspace);
    const declared = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
    const undeclared = new Set<string>();
    for (const file of sourceFiles(join(root, workspace))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
        if (workspaceNames.has(name) && !declared.has(name)) undeclared.add(`${name} (${relative(root, file)})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });
});
