// Which scorer the FAQ matcher uses: the embedded lexical one alone (the default, offline), or the lexical one
// combined with a semantic one when embeddings are configured: the Worker's AI binding (Workers AI), else an
// OpenAI-compatible FAQ_EMBEDDINGS_URL. A failing embeddings call falls back to lexical alone.
import type { Config } from '../config.ts';
import { embeddingScorer } from '../domain/faq/embedding-scorer.ts';
import { lexicalScorer } from '../domain/faq/lexical-scorer.ts';
import { combineScorers, withFallback, type FaqScorer } from '../domain/faq/scorer.ts';
import type { Logger } from '../log.ts';
import { type AiBinding, DEFAULT_WORKERS_AI_MODEL, openAiCompatibleEmbed, workersAiEmbed } from './embeddings.ts';

export function faqScorerFor(config: Config, ai: AiBinding | undefined, log: Logger): FaqScorer | undefined {
  const { url, model, apiKey } = config.faqEmbeddings;
  const embed = ai
    ? workersAiEmbed(ai, model ?? DEFAULT_WORKERS_AI_MODEL)
    : url
      ? openAiCompatibleEmbed({ url, model: model ?? 'bge-m3', apiKey })
      : undefined;
  if (!embed) return undefined;
  const lexical = lexicalScorer();
  const combined = combineScorers([lexical, embeddingScorer(embed, config.faqEmbeddingsCalibration)]);
  return withFallback(combined, lexical, (error) =>
    log.warn('faq: the semantic scorer failed; deciding on words alone', { error: error instanceof Error ? error.message : String(error) }),
  );
}
