import { relative } from 'node:path';
import { findFiles, loadTerraformProject, MODULE_META_ARGUMENTS, moduleSourceDir, parseHclFile, type TerraformModule, type TerraformProject } from '../src/terraform-config';
import { unresolvedReferences, expressionsOf, isTypeConstraint, referenceSegments } from '../src/references';
import { policyProblems } from '../src/iam-statements';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';
import { getReferencesInExpression } from '@cdktf/hcl2json';

let project: TerraformProject;
let allModules: TerraformModule[];
const label = (m: TerraformModule) => relative(REPO_ROOT, m.dir) || '.';

beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
  allModules = [project.root, ...Object.values(project.modules)];
});

describe('the Terraform HCL', () => {
  it('parses in every .tf, .tfvars, .hcl and example file under terraform/', async () => {
    // Prepare
    const files = findFiles(TERRAFORM_DIR, ['.tf', '.tfvars', '.hcl', '.tf.example']);

    // Act
    const results = await Promise.allSettled(files.map((f) => parseHclFile(f, REPO_ROOT)));

    // Assess
    expect(files.length).toBeGreaterThan(20);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });

  it('has the five modules, each with main.tf, variables.tf, outputs.tf, versions.tf and a README', () => {
    const expected = ['event-queue', 'data-lake', 'tables', 'lambda-service', 'schedule'].map((m) => `terraform/modules/${m}`).sort();
    expect(Object.keys(project.modules).sort()).toEqual(expected);
    for (const dir of expected) {
      const files = findFiles(`${REPO_ROOT}/${dir}`, ['.tf', '.md']).map((f) => relative(`${REPO_ROOT}/${dir}`, f));
      expect(files).toEqual(expect.arrayContaining(['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']));
    }
  });

  it('gives every variable a type and a description, and every output a description', () => {
    const missing: string[] = [];
    for (const m of allModules) {
      for (const [name, v] of Object.entries(m.variables)) {
        if (typeof v.type !== 'string') missing.push(`${label(m)}: variable ${name} has no type`);
        if (typeof v.description !== 'string' || !v.description.trim()) missing.push(`${label(m)}: variable ${name} has no description`);
      }
      for (const [name, o] of Object.entries(m.outputs)) {
        if (typeof o.description !== 'string' || !o.description.trim()) missing.push(`${label(m)}: output ${name} has no description`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names variables, outputs, locals, resources and module calls in snake_case', () => {
    const bad: string[] = [];
    const snake = /^[a-z][a-z0-9_]*$/;
    for (const m of allModules) {
      const names = [...Object.keys(m.variables), ...Object.keys(m.outputs), ...Object.keys(m.locals), ...Object.keys(m.modules), ...Object.values(m.resources).flatMap((r) => Object.keys(r)), ...Object.values(m.data).flatMap((r) => Object.keys(r))];
      bad.push(...names.filter((n) => !snake.test(n)).map((n) => `${label(m)}: ${n}`));
    }
    expect(bad).toEqual([]);
  });

  it('declares provider constraints as minimums in every module', () => {
    for (const m of allModules) {
      const terraformBlocks = Object.values(m.parsed).flatMap((j) => (Array.isArray(j.terraform) ? j.terraform : []));
      const text = JSON.stringify(terraformBlocks);
      expect({ module: label(m), requiredVersion: /"required_version":">= ?\d/.test(text), awsMinimum: /"source":"hashicorp\/aws","version":">= ?\d/.test(text) }).toEqual({ module: label(m), requiredVersion: true, awsMinimum: true });
    }
  });

  it('passes every module only arguments the module declares, and every argument it requires', () => {
    const problems: string[] = [];
    for (const caller of allModules) {
      for (const [callName, call] of Object.entries(caller.modules)) {
        const called = project.modules[relative(REPO_ROOT, moduleSourceDir(caller, call))]!;
        const given = Object.keys(call).filter((k) => !MODULE_META_ARGUMENTS.has(k));
        for (const k of given) if (!called.variables[k]) problems.push(`module.${callName}: ${k} is not a variable of ${label(called)}`);
        for (const [k, v] of Object.entries(called.variables)) if (!('default' in v) && !given.includes(k)) problems.push(`module.${callName}: required ${k} is not given`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('resolves every var., local., module., data. and resource reference', async () => {
    const problems = (await Promise.all(allModules.map((m) => unresolvedReferences(project, m)))).flat();
    expect(problems).toEqual([]);
  });

  it('uses every variable, local and data source it declares (what tflint reports as unused)', async () => {
    const unused: string[] = [];
    for (const m of allModules) {
      const used = new Set<string>();
      for (const [file, json] of Object.entries(m.parsed)) {
        for (const e of expressionsOf(file, json).filter((x) => !isTypeConstraint(x.path))) {
          for (const { value } of await getReferencesInExpression(file, e.text)) {
            const [root, a, b] = referenceSegments(value);
            used.add(root === 'data' ? `data.${a}.${b}` : `${root}.${a}`);
          }
        }
      }
      unused.push(...Object.keys(m.variables).filter((v) => !used.has(`var.${v}`)).map((v) => `${label(m)}: var.${v}`));
      unused.push(...Object.keys(m.locals).filter((l) => !used.has(`local.${l}`)).map((l) => `${label(m)}: local.${l}`));
      for (const [type, byName] of Object.entries(m.data)) unused.push(...Object.keys(byName).filter((n) => !used.has(`data.${type}.${n}`)).map((n) => `${label(m)}: data.${type}.${n}`));
    }
    expect(unused).toEqual([]);
  });

  it('grants no wildcard action and no unscoped resource in any IAM statement', () => {
    const problems = allModules.flatMap((m) => Object.entries(m.parsed).flatMap(([file, json]) => policyProblems(file, json)));
    expect(problems).toEqual([]);
  });

  it('refuses wildcard actions in the lambda-service policy_statements input itself', () => {
    const validations = project.modules['terraform/modules/lambda-service']!.variables.policy_statements!.validation;
    expect(JSON.stringify(validations)).toContain('!strcontains(a, \\"*\\")');
  });
});
