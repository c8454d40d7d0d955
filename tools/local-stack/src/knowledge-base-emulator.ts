import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AwsErrorResponse, parseJsonBody, startBedrockHttpServer, type BedrockHttpServer } from './bedrock-http-server';
import { kbDocumentPrefix } from './kb-documents';
import { PassageIndex, splitSentences } from './knowledge-base-search';

/**
 * A Bedrock Knowledge Base emulator: `Retrieve` (`POST /knowledgebases/{knowledgeBaseId}/retrieve`,
 * REST-JSON over HTTP/2) over each tenant's documents in the config bucket, so
 * `@aws-sdk/client-bedrock-agent-runtime` runs unchanged through
 * `AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME`. Wire format:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Retrieve.html
 *
 * A tenant's Knowledge Base is `chat.knowledge_base_id` in its config
 * (`tenants/<id>/<id>-config.json`); its documents are `tenants/<id>/kb/*.md`. Documents are
 * chunked by paragraph and indexed with MiniSearch (BM25); scores are normalised to 0..1 and
 * chunks under the relevance cutoff are not returned.
 */

export interface KnowledgeBaseEmulatorOptions {
  s3: S3Client;
  configBucket: string;
  port?: number;
  host?: string;
  /** Chunks scoring below this (0..1) are not relevant. Default 0.2. */
  relevanceCutoff?: number;
}

export interface KnowledgeBaseEmulator extends BedrockHttpServer {
  /** Knowledge Base ids found in tenant configs → tenant id (refreshed when an unknown id is asked for). */
  knowledgeBases(): Promise<Map<string, string>>;
}

interface Chunk {
  id: string;
  text: string;
  uri: string;
  chunkId: string;
}

interface TenantIndex {
  /** Keys and ETags of the documents indexed: a different listing means re-index. */
  signature: string;
  index: PassageIndex<Chunk>;
}

interface RetrieveBody {
  retrievalQuery?: { text?: unknown };
  retrievalConfiguration?: { vectorSearchConfiguration?: { numberOfResults?: unknown } };
}

const DATA_SOURCE_ID = 'LOCALDS001';

/**
 * Paragraph chunks of a Markdown document, each headed by its section title so a chunk carries
 * its own context (as a hierarchical chunking strategy would).
 */
export function chunkDocument(markdown: string): string[] {
  const chunks: string[] = [];
  let heading = '';
  for (const block of markdown.split(/\n\s*\n/)) {
    const lines = block.trim().split('\n');
    if (/^#{1,6}\s/.test(lines[0] ?? '')) heading = lines.shift()!.replace(/^#+\s*/, '');
    const body = splitSentences(lines.join('\n')).join(' ');
    if (body) chunks.push(heading ? `${heading}: ${body}` : body);
  }
  return chunks;
}

/** Starts the Knowledge Base emulator on a free port (or `options.port`). */
export async function startKnowledgeBaseEmulator(options: KnowledgeBaseEmulatorOptions): Promise<KnowledgeBaseEmulator> {
  const { s3, configBucket } = options;
  const cutoff = options.relevanceCutoff ?? 0.2;
  let kbToTenant = new Map<string, string>();
  const indexes = new Map<string, TenantIndex>();

  async function listAll(prefix: string): Promise<{ key: string; etag: string }[]> {
    const out: { key: string; etag: string }[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: configBucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) out.push({ key: o.Key!, etag: o.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: configBucket, Key: key }))).Body!.transformToString();

  async function scanTenantConfigs(): Promise<Map<string, string>> {
    const configs = (await listAll('tenants/')).filter((o) => /^tenants\/[^/]+\/[^/]+-config\.json$/.test(o.key));
    const found = new Map<string, string>();
    for (const { key } of configs) {
      try {
        const config = JSON.parse(await read(key)) as { tenant_id?: unknown; chat?: { knowledge_base_id?: unknown } };
        const kb = config.chat?.knowledge_base_id;
        if (typeof kb === 'string' && typeof config.tenant_id === 'string') found.set(kb, config.tenant_id);
      } catch {
        // A config that does not parse has no Knowledge Base; the tenant's own reader reports it.
      }
    }
    kbToTenant = found;
    return found;
  }

  async function tenantOf(knowledgeBaseId: string): Promise<string | undefined> {
    return kbToTenant.get(knowledgeBaseId) ?? (await scanTenantConfigs()).get(knowledgeBaseId);
  }

  // Real Knowledge Bases re-index on an ingestion job; here a changed document listing (keys or
  // ETags) re-indexes on the next Retrieve, so tests and `make dev` never run a stale index.
  async function indexOf(tenantId: string): Promise<PassageIndex<Chunk>> {
    const docs = (await listAll(kbDocumentPrefix(tenantId))).filter((o) => /\.(md|txt)$/.test(o.key)).sort((a, b) => a.key.localeCompare(b.key));
    const signature = docs.map((d) => `${d.key}:${d.etag}`).join('|');
    const cached = indexes.get(tenantId);
    if (cached?.signature === signature) return cached.index;
    const chunks: Chunk[] = [];
    for (const { key } of docs) {
      const uri = `s3://${configBucket}/${key}`;
      chunkDocument(await read(key)).forEach((text, i) => {
        const chunkId = createHash('sha256').update(`${key}#${i}`).digest('hex').slice(0, 32);
        chunks.push({ id: `${key}#${i}`, text, uri, chunkId });
      });
    }
    const index = new PassageIndex(chunks);
    indexes.set(tenantId, { signature, index });
    return index;
  }

  const server = await startBedrockHttpServer(
    async (req, res, { requestId, body }) => {
      const match = /^\/knowledgebases\/([^/]+)\/retrieve$/.exec((req.url ?? '').split('?')[0]!);
      if (req.method !== 'POST' || !match) throw new AwsErrorResponse(404, 'UnknownOperationException', `No operation at ${req.method} ${req.url}`);
      const knowledgeBaseId = decodeURIComponent(match[1]!);
      const input = parseJsonBody<RetrieveBody>(body);
      const text = input.retrievalQuery?.text;
      if (typeof text !== 'string' || text.trim() === '') throw new AwsErrorResponse(400, 'ValidationException', '1 validation error detected: Value at \'retrievalQuery.text\' failed to satisfy constraint: Member must have length greater than or equal to 1');
      const n = input.retrievalConfiguration?.vectorSearchConfiguration?.numberOfResults ?? 5;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) throw new AwsErrorResponse(400, 'ValidationException', '1 validation error detected: Value at \'retrievalConfiguration.vectorSearchConfiguration.numberOfResults\' failed to satisfy constraint: Member must have value between 1 and 100');
      const tenantId = await tenantOf(knowledgeBaseId);
      if (!tenantId) throw new AwsErrorResponse(404, 'ResourceNotFoundException', `Knowledge base with id ${knowledgeBaseId} does not exist`);
      const results = (await indexOf(tenantId)).search(text, { limit: n, minScore: cutoff });
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
      res.end(
        JSON.stringify({
          retrievalResults: results.map(({ passage, score }) => ({
            content: { text: passage.text, type: 'TEXT' },
            location: { type: 'S3', s3Location: { uri: passage.uri } },
            score,
            metadata: {
              'x-amz-bedrock-kb-source-uri': passage.uri,
              'x-amz-bedrock-kb-chunk-id': passage.chunkId,
              'x-amz-bedrock-kb-data-source-id': DATA_SOURCE_ID,
            },
          })),
        }),
      );
    },
    { ...(options.port !== undefined ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) },
  );

  return { ...server, knowledgeBases: async () => (kbToTenant.size ? kbToTenant : scanTenantConfigs()) };
}
