import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requiredVariables, type EnvSpec } from '@picasso/shared';

/** A folder under `services/`; a Lambda service has `src/handler.ts` (the dashboard is a static site). */
export interface ServiceFolder {
  name: string;
  dir: string;
  isLambda: boolean;
  configPath: string | undefined;
}

export function serviceFolders(repoRoot: string): ServiceFolder[] {
  const servicesDir = join(repoRoot, 'services');
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(servicesDir, e.name, 'package.json')))
    .map((e) => {
      const dir = join(servicesDir, e.name);
      const config = join(dir, 'src', 'config.ts');
      return { name: e.name, dir, isLambda: existsSync(join(dir, 'src', 'handler.ts')), configPath: existsSync(config) ? config : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** True for a value `defineEnv` made: a non-empty object of `{ description: string, … }`. */
function isEnvSpec(v: unknown): v is EnvSpec {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return (
    entries.length > 0 &&
    entries.every(([k, x]) => /^[A-Z][A-Z0-9_]*$/.test(k) && typeof x === 'object' && x !== null && typeof (x as { description?: unknown }).description === 'string')
  );
}

export interface ServiceEnv {
  exportName: string;
  all: string[];
  required: string[];
  /** Defaults of the optional variables. */
  defaults: Record<string, string>;
}

/** Imports a service's `src/config.ts` and finds the one exported env spec (the object `defineEnv` returned). */
export async function loadServiceEnv(configPath: string): Promise<ServiceEnv> {
  const exports = (await import(pathToFileURL(configPath).href)) as Record<string, unknown>;
  const specs = Object.entries(exports).filter(([, v]) => isEnvSpec(v));
  if (specs.length !== 1) {
    throw new Error(`${configPath} must export exactly one env spec made with defineEnv, found ${specs.map(([k]) => k).join(', ') || 'none'}`);
  }
  const [exportName, spec] = specs[0] as [string, EnvSpec];
  const defaults = Object.fromEntries(Object.entries(spec).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, v.default]])));
  return { exportName, all: Object.keys(spec).sort(), required: requiredVariables(spec).sort(), defaults };
}
