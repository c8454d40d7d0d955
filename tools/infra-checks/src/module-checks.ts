import { relative } from 'node:path';
import { getReferencesInExpression } from '@cdktf/hcl2json';
import { expressionsOf, isTypeConstraint, referenceSegments } from './references';
import { MODULE_META_ARGUMENTS, moduleSourceDir, type TerraformModule, type TerraformProject } from './terraform-config';

const label = (project: TerraformProject, m: TerraformModule) => relative(project.repoRoot, m.dir) || '.';

/** Variables without a type or a description, outputs without a description. */
export function undocumentedDeclarations(project: TerraformProject, m: TerraformModule): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(m.variables)) {
    if (typeof v.type !== 'string') out.push(`${label(project, m)}: variable ${name} has no type`);
    if (typeof v.description !== 'string' || !v.description.trim()) out.push(`${label(project, m)}: variable ${name} has no description`);
  }
  for (const [name, o] of Object.entries(m.outputs)) {
    if (typeof o.description !== 'string' || !o.description.trim()) out.push(`${label(project, m)}: output ${name} has no description`);
  }
  return out;
}

/** Module calls of `caller` that pass an argument the module does not declare, or omit a required one. */
export function moduleArgumentProblems(project: TerraformProject, caller: TerraformModule): string[] {
  const problems: string[] = [];
  for (const [callName, call] of Object.entries(caller.modules)) {
    const called = project.modules[relative(project.repoRoot, moduleSourceDir(caller, call))];
    if (!called) {
      problems.push(`module.${callName}: ${String(call.source)} was not loaded`);
      continue;
    }
    const given = Object.keys(call).filter((k) => !MODULE_META_ARGUMENTS.has(k));
    for (const k of given) if (!called.variables[k]) problems.push(`module.${callName}: ${k} is not a variable of ${label(project, called)}`);
    for (const [k, v] of Object.entries(called.variables)) if (!('default' in v) && !given.includes(k)) problems.push(`module.${callName}: required ${k} is not given`);
  }
  return problems;
}

/** Variables, locals and data sources a module declares but never references (tflint's terraform_unused_declarations). */
export async function unusedDeclarations(project: TerraformProject, m: TerraformModule): Promise<string[]> {
  const used = new Set<string>();
  for (const [file, json] of Object.entries(m.parsed)) {
    for (const e of expressionsOf(file, json).filter((x) => !isTypeConstraint(x.path))) {
      for (const { value } of await getReferencesInExpression(file, e.text)) {
        const [root, a, b] = referenceSegments(value);
        used.add(root === 'data' ? `data.${a}.${b}` : `${root}.${a}`);
      }
    }
  }
  const l = label(project, m);
  return [
    ...Object.keys(m.variables).filter((v) => !used.has(`var.${v}`)).map((v) => `${l}: var.${v}`),
    ...Object.keys(m.locals).filter((v) => !used.has(`local.${v}`)).map((v) => `${l}: local.${v}`),
    ...Object.entries(m.data).flatMap(([type, byName]) => Object.keys(byName).filter((n) => !used.has(`data.${type}.${n}`)).map((n) => `${l}: data.${type}.${n}`)),
  ];
}

/** Root variables without a default that a tfvars file does not set, and tfvars keys that are no root variable. */
export function tfvarsProblems(root: TerraformModule, file: string, values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(values)) if (!root.variables[k]) problems.push(`${file}: ${k} is not a variable of the root module`);
  for (const [k, v] of Object.entries(root.variables)) if (!('default' in v) && !(k in values)) problems.push(`${file}: required variable ${k} is not set`);
  return problems;
}
