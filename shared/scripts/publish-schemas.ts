/**
 * Writes `schemas/events/<TYPE>/<version>.json` for every registered schema that has no file yet.
 * A published file is never rewritten: a changed schema is a new version.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_SCHEMAS } from '../src/events/registry';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'events');
for (const [type, versions] of Object.entries(EVENT_SCHEMAS)) {
  for (const [version, schema] of Object.entries(versions)) {
    const file = join(root, type, `${version}.json`);
    if (existsSync(file)) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2) + '\n');
    console.log(`published ${file}`);
  }
}
