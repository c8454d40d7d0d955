import { parseCliArgs, UsageError, type CliArgs } from './args';

describe('parseCliArgs', () => {
  it('reads a filtered, paced redrive', () => {
    const args = parseCliArgs(['redrive', '--env', 'staging', '--event-type', 'MESSAGE_SENT', '--tenant-hash', 'ab12cd34', '--max', '50', '--rate', '5', '--yes']) as CliArgs;
    expect(args).toMatchObject({ command: 'redrive', env: 'staging', filter: { eventType: 'MESSAGE_SENT', tenantHash: 'ab12cd34' }, max: 50, rate: 5, yes: true, dryRun: false });
  });

  it('defaults to the local environment and safe timeouts', () => {
    expect(parseCliArgs(['list'])).toMatchObject({ env: 'local', json: false, maxScan: 10000, visibilityTimeout: 60, wait: 1 });
  });

  it.each([
    [['frobnicate'], /unknown command/],
    [[], /command is required/],
    [['redrive', '--event-type', 'NOPE'], /not one of/],
    [['redrive', '--tenant-hash', 'Bad Hash'], /tenant-hash/],
    [['redrive', '--rate', '0'], /--rate/],
    [['redrive', '--rate', '501'], /--rate/],
    [['redrive', '--max', '1.5'], /--max/],
    [['list', '--dry-run'], /only applies to redrive/],
    [['cancel'], /task-handle/],
    [['list', '--bogus'], /bogus/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseCliArgs(argv as string[])).toThrow(message as RegExp);
  });
});
