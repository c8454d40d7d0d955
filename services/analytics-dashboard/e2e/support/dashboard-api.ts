/** The dashboard API read directly, with the same token the browser uses: the figures to compare against. */
export interface E2eEnvironment {
  apiBaseUrl: string;
  dashboardUrl: string;
  /** A token for a demo tenant without the `pii:read` scope. */
  token: string;
  /** A token for the same tenant with `pii:read`. */
  tokenPii: string;
}

/** Reads the e2e settings; a missing one is an error that names it (the lead's harness sets them). */
export function e2eEnvironment(env: NodeJS.ProcessEnv = process.env): E2eEnvironment {
  const missing = ['API_BASE_URL', 'DASHBOARD_URL', 'TOKEN', 'TOKEN_PII'].filter((name) => !env[name]);
  if (missing.length) {
    throw new Error(`the dashboard e2e needs ${missing.join(', ')}: start the local system (dashboard API + dashboard, filled by the generator) and pass its URLs and two tokens (make token TENANT=<hash> [PII=1])`);
  }
  return { apiBaseUrl: env.API_BASE_URL!.replace(/\/+$/, ''), dashboardUrl: env.DASHBOARD_URL!.replace(/\/+$/, ''), token: env.TOKEN!, tokenPii: env.TOKEN_PII! };
}

/** GET a dashboard API path; throws with the API's message on a non-2xx. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function apiGet(env: E2eEnvironment, path: string, query: Record<string, string>, token = env.token): Promise<any> {
  const response = await fetch(`${env.apiBaseUrl}${path}?${new URLSearchParams(query)}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** A figure as the dashboard shows it (en-US locale) back to a number; "n/a" is null. */
export function parseShown(text: string | null): number | null {
  const value = (text ?? '').trim();
  if (value === 'n/a') return null;
  const number = Number(value.replace(/[,%\s]/g, ''));
  if (Number.isNaN(number)) throw new Error(`"${value}" is not a figure`);
  return number;
}

/** The covered days as the dashboard writes them for en-US ("Nov 19 – 25, 2026"). */
export function periodText(period: { start_date: string; end_date: string }): string {
  const format = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const [from, to] = [new Date(`${period.start_date}T00:00:00Z`), new Date(`${period.end_date}T00:00:00Z`)];
  return period.start_date === period.end_date ? format.format(from) : format.formatRange(from, to);
}
