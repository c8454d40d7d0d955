/**
 * Extracts the argument and nested-block names of every AWS resource and data-source type the
 * Terraform under terraform/ uses, from the `@cdktf/provider-aws` package (generated from the
 * provider's own schema), into provider-schema/aws.json. The package is large and not a
 * dependency: pack it outside node_modules and pass the tarball.
 *
 *   (cd /tmp && npm pack @cdktf/provider-aws@21.22.1)
 *   npx tsx tools/infra-checks/scripts/extract-provider-schema.ts /tmp/cdktf-provider-aws-21.22.1.tgz
 *
 * Each type's `lib/<kebab-name>/index.d.ts` declares a `<Type>Config` interface whose properties
 * document their Terraform name (`…#batch_size LambdaEventSourceMapping#batch_size`); a property
 * typed with another interface of the same file is a nested block.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { findFiles } from '../src/terraform-config';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';
import type { BlockSchema, ProviderSchema } from '../src/provider-schema';

const OUTPUT = join(REPO_ROOT, 'tools', 'infra-checks', 'provider-schema', 'aws.json');
/** Properties every cdktf config has that are Terraform meta-arguments, not provider arguments. */
const CDKTF_META = new Set(['connection', 'count', 'dependsOn', 'forEach', 'lifecycle', 'provider', 'provisioners']);

/** `resource "aws_x"` and `data "aws_y"` types of every .tf file under terraform/. */
function usedTypes(): { resources: string[]; data: string[] } {
  const resources = new Set<string>();
  const data = new Set<string>();
  for (const file of findFiles(TERRAFORM_DIR, ['.tf'])) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(resource|data)\s+"(aws_[a-z0-9_]+)"/gm)) (m[1] === 'resource' ? resources : data).add(m[2]!);
  }
  return { resources: [...resources].sort(), data: [...data].sort() };
}

/** The Terraform name a property documents (`#batch_size Foo#batch_size`). */
function terraformName(node: ts.Node, source: ts.SourceFile): string | undefined {
  const text = source.getFullText().slice(node.getFullStart(), node.getStart(source));
  return /#([a-z0-9_]+) [A-Za-z0-9]+#\1\}/.exec(text)?.[1];
}

function blockSchema(iface: ts.InterfaceDeclaration, interfaces: Map<string, ts.InterfaceDeclaration>, source: ts.SourceFile): BlockSchema {
  const schema: BlockSchema = { arguments: [], blocks: {} };
  for (const member of iface.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const property = member.name.getText(source);
    if (CDKTF_META.has(property)) continue;
    const name = terraformName(member, source);
    if (!name) throw new Error(`${iface.name.text}.${property} documents no Terraform name`);
    const nested = member.type
      .getText(source)
      .split('|')
      .map((t) => t.trim().replace(/\[\]$/, ''))
      .find((t) => interfaces.has(t));
    if (nested) schema.blocks[name] = blockSchema(interfaces.get(nested)!, interfaces, source);
    else schema.arguments.push(name);
  }
  schema.arguments.sort();
  return schema;
}

function extract(packageDir: string, type: string, kind: 'resource' | 'data'): BlockSchema {
  const dir = (kind === 'data' ? `data-${type}` : type.replace(/^aws_/, '')).replace(/_/g, '-');
  const file = join(packageDir, 'lib', dir, 'index.d.ts');
  const text = readFileSync(file, 'utf8');
  if (!text.includes(`tfResourceType = "${type}"`)) throw new Error(`${file} does not declare ${type}`);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  });
  const config = [...interfaces.values()].find((i) => i.name.text.endsWith('Config') && i.heritageClauses?.some((h) => h.getText(source).includes('TerraformMetaArguments')));
  if (!config) throw new Error(`${file} has no config interface`);
  return blockSchema(config, interfaces, source);
}

function main(): void {
  const tarball = process.argv[2];
  if (!tarball) throw new Error('usage: extract-provider-schema.ts <cdktf-provider-aws-X.tgz>');
  const work = mkdtempSync(join(tmpdir(), 'provider-schema-'));
  try {
    const { resources, data } = usedTypes();
    const members = ['package/package.json', ...resources.map((t) => `package/lib/${t.replace(/^aws_/, '').replace(/_/g, '-')}/index.d.ts`), ...data.map((t) => `package/lib/data-${t.replace(/_/g, '-')}/index.d.ts`)];
    execFileSync('tar', ['-xzf', tarball, '-C', work, ...members]);
    const packageDir = join(work, 'package');
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string; cdktf?: { provider?: { version?: string } } };
    const providerVersion = pkg.cdktf?.provider?.version;
    if (!providerVersion) throw new Error('package.json names no provider version (cdktf.provider.version)');
    const schema: ProviderSchema = {
      provider: 'hashicorp/aws',
      providerVersion,
      extractedFrom: `${pkg.name}@${pkg.version}`,
      resources: Object.fromEntries(resources.map((t) => [t, extract(packageDir, t, 'resource')])),
      data: Object.fromEntries(data.map((t) => [t, extract(packageDir, t, 'data')])),
    };
    writeFileSync(OUTPUT, `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${OUTPUT}: ${resources.length} resource and ${data.length} data-source types of provider ${providerVersion}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
