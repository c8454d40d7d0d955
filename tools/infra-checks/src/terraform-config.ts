import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A JSON value as `@cdktf/hcl2json` returns it: expressions are strings wrapped in `${…}`. */
export type HclValue = string | number | boolean | null | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

/** One block body (`variable "x" { … }` gives the body `{ … }`). */
export type Block = HclObject;

/** One Terraform module directory, every `.tf` file merged like Terraform does. */
export interface TerraformModule {
  dir: string;
  files: string[];
  variables: Record<string, Block>;
  outputs: Record<string, Block>;
  locals: Record<string, HclValue>;
  modules: Record<string, Block>;
  /** `resources[type][name]` */
  resources: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  /** Every file's parsed JSON, by path relative to the repository root. */
  parsed: Record<string, HclObject>;
}

export const isObject = (v: unknown): v is HclObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** hcl2json wraps every block body in a one-element list (blocks may repeat). */
function single(v: HclValue | undefined, where: string): Block {
  if (!Array.isArray(v) || v.length !== 1 || !isObject(v[0])) throw new Error(`${where}: expected exactly one block`);
  return v[0];
}

/** Parses one HCL file (`.tf`, `.tfvars`, `.tf.example`), naming the file in the error. */
export async function parseHclFile(path: string, repoRoot: string): Promise<HclObject> {
  const name = relative(repoRoot, path);
  try {
    return (await parse(name, readFileSync(path, 'utf8'))) as HclObject;
  } catch (error) {
    throw new Error(`${name} does not parse: ${(error as Error).message}`, { cause: error });
  }
}

function addNamed(target: Record<string, Block>, section: HclValue | undefined, file: string, kind: string): void {
  if (!isObject(section)) return;
  for (const [name, body] of Object.entries(section)) {
    if (target[name]) throw new Error(`${file}: ${kind} "${name}" is declared twice`);
    target[name] = single(body, `${file}: ${kind} "${name}"`);
  }
}

function addTyped(target: Record<string, Record<string, Block>>, section: HclValue | undefined, file: string, kind: string): void {
  if (!isObject(section)) return;
  for (const [type, byName] of Object.entries(section)) {
    target[type] ??= {};
    addNamed(target[type], byName, file, `${kind} ${type}`);
  }
}

/** Loads every `.tf` file of one directory (not its subdirectories) into one module. */
export async function loadTerraformModule(dir: string, repoRoot: string): Promise<TerraformModule> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tf') && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
  const mod: TerraformModule = { dir, files, variables: {}, outputs: {}, locals: {}, modules: {}, resources: {}, data: {}, parsed: {} };
  for (const file of files) {
    const rel = relative(repoRoot, file);
    const json = await parseHclFile(file, repoRoot);
    mod.parsed[rel] = json;
    addNamed(mod.variables, json.variable, rel, 'variable');
    addNamed(mod.outputs, json.output, rel, 'output');
    addNamed(mod.modules, json.module, rel, 'module');
    addTyped(mod.resources, json.resource, rel, 'resource');
    addTyped(mod.data, json.data, rel, 'data');
    for (const block of Array.isArray(json.locals) ? json.locals : []) {
      if (!isObject(block)) continue;
      for (const [k, v] of Object.entries(block)) {
        if (k in mod.locals) throw new Error(`${rel}: local "${k}" is declared twice`);
        mod.locals[k] = v;
      }
    }
  }
  return mod;
}

/** The root composition and every local module it calls, by the directory of the call's `source`. */
export interface TerraformProject {
  repoRoot: string;
  root: TerraformModule;
  /** Keyed by the module directory relative to the repository root. */
  modules: Record<string, TerraformModule>;
}

/** The directory a module call's `source` points to (local sources only). */
export function moduleSourceDir(caller: TerraformModule, call: Block): string {
  const source = call.source;
  if (typeof source !== 'string' || !source.startsWith('./') && !source.startsWith('../')) {
    throw new Error(`module source ${JSON.stringify(source)} in ${caller.dir} is not a local path`);
  }
  return resolve(caller.dir, source);
}

export async function loadTerraformProject(terraformDir: string, repoRoot: string): Promise<TerraformProject> {
  const root = await loadTerraformModule(terraformDir, repoRoot);
  const modules: Record<string, TerraformModule> = {};
  const pending = [root];
  while (pending.length) {
    const caller = pending.pop()!;
    for (const call of Object.values(caller.modules)) {
      const dir = moduleSourceDir(caller, call);
      const key = relative(repoRoot, dir);
      if (modules[key]) continue;
      modules[key] = await loadTerraformModule(dir, repoRoot);
      pending.push(modules[key]);
    }
  }
  return { repoRoot, root, modules };
}

/** Every file under `dir` (recursively) whose name ends with one of `suffixes`. */
export function findFiles(dir: string, suffixes: string[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(path, suffixes));
    else if (suffixes.some((s) => entry.name.endsWith(s))) out.push(path);
  }
  return out.sort();
}

/** Module meta-arguments: not inputs of the called module. */
export const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
