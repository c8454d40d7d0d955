import { BedrockAgentRuntimeClient, ResourceNotFoundException, RetrieveCommand, ValidationException } from '@aws-sdk/client-bedrock-agent-runtime';
import { kbDocumentKey, seedKnowledgeBaseDocuments } from './kb-documents';
import { chunkDocument, startKnowledgeBaseEmulator, type KnowledgeBaseEmulator } from './knowledge-base-emulator';
import { createTestEnvironment, type TestEnvironment } from './testing/test-environment';

const FOSTER_KB = 'KBFOS40233';
const ATLAS_KB = 'KBATL12004';

describe('Knowledge Base emulator', () => {
  let env: TestEnvironment;
  let kb: KnowledgeBaseEmulator;
  let client: BedrockAgentRuntimeClient;
  const retrieve = (knowledgeBaseId: string, text: string, numberOfResults?: number) =>
    client.send(
      new RetrieveCommand({
        knowledgeBaseId,
        retrievalQuery: { text },
        ...(numberOfResults ? { retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults } } } : {}),
      }),
    );

  beforeAll(async () => {
    env = await createTestEnvironment('kb');
    kb = await startKnowledgeBaseEmulator({ s3: env.s3, configBucket: env.names.configBucket });
    client = new BedrockAgentRuntimeClient({ endpoint: kb.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await kb.close();
  });

  it('finds the demo tenants by the knowledge_base_id of their configs', async () => {
    expect(Object.fromEntries(await kb.knowledgeBases())).toEqual({ KBFOS40233: 'FOS402334', KBATL12004: 'ATL120045', KBSEA77881: 'SEA778812' });
  });

  it('retrieves the tenant chunks that answer the question, best first, scored 0..1, with their S3 location', async () => {
    // Act
    const res = await retrieve(FOSTER_KB, 'How old do I need to be to volunteer?');

    // Assess
    const results = res.retrievalResults!;
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]!.content!.text).toMatch(/Volunteers must be at least 18 years old/);
    expect(results[0]!.location).toEqual({ type: 'S3', s3Location: { uri: `s3://${env.names.configBucket}/${kbDocumentKey('FOS402334', 'volunteering')}` } });
    expect(results[0]!.metadata).toMatchObject({ 'x-amz-bedrock-kb-source-uri': results[0]!.location!.s3Location!.uri, 'x-amz-bedrock-kb-chunk-id': expect.stringMatching(/^[0-9a-f]{32}$/) });
    const scores = results.map((r) => r.score!);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('honours numberOfResults', async () => {
    const res = await retrieve(FOSTER_KB, 'donations volunteers resource center hours services', 2);
    expect(res.retrievalResults).toHaveLength(2);
  });

  it('returns nothing when no chunk passes the relevance cutoff', async () => {
    const res = await retrieve(FOSTER_KB, 'What is the capital of Mongolia?');
    expect(res.retrievalResults).toEqual([]);
  });

  it("never returns another tenant's documents", async () => {
    // Foster Village writes about car seats; Atlas Youth Mentoring does not.
    const foster = await retrieve(FOSTER_KB, 'Do you accept car seats?');
    const atlas = await retrieve(ATLAS_KB, 'Do you accept car seats?');
    expect(foster.retrievalResults![0]!.content!.text).toMatch(/car seats/);
    expect(atlas.retrievalResults!.every((r) => r.location!.s3Location!.uri!.includes('/ATL120045/'))).toBe(true);
    expect(atlas.retrievalResults!.some((r) => /car seats/.test(r.content!.text!))).toBe(false);
  });

  it('re-indexes when a document is added', async () => {
    // Prepare
    await seedKnowledgeBaseDocuments(env.s3, env.names.configBucket, 'ATL120045', [{ name: 'summer-camp', markdown: '# Summer camp\n\nOur summer camp runs for two weeks in August in the Peak District.' }]);

    // Act
    const res = await retrieve(ATLAS_KB, 'When is the summer camp?');

    // Assess
    expect(res.retrievalResults![0]!.content!.text).toBe('Summer camp: Our summer camp runs for two weeks in August in the Peak District.');
  });

  it('answers an unknown Knowledge Base with ResourceNotFoundException and an empty query with ValidationException', async () => {
    await expect(retrieve('KBNOSUCH01', 'hours')).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(retrieve(FOSTER_KB, '')).rejects.toBeInstanceOf(ValidationException);
    await expect(retrieve(FOSTER_KB, 'hours', 101)).rejects.toBeInstanceOf(ValidationException);
  });

  it('is found by the SDK through AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME;
    process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME = kb.url;
    const fromEnv = new BedrockAgentRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    try {
      const res = await fromEnv.send(new RetrieveCommand({ knowledgeBaseId: 'KBSEA77881', retrievalQuery: { text: 'When is the food bank open?' } }));
      expect(res.retrievalResults![0]!.content!.text).toMatch(/open Monday through Saturday from 10 AM to 6 PM/);
    } finally {
      fromEnv.destroy();
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME;
      else process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME = previous;
    }
  });
});

describe('chunkDocument', () => {
  it('makes one chunk per paragraph, headed by its section title', () => {
    expect(chunkDocument('# Hours\n\nOpen 9 to 5.\nClosed Sundays.\n\n## Parking\nFree parking behind the building.')).toEqual([
      'Hours: Open 9 to 5. Closed Sundays.',
      'Parking: Free parking behind the building.',
    ]);
  });
});
