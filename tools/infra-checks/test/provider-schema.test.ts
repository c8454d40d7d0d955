import { join } from 'node:path';
import { loadTerraformProject, parseHclFile, type TerraformProject } from '../src/terraform-config';
import { compareVersions, loadProviderSchema, schemaProblems, type SchemaFile } from '../src/provider-schema';
import { lockFileProblems } from '../src/lock-file';
import { functionUrlPermissionProblems, unroutedAlarms } from '../src/alarm-routing';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';

let project: TerraformProject;
let schema: SchemaFile;
beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
  schema = loadProviderSchema();
});

/** The root module's version constraint of hashicorp/aws. */
function rootAwsConstraint(): string {
  const text = JSON.stringify(project.root.parsed['terraform/versions.tf']);
  return /"source":"hashicorp\/aws","version":"([^"]+)"/.exec(text)![1]!;
}

describe('the AWS provider schema', () => {
  it('knows every argument and nested block of every resource and data source, in every module', () => {
    const modules = [project.root, ...Object.values(project.modules)];
    expect(modules.flatMap((m) => schemaProblems(m, schema, m === project.root ? 'terraform' : m.dir.slice(REPO_ROOT.length + 1)))).toEqual([]);
  });

  it('is the extract of a provider release the pin allows only together with the later-argument allow-list', () => {
    const [, min] = /^>= ?([\d.]+)/.exec(rootAwsConstraint())!;
    expect(schema.schema.extractedFrom).toBe('@cdktf/provider-aws@21.22.1');
    expect(schema.schema.providerVersion).toBe('6.25.0');
    for (const l of schema.later) expect({ argument: `${l.type}.${l.path}`, after: compareVersions(l.since, schema.schema.providerVersion) > 0, coveredByPin: compareVersions(`${min}.0`, l.since) >= 0 }).toEqual({ argument: `${l.type}.${l.path}`, after: true, coveredByPin: true });
  });

  it('pins hashicorp/aws with an upper bound and locks a version inside it in .terraform.lock.hcl', async () => {
    const lock = await parseHclFile(join(TERRAFORM_DIR, '.terraform.lock.hcl'), REPO_ROOT);
    expect(rootAwsConstraint()).toBe('>= 6.29, < 7.0');
    expect(lockFileProblems(lock, rootAwsConstraint(), schema.later)).toEqual([]);
  });
});

describe('the alarms and the function URL', () => {
  it('route every aws_cloudwatch_metric_alarm of every module to the environment\'s SNS topic on alarm and OK', () => {
    expect(unroutedAlarms(project)).toEqual([]);
  });

  it('declare no function URL permission that collides with what the URL adds itself', () => {
    expect(functionUrlPermissionProblems(project)).toEqual([]);
  });
});
