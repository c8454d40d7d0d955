import { relative } from 'node:path';
import { referenceSegments } from './references';
import { isObject, moduleSourceDir, type Block, type HclValue, type TerraformModule, type TerraformProject } from './terraform-config';

/** A value the evaluator produced: plain JSON. */
export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export class UnsupportedExpressionError extends Error {
  override name = 'UnsupportedExpressionError';
}

/** The attribute that holds the AWS name of each resource type the naming module names. */
export const NAME_ATTRIBUTES: Record<string, string> = {
  aws_sqs_queue: 'name',
  aws_s3_bucket: 'bucket',
  aws_dynamodb_table: 'name',
  aws_lambda_function: 'function_name',
  aws_cloudwatch_log_group: 'name',
  aws_glue_catalog_database: 'name',
  aws_glue_catalog_table: 'name',
  aws_athena_workgroup: 'name',
  aws_cloudwatch_event_rule: 'name',
  aws_sns_topic: 'name',
};

/** Attributes of a named resource that equal its name (an S3 bucket's `id` is its name; a queue's is its URL). */
const NAME_ALIASES: Record<string, string[]> = { aws_s3_bucket: ['id', 'bucket'] };

interface Each {
  key: string;
  value: Value;
}

/** Splits `a, "b,c", f(x, y)` at its top-level commas. */
function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** The `${…}` parts of a template, with the literal text between them (`$${` is a literal `${`). */
function templateParts(text: string): ({ literal: string } | { expr: string })[] {
  const parts: ({ literal: string } | { expr: string })[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      let depth = 1;
      let j = i + 2;
      let quoted = false;
      for (; j < text.length && depth > 0; j += 1) {
        const c = text[j];
        if (quoted) {
          if (c === '\\') j += 1;
          else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === '{') depth += 1;
        else if (c === '}') depth -= 1;
      }
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ expr: text.slice(i + 2, j - 1).trim() });
      i = j;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/**
 * A small evaluator for the subset of Terraform expressions names are built with: templates,
 * references to variables (through the module call that sets them), locals, `each`,
 * `terraform.workspace`, `path.root`, the names of named resources, and `replace()`. Anything
 * else throws `UnsupportedExpressionError`, so a check never passes on a value it could not compute.
 */
export class ModuleEvaluator {
  private readonly localCache = new Map<string, Value>();

  constructor(
    readonly project: TerraformProject,
    readonly mod: TerraformModule,
    readonly workspace: string,
    /** Module inputs set by the caller, evaluated in the caller's scope. */
    private readonly inputs: Record<string, () => Value>,
    /** Address prefix of this module instance (`module.tables.`). */
    readonly addressPrefix = '',
    /** Values of data-source attributes (`aws_caller_identity.current.account_id`): what the account would answer. */
    readonly dataValues: Record<string, Value> = {},
  ) {}

  /** Evaluator of the module called by `module "<name>"` of this module. */
  child(callName: string): ModuleEvaluator {
    const call = this.mod.modules[callName];
    if (!call) throw new Error(`no module "${callName}" in ${this.mod.dir}`);
    const dir = relative(this.project.repoRoot, moduleSourceDir(this.mod, call));
    const mod = this.project.modules[dir];
    if (!mod) throw new Error(`module "${callName}" calls ${dir}, which was not loaded`);
    const inputs: Record<string, () => Value> = {};
    for (const [k, v] of Object.entries(call)) inputs[k] = () => this.value(v);
    return new ModuleEvaluator(this.project, mod, this.workspace, inputs, `${this.addressPrefix}module.${callName}.`, this.dataValues);
  }

  /** Evaluates a parsed HCL value: objects and lists element by element, strings as templates. */
  value(v: HclValue, each?: Each): Value {
    if (typeof v === 'string') return this.template(v, each);
    if (Array.isArray(v)) return v.map((x) => this.value(x, each));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(x, each)]));
    return v;
  }

  private template(text: string, each?: Each): Value {
    const parts = templateParts(text);
    if (parts.length === 1 && 'expr' in parts[0]!) return this.expression(parts[0].expr, each);
    return parts
      .map((p) => {
        if ('literal' in p) return p.literal;
        const v = this.expression(p.expr, each);
        if (typeof v === 'object' && v !== null) throw new UnsupportedExpressionError(`\${${p.expr}} is not a string in "${text}"`);
        return String(v);
      })
      .join('');
  }

  expression(expr: string, each?: Each): Value {
    if (/^"(?:[^"\\]|\\.)*"$/.test(expr)) return JSON.parse(expr) as string;
    if (/^-?\d+(\.\d+)?$/.test(expr)) return Number(expr);
    const call = /^replace\((.*)\)$/s.exec(expr);
    if (call) {
      const args = splitArguments(call[1]!).map((a) => this.expression(a, each));
      if (args.length !== 3 || !args.every((a) => typeof a === 'string')) throw new UnsupportedExpressionError(`replace() needs three strings: ${expr}`);
      const [s, from, to] = args as string[];
      return s!.split(from!).join(to!);
    }
    if (!/^[A-Za-z_][\w-]*((\.[A-Za-z_][\w-]*)|(\["[^"]*"\]))*$/.test(expr)) throw new UnsupportedExpressionError(`cannot evaluate ${expr} in ${this.mod.dir}`);
    return this.traverse(referenceSegments(expr.replace(/\["([^"]*)"\]/g, '."$1"')), each, expr);
  }

  private traverse(segments: string[], each: Each | undefined, expr: string): Value {
    const [root, first, ...more] = segments;
    let rest = more;
    let v: Value;
    if (root === 'terraform' && first === 'workspace') v = this.workspace;
    else if (root === 'path' && first === 'root') v = '.';
    else if (root === 'each' && each) v = first === 'key' ? each.key : first === 'value' ? each.value : null;
    else if (root === 'var' && first !== undefined) v = this.variable(first);
    else if (root === 'local' && first !== undefined) v = this.local(first);
    else if (root === 'data' && `${first}.${more[0]}.${more[1]}` in this.dataValues) {
      v = this.dataValues[`${first}.${more[0]}.${more[1]}`]!;
      rest = more.slice(2);
    }
    else if (root !== undefined && first !== undefined && NAME_ATTRIBUTES[root]) {
      const [maybeKey, attr] = rest.length === 2 ? rest : [undefined, rest[0]];
      if (!attr || !(NAME_ALIASES[root] ?? [NAME_ATTRIBUTES[root]]).includes(attr)) throw new UnsupportedExpressionError(`cannot evaluate ${expr}`);
      const instance = this.resourceNames(root, first).find((r) => r.key === maybeKey);
      if (!instance) throw new UnsupportedExpressionError(`no instance ${maybeKey} of ${root}.${first}`);
      return instance.name;
    } else throw new UnsupportedExpressionError(`cannot evaluate ${expr} in ${this.mod.dir}`);
    for (const s of rest) {
      if (Array.isArray(v) && /^\d+$/.test(s)) v = v[Number(s)] ?? null;
      else if (isObject(v as HclValue) && s in (v as object)) v = (v as Record<string, Value>)[s]!;
      else throw new UnsupportedExpressionError(`${expr}: no "${s}"`);
    }
    return v;
  }

  private variable(name: string): Value {
    const input = this.inputs[name];
    if (input) return input();
    const declared = this.mod.variables[name];
    if (declared && 'default' in declared) return this.value(declared.default!);
    throw new UnsupportedExpressionError(`var.${name} is neither set nor defaulted in ${this.mod.dir}`);
  }

  private local(name: string): Value {
    if (!this.localCache.has(name)) {
      if (!(name in this.mod.locals)) throw new UnsupportedExpressionError(`no local ${name} in ${this.mod.dir}`);
      this.localCache.set(name, this.value(this.mod.locals[name]!));
    }
    return this.localCache.get(name)!;
  }

  /** The instances of a resource (expanding `for_each`) and the name each one gets. */
  resourceNames(type: string, name: string): { address: string; key: string | undefined; name: string }[] {
    const attr = NAME_ATTRIBUTES[type];
    if (!attr) throw new Error(`${type} is not a named resource type`);
    return this.resourceAttribute(type, name, attr);
  }

  /**
   * One string attribute of every instance of a resource, expanding `for_each`. `count` is not
   * expanded: a resource with `count` is evaluated as the one instance it has when enabled.
   */
  resourceAttribute(type: string, name: string, attr: string): { address: string; key: string | undefined; name: string }[] {
    const block: Block | undefined = this.mod.resources[type]?.[name];
    if (!block) throw new Error(`no resource ${type}.${name} in ${this.mod.dir}`);
    const raw = block[attr];
    if (raw === undefined) throw new UnsupportedExpressionError(`${type}.${name} has no ${attr}`);
    const instances: (Each | undefined)[] = [];
    if (block.for_each !== undefined) {
      const forEach = this.value(block.for_each);
      if (!isObject(forEach as HclValue)) throw new UnsupportedExpressionError(`for_each of ${type}.${name} is not a map`);
      for (const [key, value] of Object.entries(forEach as Record<string, Value>)) instances.push({ key, value });
    } else instances.push(undefined);
    return instances.map((each) => {
      const value = this.value(raw, each);
      if (typeof value !== 'string') throw new UnsupportedExpressionError(`${type}.${name}.${attr} is not a string`);
      const address = `${this.addressPrefix}${type}.${name}${each ? `["${each.key}"]` : ''}`;
      return { address, key: each?.key, name: value };
    });
  }
}

/** Every resource of one type in the project with one attribute evaluated for `workspace`, by Terraform address. */
export function resourceAttributes(project: TerraformProject, workspace: string, type: string, attr: string): { address: string; type: string; name: string }[] {
  const out: { address: string; type: string; name: string }[] = [];
  const visit = (ev: ModuleEvaluator) => {
    for (const name of Object.keys(ev.mod.resources[type] ?? {})) for (const r of ev.resourceAttribute(type, name, attr)) out.push({ address: r.address, type, name: r.name });
    for (const call of Object.keys(ev.mod.modules)) visit(ev.child(call));
  };
  visit(rootEvaluator(project, workspace));
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

/** Every named AWS resource of the project with the name it gets in `workspace`, by Terraform address. */
export function namedResources(project: TerraformProject, workspace: string): { address: string; type: string; name: string }[] {
  return Object.entries(NAME_ATTRIBUTES)
    .flatMap(([type, attr]) => resourceAttributes(project, workspace, type, attr))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** The account and region the checks evaluate names in (any valid pair: the names embed it). */
export const EXAMPLE_SCOPE = { accountId: '123456789012', region: 'us-east-1' } as const;

/** What the root module's data sources answer in EXAMPLE_SCOPE. */
const EXAMPLE_DATA: Record<string, Value> = {
  'aws_caller_identity.current.account_id': EXAMPLE_SCOPE.accountId,
  'aws_region.current.region': EXAMPLE_SCOPE.region,
};

export function rootEvaluator(project: TerraformProject, workspace: string, dataValues: Record<string, Value> = EXAMPLE_DATA): ModuleEvaluator {
  return new ModuleEvaluator(project, project.root, workspace, {}, '', dataValues);
}
