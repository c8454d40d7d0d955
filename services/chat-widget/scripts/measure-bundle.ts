/**
 * Post-build check of what a host page pays for the widget. Prints one JSON line per figure and
 * exits 1 when a budget is broken:
 * - `widget.js` is all a page loads before the visitor opens the chat: ≤ 60 KB gzipped, and it
 *   must be a classic script (no static import/export, no `import.meta`), since tenants embed it
 *   with a plain `<script src>`;
 * - the lazily imported panel chunks (React + the panel) together ≤ 90 KB gzipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 60 * 1024;
export const PANEL_JS_BUDGET_BYTES = 90 * 1024;

/** Why `code` cannot run as a classic script, or an empty list. */
export function classicScriptProblems(code: string): string[] {
  const problems: string[] = [];
  if (/(^|[;}\s])import\s*[\w{*]/.test(code) || /(^|[;}\s])import\s*["']/.test(code)) problems.push('has a static import statement');
  if (/(^|[;}\s])export\s*[{*]|(^|[;}\s])export\s+(default|const|let|var|function|class)\b/.test(code)) problems.push('has an export statement');
  if (/\bimport\.meta\b/.test(code)) problems.push('uses import.meta');
  return problems;
}

const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

function main() {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const loader = readFileSync(join(dist, 'widget.js'));
  const failures: string[] = [];
  for (const problem of classicScriptProblems(loader.toString('utf8'))) failures.push(`widget.js ${problem}: a <script src> tag could not run it`);

  const initial = gzipSize(loader);
  console.log(JSON.stringify({ figure: 'widget_initial_js_gzip_bytes', file: 'widget.js', bytes: initial, kb: Math.round((initial / 1024) * 10) / 10, budget_kb: INITIAL_JS_BUDGET_BYTES / 1024 }));
  if (initial > INITIAL_JS_BUDGET_BYTES) failures.push(`widget.js is ${(initial / 1024).toFixed(1)} KB gzipped, over the ${INITIAL_JS_BUDGET_BYTES / 1024} KB budget`);

  const chunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  if (chunks.length === 0) failures.push('dist/assets has no panel chunk: is the build broken?');
  let panel = 0;
  for (const file of chunks) {
    const bytes = gzipSize(readFileSync(join(dist, 'assets', file)));
    panel += bytes;
    console.log(JSON.stringify({ figure: 'widget_lazy_js_file_gzip_bytes', file: `assets/${file}`, bytes }));
  }
  console.log(JSON.stringify({ figure: 'widget_panel_js_gzip_bytes', bytes: panel, kb: Math.round((panel / 1024) * 10) / 10, budget_kb: PANEL_JS_BUDGET_BYTES / 1024 }));
  if (panel > PANEL_JS_BUDGET_BYTES) failures.push(`the panel chunks are ${(panel / 1024).toFixed(1)} KB gzipped, over the ${PANEL_JS_BUDGET_BYTES / 1024} KB budget`);

  for (const failure of failures) console.error(failure);
  if (failures.length > 0) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
