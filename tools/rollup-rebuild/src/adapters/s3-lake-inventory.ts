import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { partitionPrefix, TransientError, type Partition } from '@picasso/shared';
import type { LakeInventory, LakeObject } from '../ports';

/**
 * The lake's partitions as S3 lists them (`analytics/tenant_id=…/year=…/month=…/day=…/`, the
 * shared layout). S3 lists with strong read-after-write consistency
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel), so a
 * listing taken after a write shows every object whose PUT had completed.
 */
export class S3LakeInventory implements LakeInventory {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async listPartition(partition: Partition): Promise<LakeObject[]> {
    const prefix = partitionPrefix(partition);
    const objects: LakeObject[] = [];
    let token: string | undefined;
    try {
      do {
        const res = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of res.Contents ?? []) objects.push({ key: o.Key!, etag: o.ETag ?? '', bytes: o.Size ?? 0 });
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw new TransientError(`listing s3://${this.bucket}/${prefix} failed: ${(error as Error).name}`, { cause: error });
    }
    return objects;
  }
}
