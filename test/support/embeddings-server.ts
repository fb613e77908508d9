/**
 * TEST STAND-IN FOR AN EMBEDDINGS API. Not production code, never deploy it.
 *
 * A local HTTP server (127.0.0.1 only) that speaks the OpenAI embeddings API (`POST /v1/embeddings`
 * `{model, input: string | string[]}` → `{object: "list", data: [{object: "embedding", index, embedding}], model}`),
 * as OpenAI, Ollama, vLLM, LocalAI and Workers AI's OpenAI-compatible endpoint do, so that the FAQ's semantic
 * scorer is tested over real HTTP. Its vectors are not a language model's: each word (lower-cased, cut to its first
 * five letters, mapped through a small table of synonyms across sv/en) is hashed into one of 128 dimensions.
 * Texts that share words or their synonyms point the same way; others are near orthogonal.
 *
 * Faults: `fail(n)` answers the next n requests with 503; `delay(ms)` holds every answer. `requests` keeps each
 * request's model, inputs and Authorization header.
 */
import { createServer, type Server } from 'node:http';

const DIMENSIONS = 128;

// Words that mean the same to the stand-in "model" (its whole semantic knowledge).
const SYNONYMS: Record<string, string> = {
  öppet: 'open',
  öppna: 'open',
  öppettider: 'open',
  hours: 'open',
  time: 'open',
  lördag: 'saturday',
  weekend: 'saturday',
  gluten: 'gluten',
  glutenfri: 'gluten',
  celiac: 'gluten',
  coeliac: 'gluten',
};

function concept(word: string): string {
  const lower = word.toLowerCase();
  return SYNONYMS[lower] ?? lower.slice(0, 5);
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

/** The stand-in's vector for a text (unit length; zero for a text without words). */
export function standInVector(text: string): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) v[hash(concept(word)) % DIMENSIONS]! += 1;
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}

export interface EmbeddingsRequest {
  model: string;
  input: string[];
  authorization: string | undefined;
}

export interface EmbeddingsStandIn {
  url: string;
  requests: EmbeddingsRequest[];
  fail(times: number): void;
  delay(ms: number): void;
  close(): Promise<void>;
}

export async function startEmbeddingsServer(): Promise<EmbeddingsStandIn> {
  const requests: EmbeddingsRequest[] = [];
  let failures = 0;
  let delayMs = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        }, delayMs);
      };
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') return answer(404, { error: { message: 'not found' } });
      let body: { model?: unknown; input?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: { message: 'expected JSON' } });
      }
      const input = typeof body.input === 'string' ? [body.input] : body.input;
      if (typeof body.model !== 'string' || !Array.isArray(input) || !input.every((x) => typeof x === 'string')) {
        return answer(400, { error: { message: 'expected {model, input}' } });
      }
      requests.push({ model: body.model, input, authorization: req.headers.authorization });
      if (failures > 0) {
        failures--;
        return answer(503, { error: { message: 'overloaded' } });
      }
      // Answered in reverse order, as an API may: clients must use `index`.
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: standInVector(text) })).reverse();
      answer(200, { object: 'list', data, model: body.model });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    fail: (times) => {
      failures = times;
    },
    delay: (ms) => {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
