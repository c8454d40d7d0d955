import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_SCHEMAS } from './registry';

const published = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'events');

describe('published event schemas', () => {
  it('exist for every registered type and version, and nothing else', () => {
    const onDisk = readdirSync(published).flatMap((type) => readdirSync(join(published, type)).map((f) => `${type}@${f.replace(/\.json$/, '')}`));
    const registered = Object.entries(EVENT_SCHEMAS).flatMap(([type, versions]) => Object.keys(versions).map((v) => `${type}@${v}`));
    expect(onDisk.sort()).toEqual(registered.sort());
  });

  it.each(Object.entries(EVENT_SCHEMAS).flatMap(([type, versions]) => Object.entries(versions).map(([v, s]) => [`${type}@${v}`, type, v, s] as const)))(
    '%s still equals its published file (a change needs a new version)',
    (_label, type, version, schema) => {
      const file = JSON.parse(readFileSync(join(published, type, `${version}.json`), 'utf8')) as Record<string, unknown>;
      const { $schema, ...rest } = file;
      expect($schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(rest).toEqual(JSON.parse(JSON.stringify(schema)));
      expect(() => addFormats(new Ajv({ strict: false })).compile(file)).not.toThrow();
    },
  );
});
