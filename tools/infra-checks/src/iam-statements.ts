import { expressionsOf } from './references';
import { isObject, type HclValue } from './terraform-config';

/** An IAM statement problem: a wildcard action, an unscoped resource, or a policy the check cannot read. */
export interface PolicyProblem {
  file: string;
  path: string;
  problem: string;
}

const ACTION_KEYS = new Set(['actions', 'Action']);
const NOT_ACTION_KEYS = new Set(['not_actions', 'NotAction']);
const RESOURCE_KEYS = new Set(['resources', 'Resource']);

function strings(v: HclValue | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * Actions that support no resource type: IAM matches them only against "*"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
 * A statement made only of these may name "*"; one "*" next to any other action is still refused.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: ReadonlySet<string> = new Set(['logs:GetQueryResults', 'logs:StopQuery']);

function onlyResourcelessActions(statement: Record<string, HclValue>): boolean {
  const actions = [...ACTION_KEYS].flatMap((k) => strings(statement[k]));
  return actions.length > 0 && actions.every((a) => ACTIONS_WITHOUT_RESOURCE_TYPES.has(a));
}

function isDeny(statement: HclValue): boolean {
  return isObject(statement) && (statement.effect === 'Deny' || statement.Effect === 'Deny');
}

/**
 * Checks every IAM statement of a parsed file: `aws_iam_policy_document` statements, statement
 * objects handed to modules (`policy_statements`) and locals. An Allow may name only exact
 * actions (no `*` anywhere in an action) on named resources (never `*`); `NotAction` is refused.
 * A Deny may use `service:*`: guardrails such as "deny s3:* without TLS" must cover every action.
 * Policies written as `jsonencode({ … Action … })` are refused, because the statements inside an
 * expression cannot be read reliably: use `aws_iam_policy_document`.
 */
export function policyProblems(file: string, json: HclValue, path = ''): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const visit = (v: HclValue, at: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${at}.${i}`));
    if (!isObject(v)) return;
    const deny = isDeny(v);
    for (const [k, x] of Object.entries(v)) {
      const here = at ? `${at}.${k}` : k;
      if (ACTION_KEYS.has(k)) {
        for (const action of strings(x)) {
          if (action === '*' || (action.includes('*') && !deny)) problems.push({ file, path: here, problem: `wildcard action "${action}"` });
        }
      } else if (NOT_ACTION_KEYS.has(k)) {
        problems.push({ file, path: here, problem: 'NotAction grants everything it does not name' });
      } else if (RESOURCE_KEYS.has(k) && !deny) {
        if (strings(x).includes('*') && !onlyResourcelessActions(v)) problems.push({ file, path: here, problem: 'unscoped resource "*"' });
      }
      visit(x, here);
    }
  };
  visit(json, path);
  for (const expr of expressionsOf(file, json)) {
    if (/jsonencode\s*\(/.test(expr.text) && /\b(Action|NotAction)\b/.test(expr.text)) {
      problems.push({ file, path: expr.path, problem: 'policy built with jsonencode(): write it as an aws_iam_policy_document so its statements can be checked' });
    }
    if (/\bactions\s*=\s*\[[^\]]*\*[^\]]*\]/.test(expr.text)) {
      problems.push({ file, path: expr.path, problem: `wildcard action inside an expression: ${expr.text}` });
    }
  }
  return problems;
}
