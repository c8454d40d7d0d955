import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { archiveKey, decodeArchive, type DailyArchive } from '@picasso/shared/legacy';
import type { DailyArchiveStore } from '../ports';

/** Archive files `daily-aggregates/YYYY/MM/DD/<tenant_id>.json.gz`; a day without one is `null`. */
export class S3DailyArchive implements DailyArchiveStore {
  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    private readonly bucket: string,
  ) {}

  async readDay(tenantId: string, date: string): Promise<DailyArchive | null> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: archiveKey(tenantId, date) }));
      return decodeArchive(await res.Body!.transformToByteArray(), { tenantId, date });
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }
}
