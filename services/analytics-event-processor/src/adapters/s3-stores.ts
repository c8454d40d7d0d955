import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransientError } from '@picasso/shared';
import type { LakeStore, QuarantinedRecord, QuarantineStore } from '../ports';

/** Lake and quarantine objects in the lake bucket (SSE is enforced by the bucket's default encryption). */
export class S3EventStore implements LakeStore, QuarantineStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putLakeObject(key: string, body: Uint8Array): Promise<void> {
    await this.put(key, body, 'application/x-ndjson');
  }

  async putQuarantined(key: string, record: QuarantinedRecord): Promise<void> {
    await this.put(key, JSON.stringify(record), 'application/json');
  }

  private async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (error) {
      throw new TransientError(`PutObject s3://${this.bucket}/${key} failed: ${(error as Error).name}`, { cause: error });
    }
  }
}
