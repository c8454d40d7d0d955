import { getReferencesInExpression } from '@cdktf/hcl2json';
import { isObject, type HclValue, type TerraformModule, type TerraformProject, moduleSourceDir } from './terraform-config';
import { relative } from 'node:path';

/** One string of the parsed HCL that holds an expression, and where it is. */
export interface Expression {
  file: string;
  /** JSON path inside the file, e.g. `resource.aws_sqs_queue.this.0.name`. */
  path: string;
  text: string;
}

/** Every expression string (`…${…}…`) of a parsed file. */
export function expressionsOf(file: string, json: HclValue, path = ''): Expression[] {
  if (typeof json === 'string') return json.includes('${') ? [{ file, path, text: json }] : [];
  if (Array.isArray(json)) return json.flatMap((v, i) => expressionsOf(file, v, `${path}.${i}`));
  if (isObject(json)) return Object.entries(json).flatMap(([k, v]) => expressionsOf(file, v, path ? `${path}.${k}` : k));
  return [];
}

/** Names of `dynamic "<name>"` blocks (and their `iterator`s): valid roots of references inside `content`. */
function dynamicIterators(json: HclValue, out = new Set<string>()): Set<string> {
  if (Array.isArray(json)) json.forEach((v) => dynamicIterators(v, out));
  else if (isObject(json)) {
    for (const [k, v] of Object.entries(json)) {
      if (k === 'dynamic' && isObject(v)) {
        for (const [name, bodies] of Object.entries(v)) {
          out.add(name);
          for (const b of Array.isArray(bodies) ? bodies : []) if (isObject(b) && typeof b.iterator === 'string') out.add(b.iterator);
        }
      }
      dynamicIterators(v, out);
    }
  }
  return out;
}

/** `variable "x" { type = … }` is a type constraint (`map(string)`), not an expression with references. */
export const isTypeConstraint = (path: string) => /^variable\.[^.]+\.0\.type$/.test(path);

/** Reference roots Terraform itself provides (each.key, count.index, path.module, terraform.workspace, self). */
const BUILT_IN_ROOTS = new Set(['each', 'count', 'path', 'terraform', 'self']);

/** Splits `module.tables.table_arns."rollups"` into segments, unquoting quoted ones. */
export function referenceSegments(reference: string): string[] {
  return (reference.match(/"(?:[^"\\]|\\.)*"|[^.]+/g) ?? []).map((s) => (s.startsWith('"') ? (JSON.parse(s) as string) : s));
}

export interface UnresolvedReference {
  file: string;
  path: string;
  reference: string;
  problem: string;
}

/**
 * Every reference of a module that does not resolve: `var.x` without `variable "x"`, `local.x`
 * without a local, `module.m.o` without the call or without output `o` in the called module,
 * `data.t.n` or `t.n` without the block.
 */
export async function unresolvedReferences(project: TerraformProject, mod: TerraformModule): Promise<UnresolvedReference[]> {
  const problems: UnresolvedReference[] = [];
  for (const [file, json] of Object.entries(mod.parsed)) {
    const iterators = dynamicIterators(json);
    for (const expr of expressionsOf(file, json)) {
      if (isTypeConstraint(expr.path)) continue;
      // An import block's `to` is the address of a resource instance (possibly inside a module), not an expression.
      if (/^import\.\d+\.to$/.test(expr.path)) continue;
      const refs = await getReferencesInExpression(file, expr.text);
      for (const { value } of refs) {
        const [root, a, b] = referenceSegments(value);
        const fail = (problem: string) => problems.push({ file, path: expr.path, reference: value, problem });
        if (!root || BUILT_IN_ROOTS.has(root) || iterators.has(root)) continue;
        if (root === 'var') {
          if (!a || !mod.variables[a]) fail(`no variable "${a}"`);
        } else if (root === 'local') {
          if (!a || !(a in mod.locals)) fail(`no local "${a}"`);
        } else if (root === 'module') {
          const call = a ? mod.modules[a] : undefined;
          if (!call) {
            fail(`no module "${a}"`);
            continue;
          }
          const called = project.modules[relative(project.repoRoot, moduleSourceDir(mod, call))];
          if (b !== undefined && !called?.outputs[b]) fail(`module "${a}" has no output "${b}"`);
        } else if (root === 'data') {
          if (!a || !b || !mod.data[a]?.[b]) fail(`no data "${a}" "${b}"`);
        } else if (/^[a-z0-9]+_[a-z0-9_]+$/.test(root)) {
          if (!a || !mod.resources[root]?.[a]) fail(`no resource "${root}" "${a}"`);
        } else {
          fail(`unknown reference root "${root}"`);
        }
      }
    }
  }
  return problems;
}
