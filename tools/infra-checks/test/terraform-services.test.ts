import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_SERVICES } from '@picasso/shared';
import { loadTerraformProject, type Block, type TerraformProject } from '../src/terraform-config';
import { rootEvaluator } from '../src/evaluate';
import { loadServiceEnv, serviceFolders } from '../src/service-env';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';
import { isObject } from '../src/terraform-config';

let project: TerraformProject;
/** Every lambda-service module call of the root, by the service folder its function name derives from. */
let functionModules: Map<string, { callName: string; call: Block }>;

beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
  const root = rootEvaluator(project, 'staging');
  functionModules = new Map();
  for (const [callName, call] of Object.entries(project.root.modules)) {
    if (call.source !== './modules/lambda-service') continue;
    const fn = root.value(call.function_name!) as string;
    functionModules.set(fn.replace(/^staging-/, ''), { callName, call });
  }
});

const services = serviceFolders(REPO_ROOT);
const lambdaServices = services.filter((s) => s.isLambda);

describe('the Lambda functions in Terraform', () => {
  it('include a function module for every service folder with a src/handler.ts', () => {
    expect(lambdaServices.length).toBeGreaterThan(0);
    expect(lambdaServices.map((s) => s.name).filter((s) => !functionModules.has(s))).toEqual([]);
  });

  it('deploy only Lambda services that exist (a folder with src/handler.ts) and that the naming module knows', () => {
    const deployed = [...functionModules.keys()].sort();
    expect(deployed.filter((s) => !lambdaServices.some((f) => f.name === s))).toEqual([]);
    expect(deployed).toEqual([...LAMBDA_SERVICES].sort());
  });

  it('deploy each service from the zip its make build-<service> writes', () => {
    const root = rootEvaluator(project, 'staging');
    for (const [service, { call }] of functionModules) {
      expect({ service, zip: root.value(call.source_zip_path!) }).toEqual({ service, zip: `./../dist/${service}.zip` });
    }
  });

  it('run on the Node major the repository pins (.nvmrc), arm64, from index.handler', () => {
    const nodeMajor = readFileSync(join(REPO_ROOT, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0];
    const variables = project.modules['terraform/modules/lambda-service']!.variables;
    const overrides = [...functionModules.values()].flatMap(({ call }) => ['runtime', 'architectures', 'handler'].filter((k) => k in call));

    expect(variables.runtime!.default).toBe(`nodejs${nodeMajor}.x`);
    expect(variables.architectures!.default).toEqual(['arm64']);
    expect(variables.handler!.default).toBe('index.handler');
    expect(overrides).toEqual([]);
  });

  it('trigger the event processor from the events queue with partial batch failures', () => {
    const { call } = functionModules.get('analytics-event-processor')!;
    const esm = project.modules['terraform/modules/lambda-service']!.resources.aws_lambda_event_source_mapping!.sqs!;
    expect(call.sqs_event_source_enabled).toBe(true);
    expect(call.sqs_queue_arn).toBe('${module.events_queue.queue_arn}');
    expect(esm.function_response_types).toEqual(['ReportBatchItemFailures']);
    expect(esm.scaling_config).toEqual([{ maximum_concurrency: '${var.sqs_maximum_concurrency}' }]);
  });

  it('run the aggregator every 5 minutes (configurable per workspace) and serve the dashboard API through a Function URL', () => {
    const schedule = project.root.modules.aggregator_schedule!;
    const scheduleModule = project.modules['terraform/modules/schedule']!;
    expect(schedule.function_arn).toBe(`\${module.${functionModules.get('analytics-aggregator')!.callName}.function_arn}`);
    expect(scheduleModule.variables.schedule_expression!.default).toBe('rate(5 minutes)');
    expect(project.root.variables.aggregator_schedule_expression!.default).toBe('rate(5 minutes)');
    expect(JSON.stringify(project.root.variables.aggregator_schedule_expression!.validation)).toContain('minutes');
    expect(functionModules.get('analytics-dashboard-api')!.call.function_url_enabled).toBe(true);
  });
});

describe('the Lambda timeouts', () => {
  it('exceed the Athena query deadline of every function that queries Athena, so a slow query is stopped and reported, not cut off', async () => {
    // Prepare
    const root = rootEvaluator(project, 'production');

    // Act
    const deadlines = [];
    for (const service of lambdaServices) {
      const env = await loadServiceEnv(service.configPath!);
      const call = functionModules.get(service.name)!.call;
      const set = call.environment_variables as Record<string, string>;
      const deadline = set.ATHENA_QUERY_TIMEOUT_SECONDS !== undefined ? root.value(set.ATHENA_QUERY_TIMEOUT_SECONDS) : env.defaults.ATHENA_QUERY_TIMEOUT_SECONDS;
      if (deadline !== undefined) deadlines.push({ service: service.name, deadline: Number(deadline), timeout: Number(root.value(call.timeout!)) });
    }

    // Assess
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlines.filter((d) => !(d.deadline < d.timeout))).toEqual([]);
  });
});

describe.each(lambdaServices.map((s) => [s.name, s] as const))('the environment of %s', (name, service) => {
  it('sets every variable its config spec requires and none it does not declare', async () => {
    // Prepare
    expect(service.configPath).toBeDefined();
    const env = await loadServiceEnv(service.configPath!);
    const module = functionModules.get(name);
    expect(module).toBeDefined();
    const vars = module!.call.environment_variables;
    expect(isObject(vars)).toBe(true);

    // Act
    const set = Object.keys(vars as object).sort();

    // Assess
    expect({ missing: env.required.filter((v) => !set.includes(v)), undeclared: set.filter((v) => !env.all.includes(v)) }).toEqual({ missing: [], undeclared: [] });
  });
});
