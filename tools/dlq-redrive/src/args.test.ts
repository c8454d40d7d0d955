import { parseCliArgs, UsageError, type CliArgs } from './args';

describe('parseCliArgs', () => {
  it('reads a filtered, paced redrive', () => {
    const args = parseCliArgs(['redrive', '--env', 'staging', '--event-type', 'MESSAGE_SENT', '--tenant-hash', 'ab12cd34', '--max', '50', '--rate', '5', '--yes']) as CliArgs;
    expect(args).toMatchObject({ command: 'redrive', env: 'staging', filter: { eventType: 'MESSAGE_SENT', tenantHash: 'ab12cd34' }, max: 50, rate: 5, yes: true, dryRun: false });
  });

  it('reads a replay of one quarantine reason and day, and a spill replay of one producer', () => {
    expect(parseCliArgs(['replay', '--reason', 'unknown_tenant', '--day', '2026-12-02', '--rate', '20', '--dry-run'])).toMatchObject({
      command: 'replay',
      replayList: false,
      dryRun: true,
      rate: 20,
      selection: { source: 'quarantine', reason: 'unknown_tenant', from: '2026-12-02', to: '2026-12-02' },
    });
    expect(parseCliArgs(['replay', 'list', '--source', 'spill', '--producer', 'chat-streaming', '--from', '2026-11-01'])).toMatchObject({
      replayList: true,
      selection: { source: 'spill', producer: 'chat-streaming', from: '2026-11-01' },
    });
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
    [['list', '--reason', 'unknown_tenant'], /only applies to replay/],
    [['replay', '--loop'], /only applies to redrive/],
    [['replay', '--source', 'dlq'], /--source must be one of quarantine, spill/],
    [['replay', '--producer', 'master'], /--producer applies to --source spill/],
    [['replay', '--source', 'spill', '--reason', 'unknown_tenant'], /--reason applies to --source quarantine/],
    [['replay', '--reason', 'Unknown Tenant'], /--reason must be a quarantine reason/],
    [['replay', '--from', '2026-02-30'], /--from must be a UTC day/],
    [['replay', '--from', '2026-12-02', '--to', '2026-12-01'], /is after --to/],
    [['replay', '--day', '2026-12-02', '--from', '2026-12-01'], /--day is --from D --to D/],
    [['replay', 'list', '--yes'], /does not apply to replay list/],
    [['replay', 'frob'], /unexpected argument "frob"/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseCliArgs(argv as string[])).toThrow(message as RegExp);
  });
});
