import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError, TransientError } from '../errors';
import { mockClient } from 'aws-sdk-client-mock';
import { signingSecretFromConfig, SsmSigningSecret, StaticSigningSecret } from './signing-secret';

// SSM Parameter Store has no local stand-in: its client is mocked with realistic responses.
const ssmMock = mockClient(SSMClient);
const SECRET = 'ssm-secret-0123456789-abcdefghijklmnopq';

function parameterResponse(value: string) {
  return {
    Parameter: { Name: '/picasso/production/jwt-secret', Type: 'SecureString' as const, Value: value, Version: 3, ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/picasso/production/jwt-secret', DataType: 'text' },
    $metadata: { httpStatusCode: 200 },
  };
}

describe('the JWT signing secret', () => {
  beforeEach(() => ssmMock.reset());

  it('reads the SecureString once, decrypted, and reuses it', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(parameterResponse(SECRET));
    const secret = new SsmSigningSecret(new SSMClient({ region: 'us-east-1' }), '/picasso/production/jwt-secret');

    // Act
    const [a, b] = await Promise.all([secret.key(), secret.key()]);
    const c = await secret.key();

    // Assess
    expect(new TextDecoder().decode(c)).toBe(SECRET);
    expect(a).toBe(b);
    expect(ssmMock.commandCalls(GetParameterCommand).map((call) => call.args[0].input)).toEqual([{ Name: '/picasso/production/jwt-secret', WithDecryption: true }]);
  });

  it('retries on the next request after SSM failed, rather than caching the failure', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves(parameterResponse(SECRET));
    const secret = new SsmSigningSecret(new SSMClient({ region: 'us-east-1' }), 'p');

    // Act + Assess
    await expect(secret.key()).rejects.toBeInstanceOf(TransientError);
    expect(new TextDecoder().decode(await secret.key())).toBe(SECRET);
  });

  it('refuses a secret shorter than 256 bits', async () => {
    ssmMock.on(GetParameterCommand).resolves(parameterResponse('short'));
    await expect(new SsmSigningSecret(new SSMClient({ region: 'us-east-1' }), 'p').key()).rejects.toBeInstanceOf(ConfigError);
    expect(() => new StaticSigningSecret('short')).toThrow(/at least 32 bytes/);
  });

  it('is chosen by which variable is set, and refuses both or neither', () => {
    const ssm = () => new SSMClient({ region: 'us-east-1' });
    expect(signingSecretFromConfig({ JWT_SECRET_PARAMETER: 'p', JWT_SECRET: '' }, ssm)).toBeInstanceOf(SsmSigningSecret);
    expect(signingSecretFromConfig({ JWT_SECRET_PARAMETER: '', JWT_SECRET: SECRET }, ssm)).toBeInstanceOf(StaticSigningSecret);
    expect(() => signingSecretFromConfig({ JWT_SECRET_PARAMETER: 'p', JWT_SECRET: SECRET }, ssm)).toThrow(/only one of/);
    expect(() => signingSecretFromConfig({ JWT_SECRET_PARAMETER: '', JWT_SECRET: '' }, ssm)).toThrow(/JWT_SECRET_PARAMETER/);
  });
});
