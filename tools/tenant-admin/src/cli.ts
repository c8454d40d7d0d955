import { readFile } from 'node:fs/promises';
import { createS3Client } from '@picasso/shared';
import { parseCliArgs, USAGE, UsageError } from './args';
import { configBucketName } from './config-bucket-name';
import { S3ConfigBucket } from './config-bucket';
import { EXIT, runCommand } from './commands';

/**
 * `tsx tools/tenant-admin/src/cli.ts <command> --env E [flags]` (`make tenant ARGS="…"`).
 * Wiring only: arguments → config bucket name → S3 adapter → command.
 */
async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv, process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {});
    if (args === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const io = {
      out: (line: string) => process.stdout.write(`${line}\n`),
      err: (line: string) => process.stderr.write(`${line}\n`),
      readFile: (path: string) => readFile(path, 'utf8'),
    };
    if (args.command === 'validate') return await runCommand(args, null, io);
    const s3 = createS3Client();
    return await runCommand(args, { target: new S3ConfigBucket(s3, configBucketName(args.target)), open: (name) => new S3ConfigBucket(s3, name) }, io);
  } catch (error) {
    const e = error as Error;
    if (e instanceof UsageError || e.name === 'InvalidEnvironmentNameError') {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${e.message}\n`);
      return EXIT.failed;
    }
    process.stderr.write(`tenant-admin failed: ${e.name}: ${e.message}\n`);
    return EXIT.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));
