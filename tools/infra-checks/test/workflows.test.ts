import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findFiles } from '../src/terraform-config';
import { actionlintFindings, deployPipelineProblems, loadWorkflows, pathFilters, planOnPullRequestProblems, runScripts, stepActions, structuralProblems, untestedTools, workflowCallInputs, type Workflow } from '../src/workflows';
import { serviceFolders } from '../src/service-env';
import { REPO_ROOT } from '../src/paths';

const workflows: Workflow[] = loadWorkflows(REPO_ROOT);
const byFile = (name: string) => workflows.find((w) => w.file === `.github/workflows/${name}`);
const services = serviceFolders(REPO_ROOT);

describe('the GitHub workflows', () => {
  it.each(workflows.map((w) => [w.file, w] as const))('%s passes actionlint', async (_file, workflow) => {
    expect(await actionlintFindings(workflow)).toEqual([]);
  });

  it.each(workflows.map((w) => [w.file, w] as const))('%s has triggers, jobs that run somewhere, steps that do something, and valid reusable calls', (_file, workflow) => {
    expect(structuralProblems(workflow, workflows)).toEqual([]);
  });

  it('share one reusable service workflow that installs, lints, typechecks, tests, builds and uploads the build', () => {
    // Prepare
    const reusable = byFile('_service.yml');
    expect(reusable).toBeDefined();

    // Act
    const inputs = workflowCallInputs(reusable!.doc);
    const scripts = runScripts(reusable!.doc);
    const actions = stepActions(reusable!.doc);

    // Assess
    expect(inputs?.service).toMatchObject({ type: 'string', required: true });
    for (const command of ['make install', 'eslint', 'npm run typecheck', 'npm test', 'make "build-${{ inputs.service }}"']) expect(scripts).toContain(command);
    expect(actions).toEqual(expect.arrayContaining([expect.stringMatching(/^actions\/checkout@/), expect.stringMatching(/^actions\/setup-node@/), expect.stringMatching(/^actions\/upload-artifact@/)]));
    const setupNode = (reusable!.doc.jobs as Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>).build!.steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setupNode?.with?.['node-version-file']).toBe('.nvmrc');
  });

  it.each(services.map((s) => [s.name] as const))('build and test %s in its own workflow, filtered on its folder, shared/ and the lockfile', (service) => {
    // Prepare
    const workflow = byFile(`${service}.yml`);
    expect(workflow).toBeDefined();

    // Act
    const { push, pullRequest } = pathFilters(workflow!.doc);
    const jobs = Object.values(workflow!.doc.jobs as Record<string, { uses?: string; with?: Record<string, unknown> }>);

    // Assess
    for (const paths of [push, pullRequest]) expect(paths).toEqual(expect.arrayContaining([`services/${service}/**`, 'shared/**', 'package-lock.json']));
    expect(jobs).toEqual([expect.objectContaining({ uses: './.github/workflows/_service.yml', with: expect.objectContaining({ service }) })]);
  });

  it('check the Terraform with fmt, init without a backend, validate and tflint on GitHub runners', () => {
    const terraform = byFile('terraform.yml');
    expect(terraform).toBeDefined();
    const scripts = runScripts(terraform!.doc);
    const actions = stepActions(terraform!.doc);

    expect(pathFilters(terraform!.doc).push).toContain('terraform/**');
    // The IAM-matches-code check reads the handlers, so a service change re-runs it.
    for (const paths of Object.values(pathFilters(terraform!.doc))) expect(paths).toEqual(expect.arrayContaining(['services/*/src/**', 'shared/src/**']));
    for (const command of ['terraform fmt -check -recursive', 'terraform init -backend=false', 'terraform validate', 'tflint --init', 'tflint --recursive']) expect(scripts).toContain(command);
    expect(actions).toEqual(expect.arrayContaining([expect.stringMatching(/^hashicorp\/setup-terraform@/), expect.stringMatching(/^terraform-linters\/setup-tflint@/)]));
  });

  it('plan every workspace on pull requests, assuming a role by OIDC', () => {
    expect(planOnPullRequestProblems(byFile('terraform.yml')!, ['staging', 'production'])).toEqual([]);
  });

  it('deploy main to staging, then production after it, by OIDC, from the versioned S3 artifact, with a smoke test after apply', () => {
    expect(deployPipelineProblems(workflows)).toEqual([]);
  });

  it('run the tests of every tool', () => {
    const tools = readdirSync(join(REPO_ROOT, 'tools'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && findFiles(join(REPO_ROOT, 'tools', e.name), ['.test.ts']).some((f) => !f.includes('/node_modules/')))
      .map((e) => e.name);
    expect(tools).toEqual(expect.arrayContaining(['dlq-redrive', 'traffic-generator', 'bench', 'dev']));
    expect(untestedTools(workflows, tools)).toEqual([]);
  });
});
