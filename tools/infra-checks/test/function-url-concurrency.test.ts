import { functionUrlConcurrencyProblems } from '../src/function-url-checks';
import { REPO_ROOT, TERRAFORM_DIR } from '../src/paths';
import { loadTerraformProject, parseHclFile, type TerraformProject } from '../src/terraform-config';

let project: TerraformProject;
beforeAll(async () => {
  project = await loadTerraformProject(TERRAFORM_DIR, REPO_ROOT);
});

describe('the public Function URLs', () => {
  it.each(['staging', 'production'])('each have reserved concurrency in the %s workspace', async (workspace) => {
    // Prepare
    const tfvars = await parseHclFile(`${TERRAFORM_DIR}/workspaces/${workspace}.tfvars`, REPO_ROOT);

    // Act
    const problems = functionUrlConcurrencyProblems(project, workspace, tfvars);

    // Assess
    expect(Object.values(project.root.modules).some((call) => call.function_url_enabled === true)).toBe(true);
    expect(problems).toEqual([]);
  });
});
