import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Port: the config bucket as the tool needs it (JSON objects by key). */
export interface ConfigBucket {
  readonly name: string;
  /** The parsed object, or `null` when there is none. Unparseable JSON is returned as its text. */
  readJson(key: string): Promise<unknown>;
  writeJson(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key under `prefix`. */
  listKeys(prefix: string): Promise<string[]>;
}

/** The S3 adapter (the same bucket the processor's `S3TenantDirectory` reads). */
export class S3ConfigBucket implements ConfigBucket {
  constructor(
    private readonly s3: S3Client,
    readonly name: string,
  ) {}

  async readJson(key: string): Promise<unknown> {
    let text: string;
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
      text = await res.Body!.transformToString();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  async writeJson(key: string, value: unknown): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.name, Key: key, Body: `${JSON.stringify(value, null, 2)}\n`, ContentType: 'application/json' }));
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
  }

  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
