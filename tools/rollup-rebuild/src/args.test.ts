import { parseRebuildArgs, UsageError } from './args';

const base = ['--env', 'staging', '--tenant', 'FOS402334', '--from', '2026-03-01', '--to', '2026-03-02'];

describe('parseRebuildArgs', () => {
  it.each([
    [['--env', 'staging', '--from', '2026-03-01', '--to', '2026-03-01'], '--tenant is required'],
    [['--tenant', 'FOS402334', '--from', '2026-03-01', '--to', '2026-03-01'], '--env is required'],
    [['--env', 'staging', '--tenant', 'FOS402334', '--from', '2026-02-30', '--to', '2026-03-02'], '--from "2026-02-30" is not a UTC day written YYYY-MM-DD'],
    [['--env', 'staging', '--tenant', 'FOS402334', '--from', '2026-03-01', '--to', '3/2/2026'], '--to "3/2/2026" is not a UTC day written YYYY-MM-DD'],
    [['--env', 'staging', '--tenant', 'FOS402334', '--from', '2026-03-02', '--to', '2026-03-01'], '--from 2026-03-02 is after --to 2026-03-01'],
    [['--env', 'staging', '--tenant', '../etc', '--from', '2026-03-01', '--to', '2026-03-01'], '--tenant "../etc" is not a tenant id (1–64 of A-Z a-z 0-9 _ -)'],
    [[...base, '--account-id', '1234'], '--account-id "1234" is not a 12-digit AWS account id'],
    [[...base, 'extra'], "Unexpected argument 'extra'. This command does not take positional arguments"],
  ])('refuses %j: %s', (argv, reason) => {
    expect(() => parseRebuildArgs(argv)).toThrow(new UsageError(reason));
  });

  it('reads a valid command line', () => {
    expect(parseRebuildArgs([...base, '--dry-run', '--account-id', '123456789012'])).toEqual({
      env: 'staging',
      tenantId: 'FOS402334',
      from: '2026-03-01',
      to: '2026-03-02',
      dryRun: true,
      local: false,
      accountId: '123456789012',
      lakeBucket: undefined,
      configBucket: undefined,
    });
    expect(parseRebuildArgs(['--help'])).toBe('help');
  });
});
