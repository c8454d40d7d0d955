import { relative } from 'node:path';
import { findFiles, loadTerraformProject, parseHclFile, type TerraformModule, type TerraformProject } from '../src/terraform-config';
import { unresolvedReferences } from '../src/references';
import { moduleArgumentProblems, tfvarsProblems, undocumentedDeclarations, unusedDeclarations } from '../src/module-checks';
import { policyProblems } from '../src/iam-statements';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';

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
    expect(allModules.flatMap((m) => undocumentedDeclarations(project, m))).toEqual([]);
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
    expect(allModules.flatMap((m) => moduleArgumentProblems(project, m))).toEqual([]);
  });

  it('resolves every var., local., module., data. and resource reference', async () => {
    const problems = (await Promise.all(allModules.map((m) => unresolvedReferences(project, m)))).flat();
    expect(problems).toEqual([]);
  });

  it('uses every variable, local and data source it declares (what tflint reports as unused)', async () => {
    expect((await Promise.all(allModules.map((m) => unusedDeclarations(project, m)))).flat()).toEqual([]);
  });

  it.each(['staging', 'production'])('sets every required root variable in workspaces/%s.tfvars, and only root variables, for that environment', async (workspace) => {
    // Prepare
    const file = `${TERRAFORM_DIR}/workspaces/${workspace}.tfvars`;

    // Act
    const values = await parseHclFile(file, REPO_ROOT);

    // Assess
    expect(tfvarsProblems(project.root, relative(REPO_ROOT, file), values)).toEqual([]);
    expect(values.environment).toBe(workspace);
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
