/**
 * Post-build check: the JavaScript a first visit downloads (the entry script and the module
 * preloads `dist/index.html` references, not the lazily loaded chart chunk) must stay within
 * 300 KB gzipped. Prints one JSON line per figure and exits 1 when over budget.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 300 * 1024;

/** The JS files `index.html` loads up front: `<script type="module" src>` and `<link rel="modulepreload" href>`. */
export function initialScripts(indexHtml: string): string[] {
  const found = new Set<string>();
  for (const match of indexHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"[^>]*>/g)) found.add(match[1]!);
  for (const match of indexHtml.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"[^>]*>/g)) found.add(match[1]!);
  return [...found];
}

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function main() {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = initialScripts(html).map((src) => join(dist, src.replace(/^\.?\//, '')));
  if (initial.length === 0) throw new Error('dist/index.html references no script: is the build broken?');

  let total = 0;
  for (const file of initial) {
    const bytes = gzipSize(file);
    total += bytes;
    console.log(JSON.stringify({ figure: 'initial_js_file_gzip_bytes', file: file.slice(dist.length + 1), bytes }));
  }
  const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.some((i) => i.endsWith(f)));
  for (const f of lazy) console.log(JSON.stringify({ figure: 'lazy_js_file_gzip_bytes', file: `assets/${f}`, bytes: gzipSize(join(dist, 'assets', f)) }));
  console.log(JSON.stringify({ figure: 'initial_js_gzip_bytes', bytes: total, kb: Math.round((total / 1024) * 10) / 10, budget_kb: INITIAL_JS_BUDGET_BYTES / 1024 }));
  if (total > INITIAL_JS_BUDGET_BYTES) {
    console.error(`Initial JS is ${(total / 1024).toFixed(1)} KB gzipped, over the ${INITIAL_JS_BUDGET_BYTES / 1024} KB budget.`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
