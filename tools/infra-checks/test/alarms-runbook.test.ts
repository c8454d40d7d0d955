import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformProject, type TerraformProject } from '../src/terraform-config';
import { resourceAttributes } from '../src/evaluate';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';

let project: TerraformProject;
beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
});

describe('the CloudWatch alarms', () => {
  it('cover the DLQ depth and age, the queue backlog, each function\'s errors and throttles, Athena cancellations, quarantine growth, failed tenants, cache age, failed schedule invocations, spilled events and chat model failures', () => {
    // Act
    const names = resourceAttributes(project, 'production', 'aws_cloudwatch_metric_alarm', 'alarm_name').map((a) => a.name);

    // Assess
    expect(names.sort()).toEqual(
      [
        'production-picasso-analytics-events-dlq-depth',
        'production-picasso-analytics-events-dlq-oldest-message-age',
        'production-picasso-analytics-events-oldest-message-age',
        ...['analytics-event-processor', 'analytics-aggregator', 'analytics-dashboard-api', 'analytics-function'].flatMap((s) => [`production-${s}-errors`, `production-${s}-throttles`]),
        'production-picasso-analytics-cancelled-queries',
        'production-analytics-event-processor-events-quarantined',
        'production-analytics-aggregator-tenants-failed',
        'production-analytics-aggregator-cache-age',
        'production-picasso-analytics-aggregator-hourly-failed-invocations',
        ...['master-function', 'bedrock-streaming-handler'].flatMap((s) => [`production-${s}-errors`, `production-${s}-throttles`, `production-${s}-events-spilled`]),
        'production-bedrock-streaming-handler-model-failures',
      ].sort(),
    );
  });

  it('each point on-call to docs/runbook.md, which explains each one by its name or its metric', () => {
    // Prepare
    const runbook = readFileSync(join(REPO_ROOT, 'docs', 'runbook.md'), 'utf8');
    const attribute = (attr: string) => new Map(resourceAttributes(project, 'staging', 'aws_cloudwatch_metric_alarm', attr).map((a) => [a.address, a.name]));
    const names = attribute('alarm_name');
    const metrics = attribute('metric_name');
    const descriptions = attribute('alarm_description');

    // Act
    const undocumented = [...names].filter(([address, name]) => !runbook.includes(name.replace(/^staging-/, '<env>-')) && !runbook.includes(`\`${metrics.get(address)}\``));

    // Assess
    expect([...descriptions].filter(([, d]) => !d.includes('docs/runbook.md'))).toEqual([]);
    expect(undocumented.map(([address]) => address)).toEqual([]);
  });
});
