import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadTerraformProject, parseHclFile, type TerraformProject } from '../src/terraform-config';
import { unresolvedReferences } from '../src/references';
import { moduleArgumentProblems, tfvarsProblems, undocumentedDeclarations, unusedDeclarations } from '../src/module-checks';
import { policyProblems } from '../src/iam-statements';
import { namedResources, rootEvaluator, UnsupportedExpressionError } from '../src/evaluate';
import { grantedActions, sdkActionsOfHandler } from '../src/sdk-calls';
import { functionUrlConcurrencyProblems } from '../src/function-url-checks';
import { actionlintFindings, deployPipelineProblems, planOnPullRequestProblems, structuralProblems, untestedTools, type Workflow } from '../src/workflows';
import { parse as parseYaml } from 'yaml';

/** Writes a throw-away Terraform project (files by relative path) and loads it like the real one. */
async function fixture(files: Record<string, string>): Promise<{ project: TerraformProject; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'infra-checks-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { project: await loadTerraformProject(join(dir, 'terraform'), dir), dir };
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const queueModule = {
  'terraform/modules/q/variables.tf': `
variable "name" {
  description = "Queue name"
  type        = string
}

variable "retention" {
  type    = number
  default = 60
}
`,
  'terraform/modules/q/main.tf': `
resource "aws_sqs_queue" "this" {
  name                      = var.name
  message_retention_seconds = var.retention
}
`,
  'terraform/modules/q/outputs.tf': `
output "queue_arn" {
  value = aws_sqs_queue.this.arn
}
`,
};

describe('the Terraform checks', () => {
  it('report a file that does not parse, naming it', async () => {
    const { dir } = await fixture({ 'terraform/main.tf': '' });
    writeFileSync(join(dir, 'terraform/broken.tf'), 'resource "aws_sqs_queue" "this" {\n');

    await expect(parseHclFile(join(dir, 'terraform/broken.tf'), dir)).rejects.toThrow(/terraform\/broken\.tf does not parse/);
    await expect(loadTerraformProject(join(dir, 'terraform'), dir)).rejects.toThrow(/terraform\/broken\.tf does not parse/);
  });

  it('report a variable without description and an output without description', async () => {
    const { project } = await fixture({ ...queueModule, 'terraform/main.tf': 'module "q" {\n  source = "./modules/q"\n  name   = "x"\n}\n' });
    expect(undocumentedDeclarations(project, project.modules['terraform/modules/q']!)).toEqual([
      'terraform/modules/q: variable retention has no description',
      'terraform/modules/q: output queue_arn has no description',
    ]);
  });

  it('report an unknown module argument and a missing required one', async () => {
    const { project } = await fixture({ ...queueModule, 'terraform/main.tf': 'module "q" {\n  source   = "./modules/q"\n  retentio = 5\n}\n' });
    expect(moduleArgumentProblems(project, project.root)).toEqual(['module.q: retentio is not a variable of terraform/modules/q', 'module.q: required name is not given']);
  });

  it('report references to undeclared variables, locals, module outputs, data sources and resources', async () => {
    const { project } = await fixture({
      ...queueModule,
      'terraform/main.tf': `
module "q" {
  source = "./modules/q"
  name   = "\${var.prefix}-\${local.suffix}"
}

resource "aws_sns_topic" "alarms" {
  name   = module.q.queue_url
  policy = data.aws_iam_policy_document.missing.json
  tags   = { q = aws_sqs_queue.elsewhere.arn, ok = module.q.queue_arn }
}
`,
    });
    const problems = (await unresolvedReferences(project, project.root)).map((p) => `${p.reference}: ${p.problem}`).sort();
    expect(problems).toEqual([
      'aws_sqs_queue.elsewhere.arn: no resource "aws_sqs_queue" "elsewhere"',
      'data.aws_iam_policy_document.missing.json: no data "aws_iam_policy_document" "missing"',
      'local.suffix: no local "suffix"',
      'module.q.queue_url: module "q" has no output "queue_url"',
      'var.prefix: no variable "prefix"',
    ]);
  });

  it('report an unused variable', async () => {
    const { project } = await fixture({ ...queueModule, 'terraform/main.tf': 'variable "unused" {\n  type        = string\n  description = "x"\n}\n' });
    expect(await unusedDeclarations(project, project.root)).toEqual(['terraform: var.unused']);
  });

  it('report tfvars that miss a required variable or set an unknown one', async () => {
    const { project } = await fixture({ 'terraform/variables.tf': 'variable "environment" {\n  type        = string\n  description = "x"\n}\n' });
    expect(tfvarsProblems(project.root, 'staging.tfvars', { enviroment: 'staging' })).toEqual([
      'staging.tfvars: enviroment is not a variable of the root module',
      'staging.tfvars: required variable environment is not set',
    ]);
  });

  it('report wildcard and NotAction grants, unscoped resources and jsonencode policies, but allow a Deny guardrail on s3:*', async () => {
    const { project } = await fixture({
      'terraform/iam.tf': `
data "aws_iam_policy_document" "bad" {
  statement {
    actions   = ["s3:*", "dynamodb:Get*"]
    resources = ["*"]
  }
  statement {
    not_actions = ["iam:PassRole"]
    resources   = ["arn:aws:s3:::b"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "inline" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:1:q" }] })
}

locals {
  statements = {
    all = { actions = ["*"], resources = ["arn:aws:s3:::b"] }
  }
}
`,
    });
    const problems = Object.entries(project.root.parsed).flatMap(([f, j]) => policyProblems(f, j)).map((p) => p.problem);
    expect(problems.sort()).toEqual(
      [
        'wildcard action "s3:*"',
        'wildcard action "dynamodb:Get*"',
        'unscoped resource "*"',
        'NotAction grants everything it does not name',
        'wildcard action "*"',
        'policy built with jsonencode(): write it as an aws_iam_policy_document so its statements can be checked',
      ].sort(),
    );
  });

  it('allow "*" only for a statement made entirely of actions that support no resource type', async () => {
    const { project } = await fixture({
      'terraform/iam.tf': `
locals {
  statements = {
    query_results = { actions = ["logs:GetQueryResults", "logs:StopQuery"], resources = ["*"] }
    smuggled      = { actions = ["logs:GetQueryResults", "logs:StartQuery"], resources = ["*"] }
  }
}
`,
    });
    const problems = Object.entries(project.root.parsed).flatMap(([f, j]) => policyProblems(f, j));
    expect(problems.map((p) => [p.path.split('.').slice(-2, -1)[0], p.problem])).toEqual([['smuggled', 'unscoped resource "*"']]);
  });

  it('evaluate a name through module inputs and for_each, and refuse what they cannot evaluate', async () => {
    const { project } = await fixture({
      ...queueModule,
      'terraform/main.tf': `
locals {
  env = replace(terraform.workspace, "_", "-")
}

module "q" {
  source = "./modules/q"
  name   = "\${local.env}-events"
}

resource "aws_s3_bucket" "this" {
  for_each = { lake = "\${local.env}-lake", bad = "\${upper(local.env)}" }
  bucket   = each.value
}
`,
    });
    expect(rootEvaluator(project, 'staging').child('q').resourceNames('aws_sqs_queue', 'this')).toEqual([{ address: 'module.q.aws_sqs_queue.this', key: undefined, name: 'staging-events' }]);
    expect(() => namedResources(project, 'staging')).toThrow(UnsupportedExpressionError);
  });
});

describe('the Function URL concurrency check', () => {
  const functionModule = {
    'terraform/modules/fn/variables.tf': `
variable "function_url_enabled" {
  description = "x"
  type        = bool
  default     = false
}

variable "reserved_concurrent_executions" {
  description = "x"
  type        = number
  default     = -1
}
`,
    'terraform/modules/fn/main.tf': `
resource "aws_lambda_function" "this" {
  function_name                  = "fn"
  reserved_concurrent_executions = var.reserved_concurrent_executions
}

resource "aws_lambda_function_url" "this" {
  count              = var.function_url_enabled ? 1 : 0
  function_name      = aws_lambda_function.this.function_name
  authorization_type = "NONE"
}
`,
  };

  it('reports a public Function URL without a reservation, or with one a workspace sets to unreserved, and passes a reserved one or a private function', async () => {
    // Prepare: four calls of a function module; two are public and unreserved in staging.
    const { project } = await fixture({
      ...functionModule,
      'terraform/variables.tf': `
variable "api_concurrency" {
  description = "x"
  type        = number
  default     = 10
}
`,
      'terraform/main.tf': `
module "public_unreserved" {
  source               = "./modules/fn"
  function_url_enabled = true
}

module "public_by_variable" {
  source                         = "./modules/fn"
  function_url_enabled           = true
  reserved_concurrent_executions = var.api_concurrency
}

module "public_reserved" {
  source                         = "./modules/fn"
  function_url_enabled           = true
  reserved_concurrent_executions = 5
}

module "private" {
  source = "./modules/fn"
}
`,
    });

    // Act
    const staging = functionUrlConcurrencyProblems(project, 'staging', { api_concurrency: -1 });
    const production = functionUrlConcurrencyProblems(project, 'production', {});

    // Assess
    expect(staging).toEqual([
      'module.public_by_variable (staging): reserved_concurrent_executions is -1; a public Function URL needs a reservation of at least 1',
      'module.public_unreserved (staging): a public Function URL without reserved_concurrent_executions',
    ]);
    expect(production).toEqual(['module.public_unreserved (production): a public Function URL without reserved_concurrent_executions']);
  });
});

describe('the IAM-versus-code check', () => {
  it('finds the IAM action of every SDK command a handler can send, under an alias too, and ignores commands it only imports', async () => {
    // Prepare
    const { dir } = await fixture({
      'terraform/main.tf': '',
      'handler.ts': `
import { DeleteObjectCommand, HeadObjectCommand as Head, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
const s3 = new S3Client({});
export const handler = async () => {
  await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }));
  await s3.send(new Head({ Bucket: 'b', Key: 'k' }));
  return [ListBucketsCommand.name, new UpdateCommand({ TableName: 't', Key: {} })];
};
`,
    });

    // Act
    const actions = await sdkActionsOfHandler(join(dir, 'handler.ts'));

    // Assess
    expect(actions).toEqual(['dynamodb:UpdateItem', 's3:DeleteObject', 's3:GetObject']);
  });

  it('refuses policy statements it cannot read without evaluating them', async () => {
    const { project } = await fixture({
      'terraform/main.tf': `
locals {
  literal = { read = { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::b/*"] } }
}

module "fn" {
  source            = "./m"
  policy_statements = merge(local.literal, { extra = { actions = ["s3:PutObject"], resources = ["arn:aws:s3:::b/*"] } })
}
`,
      'terraform/m/variables.tf': 'variable "policy_statements" {\n  type        = any\n  description = "x"\n}\n',
    });
    expect(() => grantedActions(project.root, project.root.modules.fn!)).toThrow(/not a literal map of statements/);
  });
});

describe('the workflow checks', () => {
  const workflow = (file: string, text: string): Workflow => ({ file, text, doc: parseYaml(text) as Workflow['doc'] });

  it('report what actionlint finds: an unknown job dependency and a bad expression', async () => {
    const w = workflow('.github/workflows/x.yml', 'on: push\njobs:\n  a:\n    needs: missing\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope( }}\n');
    const findings = await actionlintFindings(w);
    expect(findings.some((f) => f.includes('missing'))).toBe(true);
    expect(findings.length).toBeGreaterThanOrEqual(2);
  });

  it('report a job that runs nowhere, an empty step and a reusable call with an undeclared or missing input', () => {
    const reusable = workflow('.github/workflows/_r.yml', 'on:\n  workflow_call:\n    inputs:\n      service:\n        type: string\n        required: true\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n');
    const caller = workflow('.github/workflows/c.yml', 'on: push\njobs:\n  a:\n    steps:\n      - name: nothing\n  call:\n    uses: ./.github/workflows/_r.yml\n    with:\n      servic: x\n');
    expect(structuralProblems(caller, [reusable, caller])).toEqual([
      '.github/workflows/c.yml: job a has neither runs-on nor uses',
      '.github/workflows/c.yml: job a step 1 must have exactly one of run and uses',
      '.github/workflows/c.yml: job call passes servic, which ./.github/workflows/_r.yml does not declare',
      '.github/workflows/c.yml: job call does not pass the required input service of ./.github/workflows/_r.yml',
    ]);
  });
});

describe('the provider-schema, alarm-routing and function-URL checks', () => {
  it('report a misspelled batching window, authorization type, workgroup enforcement and TTL attribute name', async () => {
    const { loadProviderSchema, schemaProblems } = await import('../src/provider-schema');
    const { project } = await fixture({
      'terraform/main.tf': `
resource "aws_lambda_event_source_mapping" "sqs" {
  function_name                     = "f"
  maximum_batching_window_in_second = 30
  scaling_config {
    maximum_concurrency = 2
  }
}

resource "aws_lambda_function_url" "this" {
  function_name      = "f"
  authorisation_type = "NONE"
}

resource "aws_athena_workgroup" "this" {
  name = "w"
  configuration {
    enforce_workgroup_config = true
  }
}

resource "aws_dynamodb_table" "this" {
  name     = "t"
  hash_key = "pk"
  dynamic "attribute" {
    for_each = ["pk"]
    content {
      name = attribute.value
      type = "S"
    }
  }
  ttl {
    attribute = "expires_at"
    enabled   = true
  }
}
`,
    });
    expect(schemaProblems(project.root, loadProviderSchema(), 'terraform').sort()).toEqual([
      'terraform: aws_athena_workgroup.this.configuration: enforce_workgroup_config is not an argument or block of the provider schema',
      'terraform: aws_dynamodb_table.this.ttl: attribute is not an argument or block of the provider schema',
      'terraform: aws_lambda_event_source_mapping.sqs: maximum_batching_window_in_second is not an argument or block of the provider schema',
      'terraform: aws_lambda_function_url.this: authorisation_type is not an argument or block of the provider schema',
    ]);
  });

  it('report a lock without an upper bound or below a later argument, and a root pin without an upper bound', async () => {
    const { lockFileProblems } = await import('../src/lock-file');
    const later = [{ kind: 'resource' as const, type: 'aws_lambda_permission', path: 'invoked_via_function_url', since: '6.28.0', changelog: '' }];
    const lock = { provider: { 'registry.terraform.io/hashicorp/aws': [{ version: '6.25.0', constraints: '>= 6.0.0', hashes: ['h1:not-a-hash'] }] } };
    expect(lockFileProblems(lock, '>= 6.25', later)).toEqual([
      'the root module\'s aws constraint ">= 6.25" is not ">= min, < max"',
      'locked 6.25.0 lacks aws_lambda_permission.invoked_via_function_url (since 6.28.0)',
      'the lock records no upper bound in constraints',
      'hash "h1:not-a-hash" is no h1:/zh: checksum',
    ]);
  });

  it('report an alarm without ok_actions, one routed to a defaulted variable, and a module call that routes nowhere', async () => {
    const { unroutedAlarms } = await import('../src/alarm-routing');
    const { project } = await fixture({
      'terraform/main.tf': `
resource "aws_sns_topic" "alarms" {
  name = "a"
}

resource "aws_cloudwatch_metric_alarm" "root" {
  alarm_name    = "r"
  alarm_actions = [aws_sns_topic.alarms.arn]
}

module "m" {
  source        = "./m"
  alarm_actions = []
}
`,
      'terraform/m/main.tf': `
variable "alarm_actions" {
  type        = list(string)
  description = "x"
  default     = []
}

resource "aws_cloudwatch_metric_alarm" "inner" {
  alarm_name    = "i"
  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions
}
`,
    });
    expect(unroutedAlarms(project)).toEqual([
      'terraform: aws_cloudwatch_metric_alarm.root.ok_actions is not set',
      'terraform/m: aws_cloudwatch_metric_alarm.inner.alarm_actions: var.alarm_actions has a default, so a call may leave the alarm unrouted',
      'terraform: module.m.alarm_actions reaches no SNS topic (routes terraform/m: aws_cloudwatch_metric_alarm.inner.alarm_actions)',
      'terraform/m: aws_cloudwatch_metric_alarm.inner.ok_actions: var.alarm_actions has a default, so a call may leave the alarm unrouted',
      'terraform: module.m.alarm_actions reaches no SNS topic (routes terraform/m: aws_cloudwatch_metric_alarm.inner.ok_actions)',
    ]);
  });

  it('report a function URL permission with the reserved statement id and no ordering after the URL', async () => {
    const { functionUrlPermissionProblems } = await import('../src/alarm-routing');
    const { project } = await fixture({
      'terraform/main.tf': `
resource "aws_lambda_function_url" "this" {
  function_name      = "f"
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "url" {
  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "f"
  principal              = "*"
  function_url_auth_type = "NONE"
}
`,
    });
    expect(functionUrlPermissionProblems(project)).toEqual([
      'terraform: aws_lambda_permission.url uses the reserved statement id FunctionURLAllowPublicAccess',
      'terraform: aws_lambda_permission.url grants function URL access without depends_on the aws_lambda_function_url',
    ]);
  });
});

describe('the deploy pipeline checks', () => {
  const workflow = (file: string, text: string): Workflow => ({ file, text, doc: parseYaml(text) as Workflow['doc'] });

  it('report production not waiting for staging, no OIDC grant, no role, no S3 versioned upload and a smoke test before apply', () => {
    const caller = workflow(
      '.github/workflows/deploy.yml',
      'on:\n  push:\n    branches: [main]\njobs:\n  staging:\n    uses: ./.github/workflows/_d.yml\n    with:\n      environment: staging\n  production:\n    uses: ./.github/workflows/_d.yml\n    with:\n      environment: production\n',
    );
    const reusable = workflow(
      '.github/workflows/_d.yml',
      'on:\n  workflow_call:\n    inputs:\n      environment:\n        type: string\n        required: true\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-region: us-east-1\n      - run: aws s3 cp dist/x.zip s3://b/x.zip\n      - run: .github/scripts/smoke-test.sh staging url\n      - run: terraform apply tfplan\n',
    );
    const problems = deployPipelineProblems([caller, reusable]);
    expect(problems).toEqual(
      expect.arrayContaining([
        '.github/workflows/deploy.yml: production does not wait for staging (needs)',
        '.github/workflows/deploy.yml: job staging does not grant id-token: write (OIDC)',
        '.github/workflows/_d.yml: job d does not run in the GitHub environment it deploys (environment: ${{ inputs.environment }})',
        '.github/workflows/_d.yml: job d does not assume an AWS role with aws-actions/configure-aws-credentials role-to-assume',
        '.github/workflows/_d.yml: job d does not upload the artifact to S3 and keep its object version',
        '.github/workflows/_d.yml: job d does not run the smoke test after terraform apply',
      ]),
    );
  });

  it('report a pull-request plan that skips a workspace and has no OIDC role, and a tool whose tests no workflow runs', () => {
    const tf = workflow('.github/workflows/terraform.yml', 'on: push\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        workspace: [staging]\n    steps:\n      - run: terraform plan\n      - run: npm test -- tools/bench/\n');
    expect(planOnPullRequestProblems(tf, ['staging', 'production'])).toEqual([
      '.github/workflows/terraform.yml: not triggered by pull requests',
      '.github/workflows/terraform.yml: job plan does not plan workspace production',
      '.github/workflows/terraform.yml: job plan does not grant id-token: write',
      '.github/workflows/terraform.yml: job plan does not assume an AWS role by OIDC',
    ]);
    expect(untestedTools([tf], ['bench', 'dlq-redrive'])).toEqual(['dlq-redrive']);
  });
});
