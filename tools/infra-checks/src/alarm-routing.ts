import { relative } from 'node:path';
import { isObject, moduleSourceDir, type HclValue, type TerraformModule, type TerraformProject } from './terraform-config';

const ROUTES = ['alarm_actions', 'ok_actions'] as const;
const expr = (v: HclValue | undefined) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

/** True when an expression of module `m` reaches an `aws_sns_topic` ARN, directly or through locals. */
function reachesTopic(text: string, m: TerraformModule, seen = new Set<string>()): boolean {
  if (/\baws_sns_topic\.[a-z0-9_]+\.arn\b/.test(text)) return true;
  for (const [, name] of text.matchAll(/\blocal\.([a-z0-9_]+)/g)) {
    if (seen.has(name!)) continue;
    seen.add(name!);
    if (name! in m.locals && reachesTopic(expr(m.locals[name!]), m, seen)) return true;
  }
  return false;
}

/**
 * Every `aws_cloudwatch_metric_alarm` of the project that does not notify an SNS topic on both
 * alarm and OK: the attribute is missing, or neither reaches an `aws_sns_topic` ARN of the same
 * module nor comes from a module variable that has no default and that every call of the module
 * sets to an expression reaching a topic of the caller.
 */
export function unroutedAlarms(project: TerraformProject): string[] {
  const out: string[] = [];
  const all = [project.root, ...Object.values(project.modules)];
  const label = (m: TerraformModule) => relative(project.repoRoot, m.dir) || '.';
  const callsOf = (m: TerraformModule) =>
    all.flatMap((caller) => Object.entries(caller.modules).filter(([, call]) => moduleSourceDir(caller, call) === m.dir).map(([name, call]) => ({ caller, name, call })));
  for (const m of all) {
    for (const [name, alarm] of Object.entries(m.resources.aws_cloudwatch_metric_alarm ?? {})) {
      for (const attr of ROUTES) {
        const where = `${label(m)}: aws_cloudwatch_metric_alarm.${name}.${attr}`;
        const value = alarm[attr];
        if (value === undefined || (Array.isArray(value) && value.length === 0)) {
          out.push(`${where} is not set`);
          continue;
        }
        const text = expr(value);
        if (reachesTopic(text, m)) continue;
        const variable = /^\$\{var\.([a-z0-9_]+)\}$/.exec(text)?.[1];
        const declared = variable ? m.variables[variable] : undefined;
        if (!variable || !declared) {
          out.push(`${where} = ${text} reaches no SNS topic`);
          continue;
        }
        if ('default' in declared) out.push(`${where}: var.${variable} has a default, so a call may leave the alarm unrouted`);
        const calls = callsOf(m);
        if (m === project.root) out.push(`${where}: a root variable is no topic of this configuration`);
        for (const { caller, name: callName, call } of calls) {
          const given = call[variable];
          if (given === undefined || !reachesTopic(expr(given), caller)) out.push(`${label(caller)}: module.${callName}.${variable} reaches no SNS topic (routes ${where})`);
        }
      }
    }
  }
  return out;
}

/** Statement ids the console and the provider's `aws_lambda_function_url` add by themselves. */
export const RESERVED_FUNCTION_URL_STATEMENT_IDS = ['FunctionURLAllowPublicAccess', 'FunctionURLAllowInvokeAction'];

/**
 * `aws_lambda_permission`s that would collide with what creating a function URL adds: a reserved
 * statement id, or a function-URL permission (`function_url_auth_type` or
 * `invoked_via_function_url`) not ordered after the module's `aws_lambda_function_url`.
 */
export function functionUrlPermissionProblems(project: TerraformProject): string[] {
  const out: string[] = [];
  for (const m of [project.root, ...Object.values(project.modules)]) {
    const urls = Object.keys(m.resources.aws_lambda_function_url ?? {});
    for (const [name, p] of Object.entries(m.resources.aws_lambda_permission ?? {})) {
      const where = `${relative(project.repoRoot, m.dir) || '.'}: aws_lambda_permission.${name}`;
      if (typeof p.statement_id === 'string' && RESERVED_FUNCTION_URL_STATEMENT_IDS.includes(p.statement_id)) out.push(`${where} uses the reserved statement id ${p.statement_id}`);
      const forUrl = p.function_url_auth_type !== undefined || p.invoked_via_function_url !== undefined;
      const deps = JSON.stringify(isObject(p) ? (p.depends_on ?? []) : []);
      if (forUrl && !urls.some((u) => deps.includes(`aws_lambda_function_url.${u}`))) out.push(`${where} grants function URL access without depends_on the aws_lambda_function_url`);
    }
  }
  return out;
}
