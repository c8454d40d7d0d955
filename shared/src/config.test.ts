import { ConfigError } from './errors';
import { defineEnv, loadConfig, positiveInt, requiredVariables } from './config';

const spec = defineEnv({
  LAKE_BUCKET: { description: 'lake' },
  DIRTY_TABLE: { description: 'marks' },
  BATCH_LIMIT: { description: 'limit', default: '10', parse: positiveInt },
});

describe('loadConfig', () => {
  it('reads variables and applies defaults and parsers', () => {
    expect(loadConfig(spec, { LAKE_BUCKET: 'b', DIRTY_TABLE: 't' })).toEqual({ LAKE_BUCKET: 'b', DIRTY_TABLE: 't', BATCH_LIMIT: 10 });
  });

  it('fails fast naming every missing variable', () => {
    expect(() => loadConfig(spec, { LAKE_BUCKET: 'b' })).toThrow(new ConfigError('configuration error: missing environment variable DIRTY_TABLE'));
  });

  it('names a malformed variable', () => {
    expect(() => loadConfig(spec, { LAKE_BUCKET: 'b', DIRTY_TABLE: 't', BATCH_LIMIT: 'lots' })).toThrow(/BATCH_LIMIT must be a positive integer/);
  });

  it('lists the variables Terraform must set', () => {
    expect(requiredVariables(spec)).toEqual(['LAKE_BUCKET', 'DIRTY_TABLE']);
  });
});
