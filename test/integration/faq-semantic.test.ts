// The autoresponder with a semantic scorer over an OpenAI-compatible embeddings API (FAQ_EMBEDDINGS_URL, here a
// local stand-in): entries embedded once, each message embedded, and an unreachable API never blocks a decision.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestContext } from '../support/contexts.ts';
import { startEmbeddingsServer, type EmbeddingsStandIn } from '../support/embeddings-server.ts';
import { automaticAnswers, decisionsIn, loadBakeryFaq, receiveMail } from '../support/faq-helpers.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let server: EmbeddingsStandIn;
beforeAll(async () => {
  server = await startEmbeddingsServer();
});
afterAll(() => server.close());

let contexts: TestContext[] = [];
afterEach(() => {
  for (const c of contexts) c.cleanup();
  contexts = [];
});

async function withEmbeddings(): Promise<TestContext> {
  const t = await createTestContext({
    FAQ_MODE: 'auto',
    FAQ_EMBEDDINGS_URL: server.url,
    FAQ_EMBEDDINGS_MODEL: 'bge-m3',
    FAQ_EMBEDDINGS_API_KEY: 'sk-local',
  });
  contexts.push(t);
  await loadBakeryFaq(t);
  return t;
}

const QUESTION = { subject: 'Opening hours', text: 'Hi! What are your opening hours on Saturday?\n\nAnna' };

describe('FAQ_EMBEDDINGS_URL', () => {
  it('embeds every example question once and each message, and answers when words and meaning agree', async () => {
    const t = await withEmbeddings();
    server.requests.length = 0;
    const first = await receiveMail(t, QUESTION);
    await receiveMail(t, { from: 'bo@example.com', subject: 'Gluten', text: 'Do you have gluten free bread?' });
    const batches = server.requests.filter((r) => r.input.length > 1);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.input).toContain('När har ni öppet?');
    expect(server.requests.every((r) => r.model === 'bge-m3' && r.authorization === 'Bearer sk-local')).toBe(true);
    expect(server.requests.some((r) => r.input.length === 1 && r.input[0]!.includes('opening hours on Saturday'))).toBe(true);
    expect(await decisionsIn(t, first.conversationId!)).toMatchObject([{ decision: 'answered', faqId: 'opening-hours' }]);
  });

  it('decides on words alone while the embeddings API fails, as without it', async () => {
    const t = await withEmbeddings();
    server.fail(1000);
    const got = await receiveMail(t, QUESTION);
    server.fail(0);
    const [decision] = await decisionsIn(t, got.conversationId!);
    expect(decision).toMatchObject({ decision: 'answered', faqId: 'opening-hours' });
    expect(await automaticAnswers(t)).toHaveLength(1);
  });
});

describe('without FAQ_EMBEDDINGS_URL', () => {
  const t = useTestContext({ FAQ_MODE: 'auto' });
  it('calls no embeddings API', async () => {
    await loadBakeryFaq(t);
    const before = server.requests.length;
    await receiveMail(t, QUESTION);
    expect(server.requests.length).toBe(before);
    expect(t.deps.faqScorer).toBeUndefined();
  });
});
