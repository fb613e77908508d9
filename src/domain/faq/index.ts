// The FAQ matcher's public API (pure; the services layer reads messages and files and calls these).
export { LOCALE_PATTERN, primaryLanguage, type FaqEntry, type FaqMode } from './entry.ts';
export { formatFaqFile, formatFaqFileIssues, parseFaqFile, type FaqFileIssue, type FaqFileResult } from './faq-file.ts';
export { detectLanguage, type DetectedLanguage } from './language.ts';
export { lexicalScorer } from './lexical-scorer.ts';
export {
  DEFAULT_FAQ_THRESHOLD,
  faqQueryText,
  isListMail,
  matchFaq,
  replyLocale,
  type FaqDecision,
  type FaqMatchOptions,
  type FaqMessage,
} from './match.ts';
export { combineScorers, withFallback, type FaqCandidate, type FaqQuery, type FaqScorer } from './scorer.ts';
export { BGE_M3_CALIBRATION, embeddingScorer, type Embed, type EmbeddingCalibration } from './embedding-scorer.ts';
export { tokenize } from './tokenize.ts';
