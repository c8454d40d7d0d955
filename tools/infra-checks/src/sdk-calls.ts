import { build, type Plugin } from 'esbuild';
import { isObject, type Block, type TerraformModule } from './terraform-config';

/** IAM service prefix of each AWS SDK v3 package a service may import. */
const PACKAGE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-athena': 'athena',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-glue': 'glue',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-bedrock-runtime': 'bedrock',
  '@aws-sdk/client-bedrock-agent-runtime': 'bedrock',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
};

/** Commands whose IAM action is not their name (the document client's, S3's list and head). */
const ACTION_OF_COMMAND: Record<string, string> = {
  'dynamodb:Get': 'dynamodb:GetItem',
  'dynamodb:Put': 'dynamodb:PutItem',
  'dynamodb:Update': 'dynamodb:UpdateItem',
  'dynamodb:Delete': 'dynamodb:DeleteItem',
  'dynamodb:BatchWrite': 'dynamodb:BatchWriteItem',
  'dynamodb:BatchGet': 'dynamodb:BatchGetItem',
  'dynamodb:TransactWrite': 'dynamodb:TransactWriteItems',
  'dynamodb:TransactGet': 'dynamodb:TransactGetItems',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  // Converse is authorised as the invoke actions (https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html).
  'bedrock:Converse': 'bedrock:InvokeModel',
  'bedrock:ConverseStream': 'bedrock:InvokeModelWithResponseStream',
};

/** Bundles only our code: every package but the workspace ones stays an import, so SDK commands show as imports. */
const ownCodeOnly: Plugin = {
  name: 'own-code-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@picasso/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * The IAM actions of the AWS SDK commands a service's bundle can send: the handler is bundled
 * like `make build-<service>` does (esbuild, tree-shaken), with every package left external, and
 * every `new XCommand(` of an `@aws-sdk/*` import is one action. It over-approximates (a class
 * ships whole, even methods the service never calls) and never under-approximates.
 */
export async function sdkActionsOfHandler(handlerPath: string): Promise<string[]> {
  const result = await build({ entryPoints: [handlerPath], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node22', plugins: [ownCodeOnly], logLevel: 'silent' });
  const code = result.outputFiles[0]!.text;
  const actions = new Set<string>();
  for (const [, specifiers, pkg] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(@aws-sdk\/[^"]+)"/g)) {
    const prefix = PACKAGE_PREFIX[pkg!];
    for (const spec of specifiers!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [imported, local = imported] = spec.split(/\s+as\s+/) as [string, string?];
      if (!imported.endsWith('Command') || !code.includes(`new ${local}(`)) continue;
      if (!prefix) throw new Error(`${handlerPath}: no IAM prefix known for ${pkg}`);
      const action = `${prefix}:${imported.replace(/Command$/, '')}`;
      actions.add(ACTION_OF_COMMAND[action] ?? action);
    }
  }
  return [...actions].sort();
}

/** Actions a call needs beyond its own, because AWS performs them with the caller's credentials. */
export const IMPLIED_ACTIONS: Record<string, string[]> = {
  // Athena reads the catalog, scans the lake and writes results as the caller
  // (https://docs.aws.amazon.com/athena/latest/ug/managed-policies.html).
  'athena:StartQueryExecution': ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions', 's3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
  // Without ListBucket a missing key answers AccessDenied instead of NoSuchKey.
  's3:GetObject': ['s3:ListBucket'],
  // Tables encrypted with a customer-managed key need kms:Decrypt to read.
  'dynamodb:GetItem': ['kms:Decrypt'],
  'dynamodb:Query': ['kms:Decrypt'],
  'dynamodb:Scan': ['kms:Decrypt'],
};

/**
 * The actions of a lambda-service call's `policy_statements`, which must be `local.x` or
 * `merge(local.a, local.b, …)` of literal statement maps (so they can be read without evaluating
 * resource ARNs).
 */
export function grantedActions(root: TerraformModule, call: Block): string[] {
  const expr = call.policy_statements;
  const match = typeof expr === 'string' ? /^\$\{(?:merge\((.*)\)|(local\.\w+))\}$/.exec(expr) : null;
  if (!match) throw new Error(`policy_statements must be local.x or merge(local.a, …), got ${JSON.stringify(expr)}`);
  const locals = (match[1] ?? match[2]!).split(',').map((s) => s.trim());
  const actions = new Set<string>();
  for (const ref of locals) {
    const name = /^local\.(\w+)$/.exec(ref)?.[1];
    const statements = name ? root.locals[name] : undefined;
    if (!isObject(statements)) throw new Error(`${ref} in policy_statements is not a literal map of statements`);
    for (const [key, statement] of Object.entries(statements)) {
      if (!isObject(statement) || !Array.isArray(statement.actions)) throw new Error(`${ref}.${key} has no literal actions list`);
      for (const a of statement.actions) actions.add(String(a));
    }
  }
  return [...actions].sort();
}
