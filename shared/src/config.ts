import { ConfigError } from './errors';

/** One environment variable a function reads at cold start. */
export interface EnvVarSpec<T> {
  description: string;
  /** Absent and no default: the function refuses to start. */
  default?: string;
  parse?: (raw: string, name: string) => T;
}

export type EnvSpec = Record<string, EnvVarSpec<unknown>>;
export type ConfigOf<S extends EnvSpec> = {
  [K in keyof S]: S[K] extends EnvVarSpec<infer T> ? (unknown extends T ? string : T) : never;
};

/** Parses a positive integer, naming the variable when it is not one. */
export function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** Declares a service's environment so the loader, the README and the Terraform checks share it. */
export function defineEnv<S extends EnvSpec>(spec: S): S {
  return spec;
}

/** The variables of a spec that have no default: what Terraform must set. */
export function requiredVariables(spec: EnvSpec): string[] {
  return Object.entries(spec)
    .filter(([, v]) => v.default === undefined)
    .map(([k]) => k);
}

/**
 * Reads and validates every variable of the spec once. Throws a `ConfigError` naming every
 * missing or malformed variable, so a misconfigured function fails at cold start, not mid-batch.
 */
export function loadConfig<S extends EnvSpec>(spec: S, env: Record<string, string | undefined> = process.env): ConfigOf<S> {
  const missing: string[] = [];
  const malformed: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name] === undefined || env[name] === '' ? v.default : env[name];
    if (raw === undefined) {
      missing.push(name);
      continue;
    }
    try {
      out[name] = v.parse ? v.parse(raw, name) : raw;
    } catch (error) {
      malformed.push((error as Error).message);
    }
  }
  if (missing.length || malformed.length) {
    const parts = [];
    if (missing.length) parts.push(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    parts.push(...malformed);
    throw new ConfigError(`configuration error: ${parts.join('; ')}`);
  }
  return out as ConfigOf<S>;
}
