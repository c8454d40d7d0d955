import { relative } from 'node:path';
import { rootEvaluator, UnsupportedExpressionError } from './evaluate';
import { moduleSourceDir, type HclObject, type TerraformProject } from './terraform-config';

/**
 * Root module calls that deploy a public Lambda Function URL (`authorization_type = "NONE"`, the
 * function checks the caller itself) without a concurrency reservation for `workspace`: such a
 * function scales with whoever calls it, up to the account's whole concurrency, starving every
 * other function (OWASP API4, unrestricted resource consumption;
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). The reservation
 * is read from the call, through a root variable set by the workspace's tfvars or defaulted.
 */
export function functionUrlConcurrencyProblems(project: TerraformProject, workspace: string, tfvars: HclObject): string[] {
  const root = rootEvaluator(project, workspace);
  const problems: string[] = [];
  for (const [callName, call] of Object.entries(project.root.modules)) {
    const called = project.modules[relative(project.repoRoot, moduleSourceDir(project.root, call))];
    if (!called?.resources.aws_lambda_function_url) continue;
    const enabledRaw = call.function_url_enabled ?? called.variables.function_url_enabled?.default ?? false;
    if (root.value(enabledRaw) !== true) continue;
    const where = `module.${callName} (${workspace})`;
    const raw = call.reserved_concurrent_executions;
    if (raw === undefined) {
      problems.push(`${where}: a public Function URL without reserved_concurrent_executions`);
      continue;
    }
    const variable = typeof raw === 'string' ? /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(raw)?.[1] : undefined;
    let value: unknown;
    try {
      value = variable !== undefined && variable in tfvars ? tfvars[variable] : root.value(raw);
    } catch (error) {
      if (!(error instanceof UnsupportedExpressionError)) throw error;
      problems.push(`${where}: reserved_concurrent_executions cannot be evaluated (${error.message})`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      problems.push(`${where}: reserved_concurrent_executions is ${JSON.stringify(value)}; a public Function URL needs a reservation of at least 1`);
    }
  }
  return problems.sort();
}
