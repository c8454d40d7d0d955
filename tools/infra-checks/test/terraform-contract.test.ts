import { EVENTS_COLUMNS } from '@picasso/shared/duckdb';
import { LAKE_PREFIX, QUARANTINE_PREFIX, QUARANTINE_REPLAYED_PREFIX, resourceNames, SPILL_PREFIX, SPILL_REPLAYED_PREFIX, tableSpecs, type ResourceNames } from '@picasso/shared';
import { loadTerraformProject, type TerraformProject } from '../src/terraform-config';
import { EXAMPLE_SCOPE, namedResources, rootEvaluator, type Value } from '../src/evaluate';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';

let project: TerraformProject;
beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
});

const WORKSPACES = ['staging', 'production'] as const;
const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** resourceNames(env) with Terraform's snake_case keys (`eventsQueue` → `events_queue`). */
function expectedNameLocals(n: ResourceNames): Record<string, unknown> {
  const { environment: _environment, ...rest } = n;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [snake(k), v]));
}

/** Every name the naming module gives, by AWS resource type, plus the log group of each function. */
function expectedNamedResources(n: ResourceNames): { type: string; name: string }[] {
  const fns = Object.values(n.functions);
  return [
    ...[n.eventsQueue, n.eventsDeadLetterQueue].map((name) => ({ type: 'aws_sqs_queue', name })),
    ...[n.lakeBucket, n.archiveBucket, n.configBucket].map((name) => ({ type: 'aws_s3_bucket', name })),
    ...tableSpecs(n).map((t) => ({ type: 'aws_dynamodb_table', name: t.name })),
    ...fns.map((name) => ({ type: 'aws_lambda_function', name })),
    ...fns.map((name) => ({ type: 'aws_cloudwatch_log_group', name: `/aws/lambda/${name}` })),
    { type: 'aws_glue_catalog_database', name: n.glueDatabase },
    { type: 'aws_glue_catalog_table', name: n.glueTable },
    { type: 'aws_athena_workgroup', name: n.athenaWorkgroup },
    { type: 'aws_cloudwatch_event_rule', name: n.aggregatorScheduleRule },
    { type: 'aws_sns_topic', name: n.alarmsTopic },
  ].sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

describe.each(WORKSPACES)('the Terraform names in the %s workspace', (workspace) => {
  it('derives local.names from terraform.workspace exactly as resourceNames() does', () => {
    // Act
    const names = rootEvaluator(project, workspace).expression('local.names');

    // Assess
    expect(names).toEqual(expectedNameLocals(resourceNames(workspace, EXAMPLE_SCOPE)));
  });

  it('gives every named AWS resource (queue, bucket, table, function, log group, Glue, Athena, rule, alarm topic) its resourceNames() name, and creates no other', () => {
    // Act
    const actual = namedResources(project, workspace)
      .map(({ type, name }) => ({ type, name }))
      .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));

    // Assess
    expect(actual).toEqual(expectedNamedResources(resourceNames(workspace, EXAMPLE_SCOPE)));
  });
});

describe('the DynamoDB tables', () => {
  it.each(WORKSPACES)('match tableSpecs(resourceNames(%s)): names, keys, attribute types, GSIs and TTL', (workspace) => {
    // Prepare
    const tables = rootEvaluator(project, workspace).child('tables').expression('local.tables') as Record<string, Record<string, Value>>;

    // Act
    const fromTerraform = Object.values(tables)
      .map((t) => ({
        name: t.name,
        hashKey: t.hash_key,
        ...(t.range_key ? { rangeKey: t.range_key } : {}),
        attributes: t.attributes,
        ...(t.ttl_attribute ? { ttlAttribute: t.ttl_attribute } : {}),
        ...((t.global_secondary_indexes as Record<string, Value>[]).length
          ? { globalSecondaryIndexes: (t.global_secondary_indexes as Record<string, Value>[]).map((g) => ({ name: g.name, hashKey: g.hash_key, ...(g.range_key ? { rangeKey: g.range_key } : {}) })) }
          : {}),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));

    // Assess
    expect(fromTerraform).toEqual([...tableSpecs(resourceNames(workspace, EXAMPLE_SCOPE))].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('keeps point-in-time recovery for the data that cannot be rebuilt, and a customer-managed key for the PII', () => {
    const tables = rootEvaluator(project, 'staging').child('tables').expression('local.tables') as Record<string, Record<string, Value>>;
    const notDerivable = Object.keys(tables).filter((k) => tables[k]!.derivable === false).sort();
    const customerKey = Object.keys(tables).filter((k) => tables[k]!.customer_managed_key === true);
    const table = project.modules['terraform/modules/tables']!.resources.aws_dynamodb_table!.this!;

    expect(notDerivable).toEqual(['audit', 'conversations', 'daily_aggregates', 'form_submissions', 'token_blacklist']);
    expect(customerKey).toEqual(['form_submissions']);
    expect(table.point_in_time_recovery).toEqual([{ enabled: '${var.point_in_time_recovery_enabled && !each.value.derivable}' }]);
    expect(table.server_side_encryption).toEqual([{ enabled: true, kms_key_arn: '${each.value.customer_managed_key ? aws_kms_key.form_submissions.arn : null}' }]);
    expect(project.modules['terraform/modules/tables']!.resources.aws_kms_key!.form_submissions!.enable_key_rotation).toBe(true);
  });
});

describe('the Glue events table', () => {
  const glue = () => project.modules['terraform/modules/data-lake']!.resources.aws_glue_catalog_table!.events!;

  it('has the seed columns in the seed order with the lake view types, and the four partition keys', () => {
    const sd = (glue().storage_descriptor as Record<string, Value>[])[0]!;
    const hiveType = { VARCHAR: 'string', INTEGER: 'int' } as const;

    expect((sd.columns as Record<string, Value>[]).map((c) => [c.name, c.type])).toEqual(Object.entries(EVENTS_COLUMNS).map(([c, t]) => [c, hiveType[t]]));
    expect((glue().partition_keys as Record<string, Value>[]).map((c) => [c.name, c.type])).toEqual([
      ['tenant_id', 'string'],
      ['year', 'int'],
      ['month', 'int'],
      ['day', 'int'],
    ]);
    expect((sd.ser_de_info as Record<string, Value>[])[0]!.serialization_library).toBe('org.openx.data.jsonserde.JsonSerDe');
  });

  it.each(WORKSPACES)('projects partitions onto the lake layout of the %s lake bucket', (workspace) => {
    // Act
    const params = rootEvaluator(project, workspace).child('data_lake').value(glue().parameters!) as Record<string, string>;

    // Assess
    const lake = resourceNames(workspace, EXAMPLE_SCOPE).lakeBucket;
    expect(params).toMatchObject({
      'projection.enabled': 'true',
      'projection.tenant_id.type': 'injected',
      'projection.year.type': 'integer',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
      'storage.location.template': `s3://${lake}/${LAKE_PREFIX}tenant_id=\${tenant_id}/year=\${year}/month=\${month}/day=\${day}/`,
    });
    expect(params['projection.year.range']).toMatch(/^\d{4},\d{4}$/);
  });

  it('uses the lake prefixes of the shared layout for events, quarantine and their lifecycle', () => {
    const dataLake = rootEvaluator(project, 'staging').child('data_lake');
    expect(dataLake.expression('local.lake_prefix')).toBe(LAKE_PREFIX);
    expect(dataLake.expression('local.quarantine_prefix')).toBe(QUARANTINE_PREFIX);
    expect(dataLake.expression('local.spill_prefix')).toBe(SPILL_PREFIX);
    expect(dataLake.expression('local.quarantine_replayed_prefix')).toBe(QUARANTINE_REPLAYED_PREFIX);
    expect(dataLake.expression('local.spill_replayed_prefix')).toBe(SPILL_REPLAYED_PREFIX);
    const rules = project.modules['terraform/modules/data-lake']!.resources.aws_s3_bucket_lifecycle_configuration!.lake!.rule as Record<string, Value>[];
    const expiry = Object.fromEntries(
      rules.filter((r) => r.expiration).map((r) => [dataLake.value((r.filter as Record<string, Value>[])[0]!.prefix as string), dataLake.value(((r.expiration as Record<string, Value>[])[0]!.days) as string)]),
    );
    // Every prefix the code writes expires: spill and replayed copies hold event bodies too.
    expect(expiry).toEqual({ [LAKE_PREFIX]: 90, [QUARANTINE_PREFIX]: 30, [SPILL_PREFIX]: 30, [QUARANTINE_REPLAYED_PREFIX]: 7, [SPILL_REPLAYED_PREFIX]: 7, 'athena-results/': 7 });
  });
});

describe('the events queue', () => {
  it('redrives to the DLQ after at least 5 receives, with a visibility timeout of 6 x the processor timeout plus its batching window', () => {
    const root = rootEvaluator(project, 'production');
    const queueCall = project.root.modules.events_queue!;
    const processorCall = project.root.modules.analytics_event_processor!;

    expect(root.value(queueCall.max_receive_count!)).toBeGreaterThanOrEqual(5);
    expect(root.value(queueCall.consumer_timeout_seconds!)).toBe(root.value(processorCall.timeout!));
    // The root leaves the visibility timeout to the module, which derives it and refuses less.
    const queueModule = project.modules['terraform/modules/event-queue']!;
    const queue = queueModule.resources.aws_sqs_queue!.this!;
    expect(queueCall.visibility_timeout_seconds).toBeUndefined();
    expect(queueModule.locals.visibility_timeout_seconds).toBe('${coalesce(var.visibility_timeout_seconds, 6 * var.consumer_timeout_seconds + var.consumer_batching_window_seconds)}');
    expect(queueCall.consumer_batching_window_seconds).toBe('${var.processor_batching_window_seconds}');
    expect(processorCall.sqs_maximum_batching_window_in_seconds).toBe('${var.processor_batching_window_seconds}');
    expect(queue.visibility_timeout_seconds).toBe('${local.visibility_timeout_seconds}');
    expect(JSON.stringify(queue.lifecycle)).toContain('local.visibility_timeout_seconds >= 6 * var.consumer_timeout_seconds');
    expect(queue.redrive_policy).toContain('maxReceiveCount     = var.max_receive_count');
    expect(JSON.stringify(queueModule.variables.max_receive_count!.validation)).toContain('var.max_receive_count >= 5');
  });
});
