// Where embedding vectors come from, for the FAQ's semantic scorer (src/domain/faq/embedding-scorer.ts):
// Workers AI through the Worker's AI binding, or any OpenAI-compatible /embeddings endpoint (Node and Deno,
// or a Worker without the binding). Each call is bounded in time; a failure is an error the scorer's
// fallback turns into a lexical-only decision.
import type { Embed } from '../domain/faq/embedding-scorer.ts';

export const DEFAULT_WORKERS_AI_MODEL = '@cf/baai/bge-m3';
const TIMEOUT_MS = 3000;

/** The part of the Workers AI binding used here. */
export interface AiBinding {
  run(model: string, input: { text: string[] }): Promise<unknown>;
}

function vectorsFrom(body: unknown, count: number, where: string): number[][] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== count) throw new Error(`${where}: expected ${count} embeddings in "data"`);
  return data.map((item: unknown) => {
    const vector = Array.isArray(item) ? item : (item as { embedding?: unknown } | null)?.embedding;
    if (!Array.isArray(vector) || !vector.every((x) => typeof x === 'number'))
      throw new Error(`${where}: expected numbers in each embedding`);
    return vector as number[];
  });
}

export function workersAiEmbed(ai: AiBinding, model = DEFAULT_WORKERS_AI_MODEL): Embed {
  return async (texts) => {
    const answer = await Promise.race([
      ai.run(model, { text: [...texts] }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`Workers AI ${model}: no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
    ]);
    return vectorsFrom(answer, texts.length, `Workers AI ${model}`);
  };
}

export interface OpenAiEmbeddingsOptions {
  /** The API's base URL, e.g. https://api.openai.com/v1 (the request goes to `${url}/embeddings`). */
  url: string;
  model: string;
  apiKey?: string | undefined;
  fetch?: typeof fetch;
}

export function openAiCompatibleEmbed(options: OpenAiEmbeddingsOptions): Embed {
  const endpoint = `${options.url.replace(/\/+$/, '')}/embeddings`;
  const doFetch = options.fetch ?? fetch;
  return async (texts) => {
    const res = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify({ model: options.model, input: texts, encoding_format: 'float' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`embeddings ${endpoint}: HTTP ${res.status}`);
    const body = (await res.json()) as { data?: { index?: number; embedding?: number[] }[] };
    // The API may answer out of order: `index` says which input each vector belongs to.
    const data = Array.isArray(body.data) ? [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)) : body.data;
    return vectorsFrom({ data }, texts.length, `embeddings ${endpoint}`);
  };
}
