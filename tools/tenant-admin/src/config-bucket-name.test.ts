import { resourceNames } from '@picasso/shared';
import { parseCliArgs, UsageError, type CliArgs } from './args';
import { configBucketName } from './config-bucket-name';

const targetOf = (argv: string[], region?: string) => (parseCliArgs(argv, region ? { region } : {}) as Extract<CliArgs, { target: unknown }>).target;

describe('the config bucket a command acts on', () => {
  it('is the account- and region-suffixed bucket of an AWS environment', () => {
    expect(configBucketName(targetOf(['list', '--env', 'production', '--account-id', '123456789012'], 'eu-west-1'))).toBe(
      resourceNames('production', { accountId: '123456789012', region: 'eu-west-1' }).configBucket,
    );
    expect(configBucketName(targetOf(['list', '--env', 'staging', '--account-id', '123456789012', '--region', 'us-east-2']))).toBe('staging-myrecruiter-picasso-123456789012-us-east-2');
  });

  it('refuses an AWS environment without an account id rather than guessing an unsuffixed name', () => {
    expect(() => configBucketName(targetOf(['list', '--env', 'staging'], 'us-east-1'))).toThrow(new UsageError('--env staging needs --account-id and a region (--region or AWS_REGION), or an explicit --bucket'));
  });

  it('is the plain local-stack name for local, and --bucket when given', () => {
    expect(configBucketName(targetOf(['list', '--env', 'local']))).toBe('local-myrecruiter-picasso');
    expect(configBucketName(targetOf(['list', '--env', 'staging', '--bucket', 'my-bucket']))).toBe('my-bucket');
  });
});

describe('parseCliArgs', () => {
  it('needs --env for every command that touches a bucket, but not for validate', () => {
    expect(() => parseCliArgs(['list'])).toThrow('list needs --env (staging, production or local)');
    expect(parseCliArgs(['validate', 'a.json'])).toEqual({ command: 'validate', file: 'a.json' });
  });

  it('names a missing operand, an unknown command and an unknown flag', () => {
    expect(() => parseCliArgs(['put', '--env', 'local'])).toThrow('put needs a config file');
    expect(() => parseCliArgs(['remove', 'x', '--env', 'local'])).toThrow('unknown command remove');
    expect(() => parseCliArgs(['list', '--env', 'local', '--yes'])).toThrow(UsageError);
    expect(() => parseCliArgs(['migrate', '--env', 'local'])).toThrow('migrate needs --from-bucket');
  });
});
