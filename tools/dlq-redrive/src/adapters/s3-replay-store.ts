import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReplayObjectStore, ReplayTarget } from '../ports';

/** `ReplayObjectStore` over the lake bucket with an SDK v3 S3 client. */
export class S3ReplayStore implements ReplayObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async read(key: string): Promise<string> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return res.Body!.transformToString();
  }

  /**
   * S3 has no rename: copy, then delete. The copy keeps the bytes server-side (and the bucket's
   * default encryption applies to it); a failure between the two leaves the object in both
   * places, and the pending one is replayed again by the next run (a duplicate, deduped on
   * event_id), never lost.
   */
  async move(from: string, to: string): Promise<void> {
    // CopySource is `<bucket>/<key>` with the key URL-encoded
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html#API_CopyObject_RequestSyntax).
    await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}` }));
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
  }
}

/** `ReplayTarget` over the events queue with an SDK v3 SQS client. */
export class SqsReplayTarget implements ReplayTarget {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body }));
  }
}
