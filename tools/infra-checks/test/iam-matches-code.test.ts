import { join } from 'node:path';
import { loadTerraformProject, type TerraformProject } from '../src/terraform-config';
import { rootEvaluator } from '../src/evaluate';
import { grantedActions, IMPLIED_ACTIONS, sdkActionsOfHandler } from '../src/sdk-calls';
import { serviceFolders } from '../src/service-env';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';

/**
 * AWS calls a bundle contains but the function never makes, by service: a class ships whole,
 * even methods the service does not call. Each entry needs a reason; a new command in a bundle
 * fails the check until it is granted or listed here.
 */
const SHIPPED_BUT_NOT_CALLED: Record<string, Record<string, string>> = {
  'analytics-function': {
    'dynamodb:BatchWriteItem': 'DynamoDbRollupStore ships its write methods; the legacy function only reads rollups',
  },
  'analytics-dashboard-api': {
    'dynamodb:BatchWriteItem': 'DynamoDbRollupStore ships its write methods; the API only reads rollups',
  },
};

let project: TerraformProject;
beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
});

const lambdaServices = serviceFolders(REPO_ROOT).filter((s) => s.isLambda);

function callOf(service: string) {
  const root = rootEvaluator(project, 'staging');
  const entry = Object.values(project.root.modules).find((c) => c.source === './modules/lambda-service' && root.value(c.function_name!) === `staging-${service}`);
  if (!entry) throw new Error(`no function module for ${service}`);
  return entry;
}

describe.each(lambdaServices.map((s) => [s.name] as const))('the IAM role of %s', (service) => {
  it('allows every AWS call its bundled handler makes', async () => {
    // Act
    const calls = await sdkActionsOfHandler(join(REPO_ROOT, 'services', service, 'src', 'handler.ts'));
    const granted = grantedActions(project.root, callOf(service));

    // Assess
    const exempt = Object.keys(SHIPPED_BUT_NOT_CALLED[service] ?? {});
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((a) => !granted.includes(a) && !exempt.includes(a))).toEqual([]);
  });

  it('grants nothing its bundled handler does not need (least privilege)', async () => {
    // Act
    const calls = await sdkActionsOfHandler(join(REPO_ROOT, 'services', service, 'src', 'handler.ts'));
    const needed = new Set(calls.flatMap((a) => [a, ...(IMPLIED_ACTIONS[a] ?? [])]));
    const granted = grantedActions(project.root, callOf(service));

    // Assess
    expect(granted.filter((a) => !needed.has(a))).toEqual([]);
  });
});
