import { BedrockAgentRuntimeClient, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NO_ANSWER } from './bedrock-answer';
import { startBedrockRuntimeEmulator, type BedrockRuntimeEmulator } from './bedrock-runtime-emulator';
import { DEMO_TENANTS } from './demo-tenants';
import { startKnowledgeBaseEmulator, type KnowledgeBaseEmulator } from './knowledge-base-emulator';
import { createTestEnvironment } from './testing/test-environment';

/** One RAG turn as the streaming handler will run it: Retrieve, passages in the prompt, ConverseStream. */
describe('Knowledge Base and Bedrock emulators together', () => {
  let kb: KnowledgeBaseEmulator;
  let bedrock: BedrockRuntimeEmulator;
  let agent: BedrockAgentRuntimeClient;
  let runtime: BedrockRuntimeClient;
  const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };

  beforeAll(async () => {
    const env = await createTestEnvironment('rag');
    kb = await startKnowledgeBaseEmulator({ s3: env.s3, configBucket: env.names.configBucket });
    bedrock = await startBedrockRuntimeEmulator();
    agent = new BedrockAgentRuntimeClient({ endpoint: kb.url, region: 'us-east-1', credentials });
    runtime = new BedrockRuntimeClient({ endpoint: bedrock.url, region: 'us-east-1', credentials });
  });
  afterAll(async () => {
    agent.destroy();
    runtime.destroy();
    await Promise.all([kb.close(), bedrock.close()]);
  });

  async function chatTurn(tenantIndex: number, question: string): Promise<string> {
    const { chat } = DEMO_TENANTS[tenantIndex]!;
    const { retrievalResults } = await agent.send(new RetrieveCommand({ knowledgeBaseId: chat.knowledge_base_id, retrievalQuery: { text: question } }));
    const passages = (retrievalResults ?? []).map((r) => `<passage>${r.content!.text}</passage>`).join('\n');
    const res = await runtime.send(
      new ConverseStreamCommand({ modelId: chat.model_id, system: [{ text: `${chat.system_prompt}\n${passages}` }], messages: [{ role: 'user', content: [{ text: question }] }] }),
    );
    let answer = '';
    for await (const e of res.stream!) answer += e.contentBlockDelta?.delta?.text ?? '';
    return answer;
  }

  it("answers each demo tenant's questions from its own Knowledge Base", async () => {
    expect(await chatTurn(0, 'Where can I drop off donations?')).toMatch(/Donations can be dropped off at the resource center Monday through Friday/);
    expect(await chatTurn(1, 'How often do mentors meet their mentee?')).toMatch(/Mentors meet their mentee every week/);
    expect(await chatTurn(2, 'Is proof of income required for groceries?')).toMatch(/no proof of income is required/);
  });

  it('says it does not know when the Knowledge Base has nothing on the question', async () => {
    expect(await chatTurn(2, 'Can you fix my bicycle?')).toBe(NO_ANSWER);
  });
});
