/**
 * Runs the local stack in its own process until SIGINT/SIGTERM.
 *   tsx tools/local-stack/src/serve.ts [--dir .local] [--aws-port 4566] [--dynamo-port 8000]
 * Prints one JSON line `{"ready":true,"env":{…},"s3StorageDir":…}` once both emulators listen.
 */
import { parseArgs } from 'node:util';
import { startLocalStack } from './stack';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    'aws-port': { type: 'string', default: '4566' },
    'dynamo-port': { type: 'string', default: '8000' },
  },
});

const stack = await startLocalStack({
  ...(values.dir ? { dir: values.dir } : {}),
  awsPort: Number(values['aws-port']),
  dynamoPort: Number(values['dynamo-port']),
});
console.log(JSON.stringify({ ready: true, env: stack.env, s3StorageDir: stack.s3StorageDir }));

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
process.on('disconnect', shutdown);
