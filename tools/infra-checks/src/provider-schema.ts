import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, type HclValue, type TerraformModule } from './terraform-config';

/** Argument and nested-block names of one resource, data source or nested block. */
export interface BlockSchema {
  arguments: string[];
  blocks: Record<string, BlockSchema>;
}

/** What scripts/extract-provider-schema.ts writes to provider-schema/aws.json. */
export interface ProviderSchema {
  provider: string;
  providerVersion: string;
  extractedFrom: string;
  resources: Record<string, BlockSchema>;
  data: Record<string, BlockSchema>;
}

/**
 * Arguments the provider gained after the version the extract was generated from, each with the
 * provider release that added it (CHANGELOG.md of hashicorp/terraform-provider-aws). The root
 * module's minimum provider version must be at least every `since` here.
 */
export interface LaterArgument {
  kind: 'resource' | 'data';
  type: string;
  /** Dotted path of nested blocks, then the argument (`ttl.attribute_name`). */
  path: string;
  since: string;
  changelog: string;
}

export interface SchemaFile {
  schema: ProviderSchema;
  later: LaterArgument[];
}

const HERE = new URL('..', import.meta.url).pathname;

/** The committed extract plus the allow-list of later arguments. */
export function loadProviderSchema(dir = join(HERE, 'provider-schema')): SchemaFile {
  const schema = JSON.parse(readFileSync(join(dir, 'aws.json'), 'utf8')) as ProviderSchema;
  const later = JSON.parse(readFileSync(join(dir, 'later-arguments.json'), 'utf8')) as { arguments: LaterArgument[] };
  return { schema, later: later.arguments };
}

/** Terraform's meta-arguments and meta-blocks, valid in every resource (data sources: the same but lifecycle's contents). */
const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

/** `major.minor.patch` compared numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function checkBody(body: HclValue, schema: BlockSchema, where: string, later: Set<string>, prefix: string, out: string[], topLevel: boolean): void {
  if (!isObject(body)) return;
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META.has(key)) continue;
    if (key === 'dynamic') {
      if (!isObject(value)) continue;
      for (const [name, dyn] of Object.entries(value)) {
        const nested = schema.blocks[name];
        if (!nested) {
          out.push(`${where}: dynamic "${name}" is no nested block of the provider schema`);
          continue;
        }
        for (const d of Array.isArray(dyn) ? dyn : [dyn]) {
          const content = isObject(d) ? d.content : undefined;
          for (const c of Array.isArray(content) ? content : [content]) checkBody(c ?? null, nested, `${where}.${name}`, later, `${prefix}${name}.`, out, false);
        }
      }
      continue;
    }
    const nested = schema.blocks[key];
    if (nested) {
      for (const b of Array.isArray(value) ? value : [value]) checkBody(b, nested, `${where}.${key}`, later, `${prefix}${key}.`, out, false);
    } else if (!schema.arguments.includes(key) && !later.has(`${prefix}${key}`)) {
      out.push(`${where}: ${key} is not an argument or block of the provider schema`);
    }
  }
}

/**
 * Every resource and data-source argument and nested block name of a module that the pinned AWS
 * provider's schema does not have (a misspelling `terraform validate` would reject), and every
 * AWS type the extract does not cover (run scripts/extract-provider-schema.ts after adding one).
 */
export function schemaProblems(m: TerraformModule, file: SchemaFile, label: string): string[] {
  const out: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    const blocks = kind === 'resource' ? m.resources : m.data;
    const types = kind === 'resource' ? file.schema.resources : file.schema.data;
    for (const [type, byName] of Object.entries(blocks)) {
      if (!type.startsWith('aws_')) continue;
      const schema = types[type];
      if (!schema) {
        out.push(`${label}: ${kind} type ${type} is not in provider-schema/aws.json (run scripts/extract-provider-schema.ts)`);
        continue;
      }
      const later = new Set(file.later.filter((l) => l.kind === kind && l.type === type).map((l) => l.path));
      for (const [name, body] of Object.entries(byName)) checkBody(body, schema, `${label}: ${kind === 'data' ? 'data.' : ''}${type}.${name}`, later, '', out, true);
    }
  }
  return out;
}
