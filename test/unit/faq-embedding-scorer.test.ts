// The FAQ's semantic scorer (embeddings handed in), its fallback to words alone, and the two embedding sources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, EMBED_BATCH, embeddingScorer, type Embed } from '../../src/domain/faq/embedding-scorer.ts';
import type { FaqEntry } from '../../src/domain/faq/entry.ts';
import { withFallback, type FaqScorer } from '../../src/domain/faq/scorer.ts';
import { openAiCompatibleEmbed, workersAiEmbed } from '../../src/runtime/embeddings.ts';
import { standInVector, startEmbeddingsServer, type EmbeddingsStandIn } from '../support/embeddings-server.ts';

const entry = (id: string, questions: Record<string, string[]>): FaqEntry => ({
  id,
  questions,
  answers: { en: `answer ${id}` },
  mode: 'auto',
  tags: [],
  enabled: true,
});

const ENTRIES = [
  entry('opening-hours', { en: ['When are you open?'], sv: ['När har ni öppet?'] }),
  entry('gluten-free', { en: ['Do you have gluten free bread?'] }),
  entry('custom-cake', { en: ['Can I order a wedding cake?'] }),
];

function countingEmbed(): Embed & { calls: string[][] } {
  const calls: string[][] = [];
  const embed: Embed = async (texts) => {
    calls.push([...texts]);
    return texts.map(standInVector);
  };
  return Object.assign(embed, { calls });
}

describe('embeddingScorer', () => {
  it('ranks the entry whose question means the same first, across languages, with a calibrated confidence', async () => {
    const scorer = embeddingScorer(countingEmbed());
    const [top, second] = await scorer.score({ text: 'Vilka öppettider har ni på lördag?', language: 'sv' }, ENTRIES);
    expect(top!.faqId).toBe('opening-hours');
    expect(top!.confidence).toBeGreaterThan(second!.confidence);
    expect(top!.confidence).toBeGreaterThan(0);
    expect(top!.confidence).toBeLessThan(1);
  });

  it('embeds the entries once per entries array, in batches, and the message once per decision', async () => {
    const embed = countingEmbed();
    const many = Array.from({ length: 130 }, (_, i) => entry(`e${i}`, { en: [`question number ${i}`] }));
    const scorer = embeddingScorer(embed);
    await scorer.score({ text: 'question number 7', language: 'en' }, many);
    await scorer.score({ text: 'question number 8', language: 'en' }, many);
    const sizes = embed.calls.map((c) => c.length).sort((a, b) => a - b);
    expect(sizes).toEqual([1, 1, 130 - EMBED_BATCH, EMBED_BATCH]);
  });

  it('tries again after a failed index instead of keeping the failure', async () => {
    let fail = true;
    const embed: Embed = async (texts) => {
      if (fail) throw new Error('down');
      return texts.map(standInVector);
    };
    const scorer = embeddingScorer(embed);
    await expect(scorer.score({ text: 'When are you open?', language: 'en' }, ENTRIES)).rejects.toThrow('down');
    fail = false;
    expect((await scorer.score({ text: 'When are you open?', language: 'en' }, ENTRIES))[0]!.faqId).toBe('opening-hours');
  });

  it('refuses vectors of different sizes and a wrong number of vectors', async () => {
    expect(() => cosine([1, 0], [1, 0, 0])).toThrow('sizes differ');
    const short: Embed = async () => [[1, 0]];
    await expect(embeddingScorer(short).score({ text: 'x', language: null }, ENTRIES)).rejects.toThrow('returned 1 vectors for 4 texts');
  });
});

describe('withFallback', () => {
  it('decides with the fallback when the primary scorer fails, and says so', async () => {
    const failing: FaqScorer = { score: async () => Promise.reject(new Error('timeout')) };
    const words: FaqScorer = { score: () => [{ faqId: 'opening-hours', confidence: 0.9, matchedTerms: ['open'] }] };
    const errors: unknown[] = [];
    const scorer = withFallback(failing, words, (e) => errors.push(e));
    expect(await scorer.score({ text: 'open?', language: 'en' }, ENTRIES)).toEqual([
      { faqId: 'opening-hours', confidence: 0.9, matchedTerms: ['open'] },
    ]);
    expect(errors).toHaveLength(1);
  });
});

describe('embedding sources', () => {
  let server: EmbeddingsStandIn;
  beforeAll(async () => {
    server = await startEmbeddingsServer();
  });
  afterAll(() => server.close());

  it('an OpenAI-compatible API: model, bearer key, vectors put back in input order by index', async () => {
    const embed = openAiCompatibleEmbed({ url: server.url, model: 'bge-m3', apiKey: 'sk-test' });
    const vectors = await embed(['When are you open?', 'gluten free bread']);
    expect(vectors).toEqual([standInVector('When are you open?'), standInVector('gluten free bread')]);
    expect(server.requests.at(-1)).toEqual({
      model: 'bge-m3',
      input: ['When are you open?', 'gluten free bread'],
      authorization: 'Bearer sk-test',
    });
  });

  it('an HTTP error is an error naming the endpoint and status', async () => {
    server.fail(1);
    await expect(openAiCompatibleEmbed({ url: server.url, model: 'm' })(['x'])).rejects.toThrow(`${server.url}/embeddings: HTTP 503`);
  });

  it('the Workers AI binding: {text: [...]} in, {shape, data} out', async () => {
    const runs: unknown[] = [];
    const ai = {
      run: async (model: string, input: { text: string[] }) => {
        runs.push({ model, input });
        return { shape: [input.text.length, 128], data: input.text.map(standInVector) };
      },
    };
    expect(await workersAiEmbed(ai)(['Hej'])).toEqual([standInVector('Hej')]);
    expect(runs).toEqual([{ model: '@cf/baai/bge-m3', input: { text: ['Hej'] } }]);
    const broken = { run: async () => ({ data: [] }) };
    await expect(workersAiEmbed(broken, '@cf/x')(['a'])).rejects.toThrow('Workers AI @cf/x: expected 1 embeddings');
  });
});
