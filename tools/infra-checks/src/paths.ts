import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (this file is tools/infra-checks/src/paths.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
export const TERRAFORM_DIR = join(REPO_ROOT, 'terraform');
